package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/problem"
)

// testClock is a hand-moved clock shared by a test's services.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openClocked opens the database at p with its own connections, like
// another desk would, on clock c.
func openClocked(t *testing.T, p place, c *testClock) *Service {
	t.Helper()
	s, _ := openService(t, p)
	s.now = c.now
	return s
}

// placeAt is where s's database is.
func placeAt(s *Service) place {
	p, _ := placeOf.Load(s.db)
	return p.(place)
}

// withAccount is a new database holding one counter account, on a clock.
func withAccount(t *testing.T) (*Service, *testClock, NewUser) {
	t.Helper()
	c := &testClock{t: fixedNow}
	s := openClocked(t, newPlace(t), c)
	in := validForm()
	in.Role = Counter
	if _, err := s.CreateUser(context.Background(), in, nil); err != nil {
		t.Fatal(err)
	}
	return s, c, in
}

// answer writes what a refusal says as "id id(Count)", the order kept.
func answer(err error) string {
	if err == nil {
		return "ok"
	}
	var parts []string
	for _, p := range problem.From(err) {
		if n, ok := p.Args["Count"]; ok {
			parts = append(parts, fmt.Sprintf("%s(%v)", p.ID, n))
		} else {
			parts = append(parts, p.ID)
		}
	}
	if len(parts) == 0 {
		return "non-problem: " + err.Error()
	}
	return strings.Join(parts, " ")
}

const (
	wrongPw = "not the password at all"
	invalid = "auth.signin.error.invalid"
)

func waitFor(minutes int) string { return fmt.Sprintf("auth.signin.error.tooMany(%d)", minutes) }

func TestLimitWaits(t *testing.T) {
	tests := []struct {
		name     string
		limit    limit
		failures int
		want     time.Duration
	}{
		{"account: four typos cost nothing", accountLimit(), 4, 0},
		{"account: the fifth waits", accountLimit(), 5, 30 * time.Second},
		{"account: then it doubles", accountLimit(), 6, time.Minute},
		{"account: the ninth", accountLimit(), 9, 8 * time.Minute},
		{"account: the tenth locks", accountLimit(), 10, time.Hour},
		{"account: and every one after", accountLimit(), 25, time.Hour},
		{"pc: nine failures of anyone cost nothing", pcLimit(), 9, 0},
		{"pc: the tenth waits", pcLimit(), 10, 30 * time.Second},
		{"pc: up to five minutes", pcLimit(), 14, 5 * time.Minute},
		{"pc: never locks", pcLimit(), 1000, 5 * time.Minute},
		{"passphrase: the fifth waits", passphraseLimit(), 5, 30 * time.Second},
		{"passphrase: up to an hour, never a lock", passphraseLimit(), 100, time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.limit.wait(tc.failures); got != tc.want {
				t.Errorf("wait(%d) = %v, want %v", tc.failures, got, tc.want)
			}
		})
	}
}

// The attack of the security test: 30 wrong passwords in 2.9 s, then the
// right one. Only AccountWaitAfter of them are checked, and the right one
// is refused until the wait is over. Before the limits, every one was
// checked and the right one let in.
func TestBruteForceIsRefused(t *testing.T) {
	s, c, in := withAccount(t)
	ctx := context.Background()
	checked := 0
	for range 30 {
		a, _ := s.SignIn(ctx, in.Username, wrongPw)
		if a.Checked {
			checked++
		}
		c.add(100 * time.Millisecond)
	}
	if checked != AccountWaitAfter {
		t.Errorf("%d of 30 guesses were checked, want %d", checked, AccountWaitAfter)
	}
	a, err := s.SignIn(ctx, in.Username, in.Password)
	if a.User != nil || answer(err) != waitFor(1) {
		t.Fatalf("the right password after 30 wrong ones: %+v, %s; want refused with %s", a, answer(err), waitFor(1))
	}
}

