package auth

import "time"

// Limits on guessing passwords. The security test of issue "Data protection
// under attack" (#6) signed in wrongly 30 times in 2.9 s and was then let in
// with the right password; the idle lock's password and the data passphrase
// took guesses as fast. Every password Madoguchi checks now goes through a
// counter kept in the database (auth_attempts), so that restarting the app
// does not reset it and two windows on one database share it.
//
// What the numbers are measured against:
//
//   - OWASP ASVS 4.0.3, V2.2.1: soft lockouts, rate limiting or ever
//     increasing delays, such that no more than 100 failed attempts per hour
//     are possible on a single account. NIST SP 800-63B §5.2.2 likewise limits
//     consecutive failed attempts on one account to 100.
//   - OWASP Authentication Cheat Sheet, "Account Lockout": a threshold, an
//     observation window and a lockout duration; a lockout that also ends by
//     itself, because anyone who knows a username can lock its owner out; and
//     the same answer whether or not the account exists.
//   - Japan: the Personal Information Protection Commission names "stopping an
//     ID after a set number of failed log-ins" among the measures for
//     identifying and authenticating who reaches personal data (FAQ Q10-19 of
//     its guidelines, https://www.ppc.go.jp/all_faq_index/faq1-q10-19/), and
//     sets no number. Municipal rules that set one are stricter than ours: the
//     Basic Resident Register Network terminals of Inabe City lock a user ID at
//     the third wrong password until its manager resets it
//     (いなべ市住民基本台帳ネットワークシステム構成機器パスワード取扱要領, art. 3(4)).
//     We found no number in MIC's information security policy guideline for
//     local governments.
//
// Why not lock at 3, as the resident register does: our passwords are at
// least 12 characters (often typed through a Japanese IME), so honest typos
// are commoner, and a lock that only an administrator can lift leaves a
// counter without its clerk when no administrator is at hand. Four free
// tries and then growing waits cost the honest user little, and an attacker
// gets 10 guesses in the first quarter hour and one an hour after that
// (about 33 a day), a hundred times fewer than ASVS allows.

// Per username (known or not: see SignIn), counting failed attempts in a
// row since the last successful sign-in or administrator's unlock.
const (
	// AccountWaitAfter is the failure after which each next attempt waits:
	// AccountFirstWait after the 5th, doubling with each further failure
	// (30 s, 1, 2, 4, 8 minutes).
	AccountWaitAfter = 5
	AccountFirstWait = 30 * time.Second
	// AccountLockAfter failures lock the account for AccountLockFor, or
	// until an administrator unlocks it (Admin screen). Each failure after a
	// lock has ended locks it again, until the count is forgotten.
	AccountLockAfter = 10
	AccountLockFor   = time.Hour
	// AccountForget: a count with no failure for a day starts again, so a
	// few typos a week never add up to a lock.
	AccountForget = 24 * time.Hour
)

// Per PC: every failed sign-in on this database, whatever the username
// (unknown ones included), so that trying one likely password on many
// usernames is slowed too. It never locks: that would shut every clerk of
// the counter out. Successful sign-ins do not reset it (an insider could
// otherwise clear it by signing in as themselves); a pause does.
const (
	// PCWaitAfter failures without a pause of PCForget slow every next
	// attempt, of any user: PCFirstWait, doubling up to PCMaxWait. A busy
	// counter makes a few typos an hour; ten inside a quarter of an hour is
	// someone guessing. At the longest wait an attacker gets 12 tries an hour
	// across all usernames.
	PCWaitAfter = 10
	PCFirstWait = 30 * time.Second
	PCMaxWait   = 5 * time.Minute
	PCForget    = 15 * time.Minute
)

// The data passphrase ("Open the data", app/desk/protection.go), per
// database. It waits but never locks: the administrator typing it is the
// one who would have to lift the lock.
const (
	PassphraseWaitAfter = 5
	PassphraseFirstWait = 30 * time.Second
	PassphraseMaxWait   = time.Hour
	PassphraseForget    = 24 * time.Hour
)

// UnlockTries is how many wrong passwords the idle-locked screen takes
// before the desk signs its user out. Whoever types at a locked desk is most
// likely not its user, and the user loses nothing by signing in again;
// the tries also count on the user's own counter above.
const UnlockTries = 3

// limit is the rule of one counter.
type limit struct {
	waitAfter int           // the failure after which each next attempt waits
	firstWait time.Duration // the wait after failure waitAfter; it doubles with each further one
	maxWait   time.Duration // the longest of the doubling waits
	lockAfter int           // failures that lock for lockFor; 0: never
	lockFor   time.Duration
	forget    time.Duration // a count whose newest failure is this old starts again
}

func accountLimit() limit {
	return limit{waitAfter: AccountWaitAfter, firstWait: AccountFirstWait, maxWait: AccountLockFor,
		lockAfter: AccountLockAfter, lockFor: AccountLockFor, forget: AccountForget}
}

func pcLimit() limit {
	return limit{waitAfter: PCWaitAfter, firstWait: PCFirstWait, maxWait: PCMaxWait, forget: PCForget}
}

func passphraseLimit() limit {
	return limit{waitAfter: PassphraseWaitAfter, firstWait: PassphraseFirstWait, maxWait: PassphraseMaxWait,
		forget: PassphraseForget}
}

// locks reports whether n failures lock.
func (l limit) locks(n int) bool { return l.lockAfter > 0 && n >= l.lockAfter }

// wait is how long after the newest of n failures the next attempt waits.
func (l limit) wait(n int) time.Duration {
	switch {
	case l.locks(n):
		return l.lockFor
	case n < l.waitAfter:
		return 0
	}
	w := l.firstWait
	for i := l.waitAfter; i < n && w < l.maxWait; i++ {
		w *= 2
	}
	return min(w, l.maxWait)
}

// count is n failures, the newest at last, as they stand at now: none
// once the count is forgotten.
func (l limit) count(n int, last, now time.Time) int {
	if now.Sub(last) >= l.forget {
		return 0
	}
	return n
}

// remaining is how long from now the next attempt must still wait.
func (l limit) remaining(n int, last, now time.Time) time.Duration {
	n = l.count(n, last, now)
	return max(last.Add(l.wait(n)).Sub(now), 0)
}
