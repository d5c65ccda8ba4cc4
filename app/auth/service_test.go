package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

var fixedNow = time.Date(2025, 4, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))

// place is where a test's database is (testdb.Place): a second
// openService on it is a second desk, with its own connections.
type place struct{ dir, url string }

func newPlace(t *testing.T) place {
	dir, url := testdb.Place(t)
	return place{dir, url}
}

// placeOf is the place each open database is at, for tests that open a
// second desk on a service's database.
var placeOf sync.Map // *store.DB → place

// openService opens (or reopens) the database at p, migrated.
func openService(t *testing.T, p place) (*Service, *store.DB) {
	t.Helper()
	db := testdb.OpenAt(t, p.dir, p.url)
	placeOf.Store(db, p)
	if err := db.Migrate(context.Background(), Migrations); err != nil {
		t.Fatal(err)
	}
	return New(db, func() time.Time { return fixedNow }).WithHashCost(testCost), db
}

// authenticate is SignIn for tests that need only the account.
func authenticate(s *Service, username, password string) (*User, error) {
	a, err := s.SignIn(context.Background(), username, password)
	return a.User, err
}

func newService(t *testing.T) *Service {
	t.Helper()
	s, _ := openService(t, newPlace(t))
	return s
}

// onlyProblem returns the single problem in err, failing otherwise.
func onlyProblem(t *testing.T, err error) *problem.Problem {
	t.Helper()
	ps := problem.From(err)
	if len(ps) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	return ps[0]
}