// The account's limit, step by step: four free tries, waits from the fifth
// failure (30 s, doubling), a lock at the tenth for an hour that refuses
// even the right password, and a clean count after the next sign-in.
func TestAccountLimitTimeline(t *testing.T) {
	s, c, in := withAccount(t)
	ctx := context.Background()
	steps := []struct {
		after    time.Duration // since the previous step
		password string
		want     string
		locked   bool // this failure locks the account
	}{
		{0, wrongPw, invalid, false},
		{0, wrongPw, invalid, false},
		{0, wrongPw, invalid, false},
		{0, wrongPw, invalid, false},
		{0, wrongPw, invalid + " " + waitFor(1), false},
		{0, in.Password, waitFor(1), false}, // refused unchecked: the right password too
		{30 * time.Second, wrongPw, invalid + " " + waitFor(1), false},
		{time.Minute, wrongPw, invalid + " " + waitFor(2), false},
		{2 * time.Minute, wrongPw, invalid + " " + waitFor(4), false},
		{4 * time.Minute, wrongPw, invalid + " " + waitFor(8), false},
		{8 * time.Minute, wrongPw, invalid + " " + waitFor(60), true},
		{59 * time.Minute, in.Password, waitFor(1), false},
		{time.Minute, in.Password, "ok", false},
		{0, wrongPw, invalid, false}, // the sign-in cleared the count
	}
	for i, st := range steps {
		c.add(st.after)
		a, err := s.SignIn(ctx, in.Username, st.password)
		if got := answer(err); got != st.want {
			t.Fatalf("step %d: %s, want %s", i, got, st.want)
		}
		if a.Locked != st.locked {
			t.Fatalf("step %d: Locked = %v, want %v", i, a.Locked, st.locked)
		}
		if strings.HasPrefix(st.want, invalid) && a.AccountID == 0 {
			t.Fatalf("step %d: the attempt does not name the account it was on", i)
		}
	}
}

// Guessing a username that no account has is answered exactly as guessing
// an account's password, waits and lock included, so the limits do not tell
// which usernames exist. A username no account could have counts on the
// PC's limit only: that tells nothing the username rules do not.
func TestUnknownUsernameAnswersLikeAnAccount(t *testing.T) {
	ctx := context.Background()
	// Guesses at once, then spaced so that some come inside the waits
	// and the later ones after each, up to the lock and into it.
	s, m := time.Second, time.Minute
	gaps := []time.Duration{0, 0, 0, 0, 0, 10 * s, 30 * s, 90 * s, 3 * m, 5 * m, 9 * m, 20 * m, 41 * m}
	sequence := func(username string) []string {
		s, c, _ := withAccount(t)
		var got []string
		for _, gap := range gaps {
			c.add(gap)
			_, err := s.SignIn(ctx, username, wrongPw)
			got = append(got, answer(err))
		}
		return got
	}
	account := sequence(validForm().Username)
	if !anyHas(account, waitFor(60)) {
		t.Fatalf("the account was never locked: %v", account)
	}
	if unknown := sequence("no.such.person"); strings.Join(unknown, "|") != strings.Join(account, "|") {
		t.Errorf("an unknown username is answered\n%v\nan account\n%v", unknown, account)
	}
	if impossible := sequence("not a username!"); anyHas(impossible, waitFor(60)) {
		t.Errorf("a username no account can have was locked: %v", impossible)
	}
}

// anyHas reports whether one of the answers holds s.
func anyHas(answers []string, s string) bool {
	for _, a := range answers {
		if strings.Contains(a, s) {
			return true
		}
	}
	return false
}

// Trying one password on many usernames: each username's own count stays
// low, and the PC's count slows every attempt after PCWaitAfter failures.
func TestManyUsernamesAreSlowedPerPC(t *testing.T) {
	s, c, in := withAccount(t)
	ctx := context.Background()
	for i := range PCWaitAfter {
		if _, err := s.SignIn(ctx, fmt.Sprintf("guess%02d", i), wrongPw); answer(err) != invalid && i < PCWaitAfter-1 {
			t.Fatalf("guess %d: %s", i, answer(err))
		}
		c.add(time.Second)
	}
	// The real user's right password waits too: whoever comes next to this
	// PC after a spray waits with it (at most PCMaxWait).
	if a, err := s.SignIn(ctx, in.Username, in.Password); a.User != nil || answer(err) != waitFor(1) {
		t.Fatalf("after %d failures on other usernames: %s, want %s", PCWaitAfter, answer(err), waitFor(1))
	}
	c.add(PCFirstWait)
	if a, err := s.SignIn(ctx, in.Username, in.Password); err != nil || a.User == nil {
		t.Fatalf("after the wait: %s", answer(err))
	}
}