func TestFirstAdmin(t *testing.T) {
	ctx := context.Background()
	s := newService(t)

	needs, err := s.NeedsAdmin(ctx)
	if err != nil || !needs {
		t.Fatalf("NeedsAdmin on empty file = %v, %v; want true", needs, err)
	}
	in := validForm()
	in.Role = Counter // must be overridden
	u, err := s.CreateFirstAdmin(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != Admin || u.ID == 0 || u.Username != "tanaka.hanako" {
		t.Fatalf("first admin = %+v", u)
	}
	needs, err = s.NeedsAdmin(ctx)
	if err != nil || needs {
		t.Fatalf("NeedsAdmin after first admin = %v, %v; want false", needs, err)
	}

	second := validForm()
	second.Username = "suzuki"
	_, err = s.CreateFirstAdmin(ctx, second, nil)
	if p := onlyProblem(t, err); p.ID != "auth.error.adminExists" || p.Field != "" {
		t.Fatalf("second CreateFirstAdmin: %+v", p)
	}
	if list, _ := s.List(ctx); len(list) != 1 {
		t.Fatalf("%d users after refused second admin, want 1", len(list))
	}
}

func TestCreateFirstAdminValidates(t *testing.T) {
	s := newService(t)
	in := validForm()
	in.Role = "" // forced to admin, so no role problem
	in.Password, in.Confirm = "short", "short"
	_, err := s.CreateFirstAdmin(context.Background(), in, nil)
	if got := fieldIDs(err); got != "password=auth.user.password.error.tooShort" {
		t.Fatalf("got %q", got)
	}
	if needs, _ := s.NeedsAdmin(context.Background()); !needs {
		t.Fatal("an invalid form created a user")
	}
}

// Two first-run windows racing must not both create an admin.
func TestCreateFirstAdminRace(t *testing.T) {
	ctx := context.Background()
	path := newPlace(t)
	s1, _ := openService(t, path)
	s2, _ := openService(t, path) // separate connection pool, like a second process
	// Stall inside the transaction: were the check outside it, every racer
	// would pass the check during the stall and all would insert.
	stall := func() { time.Sleep(50 * time.Millisecond) }
	s1.beforeInsert, s2.beforeInsert = stall, stall
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		s := s1
		if i%2 == 1 {
			s = s2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := validForm()
			in.Username = "admin" + string(rune('a'+i))
			_, errs[i] = s.CreateFirstAdmin(ctx, in, nil)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case len(problem.From(err)) == 1 && problem.From(err)[0].ID == "auth.error.adminExists":
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d admins created, want exactly 1", ok)
	}
}

// Two desks creating the same username at once: one account, and the
// other desk is told the username is taken (not a database error).
func TestSameUsernameAtOnce(t *testing.T) {
	ctx := context.Background()
	at := newPlace(t)
	s1, _ := openService(t, at)
	s2, _ := openService(t, at)
	stall := func() { time.Sleep(50 * time.Millisecond) }
	s1.beforeInsert, s2.beforeInsert = stall, stall
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		s := s1
		if i%2 == 1 {
			s = s2
		}
		wg.Go(func() {
			in := validForm()
			in.DisplayName = fmt.Sprintf("desk %d", i)
			_, errs[i] = s.CreateUser(ctx, in, nil)
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch got := fieldIDs(err); {
		case err == nil:
			ok++
		case got != "username=auth.user.username.error.taken":
			t.Errorf("a second account of the same username: %v", err)
		}
	}
	if list, err := s1.List(ctx); err != nil || len(list) != 1 || ok != 1 {
		t.Fatalf("%d creations succeeded, %d accounts (%v); want exactly 1", ok, len(list), err)
	}
}

func TestCreateUserDuplicate(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	if _, err := s.CreateUser(ctx, validForm(), nil); err != nil {
		t.Fatal(err)
	}
	dup := validForm()
	dup.Username = "  TANAKA.Hanako" // same after normalising
	dup.DisplayName = "別の人"
	_, err := s.CreateUser(ctx, dup, nil)
	if got := fieldIDs(err); got != "username=auth.user.username.error.taken" {
		t.Fatalf("got %q", got)
	}
}

func TestCreateUserValidationProblems(t *testing.T) {
	s := newService(t)
	in := validForm()
	in.Role = "root"
	in.Confirm = "different-password"
	_, err := s.CreateUser(context.Background(), in, nil)
	if got := fieldIDs(err); got != "role=auth.user.role.error.invalid confirm=auth.user.confirm.error.mismatch" {
		t.Fatalf("got %q", got)
	}
}

func TestPasswordStoredAsHash(t *testing.T) {
	ctx := context.Background()
	path := newPlace(t)
	s, db := openService(t, path)
	in := validForm()
	u, err := s.CreateUser(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	var phc string
	if err := db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&phc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$") || strings.Contains(phc, in.Password) {
		t.Fatalf("stored password_hash is not an Argon2id PHC string")
	}
	if ok, err := VerifyPassword(phc, in.Password); err != nil || !ok {
		t.Fatalf("stored hash does not verify: %v %v", ok, err)
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	in := validForm()
	created, err := s.CreateUser(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}

	u, err := authenticate(s, "Tanaka.Hanako ", in.Password)
	if err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if *u != *created {
		t.Fatalf("Authenticate = %+v, want %+v", u, created)
	}

	refusals := map[string][2]string{
		"wrong password":       {in.Username, in.Password + "x"},
		"unknown user":         {"nobody", in.Password},
		"empty password":       {in.Username, ""},
		"empty everything":     {"", ""},
		"password of username": {"suzuki", in.Password},
	}
	var texts []string
	for name, c := range refusals {
		t.Run(name, func(t *testing.T) {
			u, err := authenticate(s, c[0], c[1])
			if u != nil {
				t.Fatal("returned a user")
			}
			p := onlyProblem(t, err)
			if p.ID != "auth.signin.error.invalid" || p.Field != "" || p.Args != nil {
				t.Fatalf("got %+v", p)
			}
			checkNoSecrets(t, err, in.Password)
			texts = append(texts, err.Error())
		})
	}
	for _, txt := range texts[1:] {
		if txt != texts[0] {
			t.Fatalf("refusals differ: %q vs %q", txt, texts[0])
		}
	}
}

// The unknown-user path must spend an Argon2 check, so timing does not tell
// a missing username from a wrong password.
func TestAuthenticateUnknownUsesDummyHash(t *testing.T) {
	s := newService(t)
	if s.dummy.phc != "" {
		t.Fatal("dummy hash made before use")
	}
	_, _ = authenticate(s, "nobody", "whatever password")
	if !strings.HasPrefix(s.dummy.phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unknown user was not checked against a dummy hash with current params")
	}
}

func TestAuthenticateDisabled(t *testing.T) {
	ctx := context.Background()
	path := newPlace(t)
	s, db := openService(t, path)
	in := validForm()
	u, err := s.CreateUser(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE users SET disabled = 1 WHERE id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = authenticate(s, in.Username, in.Password)
	if p := onlyProblem(t, err); p.ID != "auth.signin.error.disabled" {
		t.Fatalf("right password on disabled account: %+v", p)
	}
	_, err = authenticate(s, in.Username, "wrong password here")
	if p := onlyProblem(t, err); p.ID != "auth.signin.error.invalid" {
		t.Fatalf("wrong password on disabled account must not reveal it: %+v", p)
	}
}

func TestAuthenticateDamagedHash(t *testing.T) {
	ctx := context.Background()
	path := newPlace(t)
	s, db := openService(t, path)
	in := validForm()
	if _, err := s.CreateUser(ctx, in, nil); err != nil {
		t.Fatal(err)
	}
	const damaged = "$argon2id$v=19$garbage-value"
	if _, err := db.ExecContext(ctx, `UPDATE users SET password_hash = ?`, damaged); err != nil {
		t.Fatal(err)
	}
	_, err := authenticate(s, in.Username, in.Password)
	if err == nil || len(problem.From(err)) != 0 || !errors.Is(err, ErrMalformedHash) {
		t.Fatalf("damaged hash: got %v, want a non-problem ErrMalformedHash", err)
	}
	if strings.Contains(err.Error(), "garbage") || strings.Contains(err.Error(), in.Password) {
		t.Fatal("error text reveals the hash or password")
	}
}

func TestGetListSetStaffLanguage(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	list, err := s.List(ctx)
	if err != nil || list == nil || len(list) != 0 {
		t.Fatalf("List on empty = %#v, %v; want empty non-nil", list, err)
	}
	b := validForm()
	b.Username, b.Role = "yamada", Supervisor
	a := validForm()
	a.Username, a.Role, a.StaffLanguage = "abe", NGO, "en"
	for _, in := range []NewUser{b, a} {
		if _, err := s.CreateUser(ctx, in, nil); err != nil {
			t.Fatal(err)
		}
	}
	list, err = s.List(ctx)
	if err != nil || len(list) != 2 || list[0].Username != "abe" || list[1].Username != "yamada" {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if list[0].StaffLanguage != "en" || list[0].Role != NGO {
		t.Fatalf("abe = %+v", list[0])
	}

	got, err := s.Get(ctx, list[1].ID)
	if err != nil || *got != list[1] {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	_, err = s.Get(ctx, 9999)
	if p := onlyProblem(t, err); p.ID != "auth.user.error.notFound" {
		t.Fatalf("Get missing: %+v", p)
	}

	tests := []struct {
		name string
		id   int64
		tag  string
		want string // staffLanguage after, or the problem "field=id"
	}{
		{"japanese", list[1].ID, "ja", "ja"},
		{"canonicalised", list[1].ID, "pt-br", "pt-BR"},
		{"empty", list[1].ID, "", "staffLanguage=auth.user.staffLanguage.error.invalid"},
		{"garbage", list[1].ID, "日本語", "staffLanguage=auth.user.staffLanguage.error.invalid"},
		{"unknown user", 9999, "ja", "=auth.user.error.notFound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := s.SetStaffLanguage(ctx, tc.id, tc.tag)
			if err != nil {
				if got := fieldIDs(err); got != tc.want {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
				return
			}
			if u.StaffLanguage != tc.want {
				t.Fatalf("staffLanguage = %q, want %q", u.StaffLanguage, tc.want)
			}
			again, _ := s.Get(ctx, tc.id)
			if again.StaffLanguage != tc.want {
				t.Fatalf("not saved: %q", again.StaffLanguage)
			}
		})
	}
}

func TestIdleMinutes(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	if n, err := s.IdleMinutes(ctx); err != nil || n != 5 {
		t.Fatalf("default IdleMinutes = %d, %v; want 5", n, err)
	}
	tests := []struct {
		set     int
		wantErr bool
		after   int
	}{
		{10, false, 10},
		{1, false, 1},
		{60, false, 60},
		{0, true, 60},
		{61, true, 60},
		{-5, true, 60},
		{15, false, 15},
	}
	for _, tc := range tests {
		got, err := s.SetIdleMinutes(ctx, tc.set)
		if tc.wantErr {
			p := onlyProblem(t, err)
			if p.Field != "idleMinutes" || p.ID != "auth.settings.idleMinutes.error.range" {
				t.Fatalf("SetIdleMinutes(%d): %+v", tc.set, p)
			}
			checkArgsMatchCatalog(t, p)
		} else if err != nil || got != tc.set {
			t.Fatalf("SetIdleMinutes(%d) = %d, %v", tc.set, got, err)
		}
		if n, err := s.IdleMinutes(ctx); err != nil || n != tc.after {
			t.Fatalf("after SetIdleMinutes(%d): IdleMinutes = %d, %v; want %d", tc.set, n, err, tc.after)
		}
	}
}

func TestIdleMinutesDamaged(t *testing.T) {
	ctx := context.Background()
	s, db := openService(t, newPlace(t))
	if _, err := db.ExecContext(ctx, `INSERT INTO auth_settings(key, value) VALUES ('idle_minutes', 'soon')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IdleMinutes(ctx); err == nil {
		t.Fatal("a damaged setting was accepted")
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := newPlace(t)
	s, db := openService(t, path)
	in := validForm()
	created, err := s.CreateFirstAdmin(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetIdleMinutes(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, _ = openService(t, path)
	if needs, err := s.NeedsAdmin(ctx); err != nil || needs {
		t.Fatalf("after reopen NeedsAdmin = %v, %v", needs, err)
	}
	u, err := authenticate(s, in.Username, in.Password)
	if err != nil || *u != *created {
		t.Fatalf("after reopen Authenticate = %+v, %v", u, err)
	}
	if n, err := s.IdleMinutes(ctx); err != nil || n != 12 {
		t.Fatalf("after reopen IdleMinutes = %d, %v", n, err)
	}
}

func TestSetOrg(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	ngo, err := s.CreateUser(ctx, NewUser{Username: "ngo1", DisplayName: "N", Role: NGO, Password: "correct horse battery", Confirm: "correct horse battery"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	counter, err := s.CreateUser(ctx, NewUser{Username: "counter1", DisplayName: "C", Role: Counter, Password: "correct horse battery", Confirm: "correct horse battery"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.SetOrg(ctx, ngo.ID, "issj", nil)
	if err != nil || u.Org != "issj" {
		t.Fatalf("SetOrg = %+v, %v", u, err)
	}
	if got, _ := authenticate(s, "ngo1", "correct horse battery"); got == nil || got.Org != "issj" {
		t.Errorf("signed-in user = %+v, want org issj", got)
	}
	if _, err := s.SetOrg(ctx, counter.ID, "issj", nil); problem.From(err) == nil || problem.From(err)[0].ID != "auth.user.org.error.notNgo" {
		t.Errorf("org for a counter account: %v", err)
	}
}

// refuse is an audit hook that cannot record, as when the disk is full.
var errCannotRecord = errors.New("cannot record")

func refuse(context.Context, *sql.Tx, int64) error { return errCannotRecord }

// TestUnrecordedAccountChangesDoNotHappen: an account created, or given an
// organisation, whose audit record fails (the hook runs in the same
// transaction) does not exist or keeps its organisation.
func TestUnrecordedAccountChangesDoNotHappen(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	var recorded []int64
	record := func(_ context.Context, _ *sql.Tx, id int64) error { recorded = append(recorded, id); return nil }

	if _, err := s.CreateFirstAdmin(ctx, validForm(), refuse); !errors.Is(err, errCannotRecord) {
		t.Fatalf("first admin, unrecorded: %v", err)
	}
	if needs, err := s.NeedsAdmin(ctx); err != nil || !needs {
		t.Fatalf("an unrecorded first admin exists: needs admin %v, %v", needs, err)
	}
	ngo := NewUser{Username: "ngo1", DisplayName: "N", Role: NGO, Password: "correct horse battery", Confirm: "correct horse battery"}
	if _, err := s.CreateUser(ctx, ngo, refuse); !errors.Is(err, errCannotRecord) {
		t.Fatalf("account, unrecorded: %v", err)
	}
	if _, err := authenticate(s, "ngo1", "correct horse battery"); problem.From(err) == nil {
		t.Fatalf("an unrecorded account can sign in: %v", err)
	}
	u, err := s.CreateUser(ctx, ngo, record)
	if err != nil || len(recorded) != 1 || recorded[0] != u.ID {
		t.Fatalf("recorded account %+v, %v: hook given %v", u, err, recorded)
	}
	if _, err := s.SetOrg(ctx, u.ID, "issj", refuse); !errors.Is(err, errCannotRecord) {
		t.Fatalf("org, unrecorded: %v", err)
	}
	if got, _ := s.Get(ctx, u.ID); got.Org != "" {
		t.Errorf("unrecorded organisation kept: %q", got.Org)
	}
}

// A stored hash made with other parameters (the OWASP minimum of earlier
// versions) is replaced at the next successful sign-in, and only then.
func TestSignInRehashesOldHashes(t *testing.T) {
	ctx := context.Background()
	s, db := openService(t, newPlace(t))
	in := validForm()
	if _, err := s.CreateUser(ctx, in, nil); err != nil {
		t.Fatal(err)
	}
	old, err := hashPassword(in.Password, HashCost{MemoryKiB: 19456, Passes: 2, Lanes: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE users SET password_hash = ?`, old); err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		var phc string
		if err := db.QueryRowContext(ctx, `SELECT password_hash FROM users`).Scan(&phc); err != nil {
			t.Fatal(err)
		}
		return phc
	}
	authenticate(s, in.Username, "not the password at all")
	if stored() != old {
		t.Fatal("a wrong password changed the stored hash")
	}
	if _, err := authenticate(s, in.Username, in.Password); err != nil {
		t.Fatal(err)
	}
	if now := stored(); now == old || !strings.HasPrefix(now, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash after sign-in %q: not rehashed at the service's cost", now)
	}
	if _, err := authenticate(s, in.Username, in.Password); err != nil {
		t.Fatalf("the rehashed password does not sign in: %v", err)
	}
}