// The counts live in the database: restarting the app does not reset them.
func TestCountsSurviveARestart(t *testing.T) {
	s, c, in := withAccount(t)
	ctx := context.Background()
	for range AccountWaitAfter {
		s.SignIn(ctx, in.Username, wrongPw)
	}
	again := openClocked(t, placeAt(s), c)
	if _, err := again.SignIn(ctx, in.Username, in.Password); answer(err) != waitFor(1) {
		t.Fatalf("after a restart: %s, want %s", answer(err), waitFor(1))
	}
}

// Two processes on one database, each firing guesses in parallel, get no
// more checks than one: the count is taken in the transaction that decides.
func TestParallelGuessesShareTheCount(t *testing.T) {
	s1, c, in := withAccount(t)
	s2 := openClocked(t, placeAt(s1), c)
	var wg sync.WaitGroup
	var mu sync.Mutex
	checked := 0
	for i := range 20 {
		s := s1
		if i%2 == 1 {
			s = s2
		}
		wg.Go(func() {
			a, err := s.SignIn(context.Background(), in.Username, wrongPw)
			if err != nil && problem.From(err) == nil {
				t.Errorf("guess %d: %v", i, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if a.Checked {
				checked++
			}
		})
	}
	wg.Wait()
	if checked != AccountWaitAfter {
		t.Errorf("%d of 20 parallel guesses were checked, want %d", checked, AccountWaitAfter)
	}
}

// Wrong passwords typed at the same moment on two desks all count, on the
// username's counter and on the PC's: none is lost to the other desk's
// write (each desk stalls between reading the counts and counting).
func TestFailuresAtTheSameMomentAllCount(t *testing.T) {
	ctx := context.Background()
	s1, c, in := withAccount(t)
	s2 := openClocked(t, placeAt(s1), c)
	stall := func() { time.Sleep(50 * time.Millisecond) }
	s1.beforeCount, s2.beforeCount = stall, stall
	const guesses = AccountWaitAfter - 1 // none of them waits
	var wg sync.WaitGroup
	for i := range guesses {
		s := s1
		if i%2 == 1 {
			s = s2
		}
		wg.Go(func() {
			if a, err := s.SignIn(ctx, in.Username, wrongPw); !a.Checked || answer(err) != invalid {
				t.Errorf("guess %d: checked %v, %s", i, a.Checked, answer(err))
			}
		})
	}
	wg.Wait()
	name, err := s1.nameCounter(ctx, in.Username)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{name.key, pcKey} {
		if n, _, err := readCounter(ctx, s1.db, key, c.now()); err != nil || n != guesses {
			t.Errorf("%s counts %d failures (%v), want %d", strings.TrimSuffix(key[:min(len(key), 5)], ":"), n, err, guesses)
		}
	}
	// The next wrong one is the AccountWaitAfter-th: it starts the wait.
	if _, err := s2.SignIn(ctx, in.Username, wrongPw); answer(err) != invalid+" "+waitFor(1) {
		t.Errorf("the %dth failure: %s, want %s %s", AccountWaitAfter, answer(err), invalid, waitFor(1))
	}
}

// lockOut guesses wrong on username, waiting out each wait, until the
// account locks; it returns when.
func lockOut(t *testing.T, s *Service, c *testClock, username string) time.Time {
	t.Helper()
	for range 2 * AccountLockAfter {
		a, err := s.SignIn(context.Background(), username, wrongPw)
		if a.Locked {
			return c.now()
		}
		for _, p := range problem.From(err) {
			if n, ok := p.Args["Count"].(int); ok {
				c.add(time.Duration(n) * time.Minute)
			}
		}
	}
	t.Fatal("the account never locked")
	return time.Time{}
}

// The administrator's list shows a lock until it ends, and the
// administrator's unlock lets the owner in at once.
func TestAdministratorUnlocks(t *testing.T) {
	s, c, in := withAccount(t)
	ctx := context.Background()
	at := lockOut(t, s, c, in.Username)
	list, err := s.Accounts(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("Accounts = %+v, %v", list, err)
	}
	if want := at.Add(AccountLockFor).UTC().Format(time.RFC3339); list[0].LockedUntil != want {
		t.Fatalf("LockedUntil = %q, want %q", list[0].LockedUntil, want)
	}
	c.add(time.Minute)
	acc, err := s.UnlockAccount(ctx, list[0].ID)
	if err != nil || acc.LockedUntil != "" || acc.Username != in.Username {
		t.Fatalf("UnlockAccount = %+v, %v", acc, err)
	}
	if a, err := s.SignIn(ctx, in.Username, in.Password); err != nil || a.User == nil {
		t.Fatalf("after the unlock: %s", answer(err))
	}
	if list, _ := s.Accounts(ctx); list[0].LockedUntil != "" {
		t.Errorf("still listed as locked: %+v", list[0])
	}
	if _, err := s.UnlockAccount(ctx, 9999); answer(err) != "auth.user.error.notFound" {
		t.Errorf("unlocking no account: %s", answer(err))
	}
	// A lock that ended by itself is not listed.
	lockOut(t, s, c, in.Username)
	c.add(AccountLockFor)
	if list, _ := s.Accounts(ctx); list[0].LockedUntil != "" {
		t.Errorf("a lock that has ended is listed: %+v", list[0])
	}
}

// What was typed as a username is not kept readable (it may be a password
// typed in the wrong box), and leaves the table once forgotten.
func TestTypedUsernamesAreNotKept(t *testing.T) {
	s, c, _ := withAccount(t)
	ctx := context.Background()
	const typed = "sakura2024tokyo"
	s.SignIn(ctx, typed, wrongPw)
	keys := func() string {
		rows, err := s.db.QueryContext(ctx, `SELECT key FROM auth_attempts`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var all []string
		for rows.Next() {
			var k string
			rows.Scan(&k)
			all = append(all, k)
		}
		return strings.Join(all, " ")
	}
	if k := keys(); strings.Contains(k, typed) || !strings.Contains(k, namePrefix) {
		t.Fatalf("auth_attempts keys %q", k)
	}
	c.add(AccountForget)
	s.SignIn(ctx, "someone.else", wrongPw)
	if k := keys(); strings.Count(k, namePrefix) != 1 {
		t.Errorf("a forgotten username's count is still stored: %q", k)
	}
}

// The data passphrase waits as a password does, and never locks.
func TestDataPassphraseLimit(t *testing.T) {
	s, c, _ := withAccount(t)
	ctx := context.Background()
	errWrong := problem.New("vault.error.wrongPassphrase", nil)
	tries := 0
	wrong := func() (bool, error) { tries++; return true, errWrong }
	right := func() (bool, error) { tries++; return false, nil }
	broken := func() (bool, error) { tries++; return false, errors.New("disk on fire") }
	passWait := func(n int) string { return fmt.Sprintf("auth.passphrase.error.tooMany(%d)", n) }
	steps := []struct {
		after time.Duration
		try   func() (bool, error)
		want  string
		tried bool
	}{
		{0, broken, "non-problem: disk on fire", true}, // not a wrong passphrase: not counted
		{0, wrong, "vault.error.wrongPassphrase", true},
		{0, wrong, "vault.error.wrongPassphrase", true},
		{0, wrong, "vault.error.wrongPassphrase", true},
		{0, wrong, "vault.error.wrongPassphrase", true},
		{0, wrong, "vault.error.wrongPassphrase " + passWait(1), true},
		{10 * time.Second, right, passWait(1), false},
		{20 * time.Second, right, "ok", true},
		{0, wrong, "vault.error.wrongPassphrase", true}, // the right one cleared the count
	}
	for i, st := range steps {
		c.add(st.after)
		before := tries
		err := s.DataPassphrase(ctx, st.try)
		if got := answer(err); got != st.want {
			t.Fatalf("step %d: %s, want %s", i, got, st.want)
		}
		if tried := tries > before; tried != st.tried {
			t.Fatalf("step %d: passphrase tried %v, want %v", i, tried, st.tried)
		}
	}
}
