package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"madoguchi/app/problem"
)

// errInvalid is the one answer for an unknown username or a wrong password,
// so the sign-in screen cannot be used to find out which usernames exist.
func errInvalid() *problem.Problem { return problem.New("auth.signin.error.invalid", nil) }

// Attempt is how one sign-in attempt ended, for the caller's audit trail.
// It must not reach the window: AccountID tells whether a username exists.
type Attempt struct {
	User      *User // the account, signed in; nil unless the password was right and the account usable
	AccountID int64 // the account the username names; 0 when none
	Checked   bool  // the password was checked; false when refused before, while a limit said wait
	Locked    bool  // this wrong password locked the username for AccountLockFor
}

// SignIn checks a username and password under the limits of limits.go and
// returns the account in Attempt.User.
//
// Nothing it answers says whether the username exists:
//   - an unknown username is checked against a dummy hash, so it takes as
//     long as a wrong password;
//   - every username an account could have (checkUsername accepts it) has its
//     own counter whether an account has it or not, so an unknown one waits
//     and locks exactly as an account would after as many failures; a locked
//     account answers "too many attempts, wait N minutes" as the unknown
//     username does, never "locked", and refuses even the right password;
//   - a username no account can have counts on the PC's counter only, which
//     tells an attacker nothing the rules for usernames do not.
//
// What it cannot hide: the owner's successful sign-in clears the username's
// count, as an administrator's unlock does. Someone who failed on a username
// and then finds it no longer waiting, before its time, learns that it
// exists and that it was used meanwhile. And an account whose hash still has
// older parameters answers at their cost until its next sign-in rehashes it.
//
// A wrong password that starts a wait answers both problems: wrong, and how
// long to wait. A disabled account is refused with its own problem, but only
// after the right password, so it reveals nothing to someone guessing.
func (s *Service) SignIn(ctx context.Context, username, password string) (Attempt, error) {
	name := normalizeUsername(username)
	cs, err := s.signInCounters(ctx, name)
	if err != nil {
		return Attempt{}, fmt.Errorf("sign in: %w", err)
	}
	r, err := s.reserve(ctx, cs)
	if err != nil {
		return Attempt{}, fmt.Errorf("sign in: %w", err)
	}
	if r.wait > 0 {
		return Attempt{}, tooMany("auth.signin.error.tooMany", r.wait)
	}
	acc, ok, err := s.check(ctx, name, password)
	if err != nil {
		return Attempt{}, errors.Join(err, s.settle(ctx, cs, r, noVerdict, nil))
	}
	a := Attempt{Checked: true}
	if acc != nil {
		a.AccountID = acc.ID
	}
	if !ok {
		a.Locked = len(cs) > 1 && accountLimit().locks(r.failures)
		return a, wrongPassword(r.next)
	}
	if err := s.settle(ctx, cs, r, right, s.rehash(ctx, acc, password)); err != nil {
		return a, fmt.Errorf("sign in: %w", err)
	}
	if acc.disabled {
		return a, problem.New("auth.signin.error.disabled", nil)
	}
	a.User = &acc.User
	return a, nil
}

// wrongPassword is the answer to a wrong password, with the wait it starts.
func wrongPassword(next time.Duration) error {
	if next <= 0 {
		return errInvalid()
	}
	return problem.List{errInvalid(), tooMany("auth.signin.error.tooMany", next)}
}

// signInCounters are the counters a sign-in as name goes through: the
// username's own, when an account could have it, and the PC's.
func (s *Service) signInCounters(ctx context.Context, name string) ([]counter, error) {
	pc := counter{key: pcKey, limit: pcLimit()}
	if checkUsername(name) != nil {
		return []counter{pc}, nil
	}
	own, err := s.nameCounter(ctx, name)
	if err != nil {
		return nil, err
	}
	return []counter{own, pc}, nil
}

// stored is an account with what only this package reads.
type stored struct {
	User
	phc      string
	disabled bool
}

// check verifies password against the account named name, or against the
// dummy hash when there is none (acc nil), at the same cost.
func (s *Service) check(ctx context.Context, name, password string) (acc *stored, ok bool, err error) {
	acc, err = s.lookup(ctx, name)
	if err != nil {
		return nil, false, err
	}
	phc := ""
	if acc != nil {
		phc = acc.phc
	} else if phc, err = s.dummy.get(s.cost); err != nil {
		return nil, false, fmt.Errorf("authenticate: %w", err)
	}
	ok, err = VerifyPassword(phc, password)
	switch {
	case err != nil && acc != nil:
		return nil, false, fmt.Errorf("authenticate user %d: %w", acc.ID, err)
	case err != nil:
		return nil, false, fmt.Errorf("authenticate: dummy hash: %w", err)
	}
	return acc, ok && acc != nil, nil
}

// lookup reads the account named name; nil when there is none.
func (s *Service) lookup(ctx context.Context, name string) (*stored, error) {
	row := s.db.QueryRowContext(ctx,
		`SELECT `+userColumns+`, password_hash, disabled FROM users WHERE username = ?`, name)
	var acc stored
	var role string
	err := row.Scan(&acc.ID, &acc.Username, &acc.DisplayName, &role, &acc.StaffLanguage, &acc.Org, &acc.phc, &acc.disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: read user: %w", err)
	}
	acc.Role = Role(role)
	return &acc, nil
}

// rehash returns what replaces the account's hash, made with older
// parameters, by one at s.cost, in the transaction that settles the sign-in;
// nil when it is current. The hash is made before (it is slow, and the
// transaction holds the database's write lock), and replaces only the hash
// it was checked against, so a password changed meanwhile is kept.
func (s *Service) rehash(ctx context.Context, acc *stored, password string) func(*sql.Tx) error {
	if !needsRehash(acc.phc, s.cost) {
		return nil
	}
	phc, err := hashPassword(password, s.cost)
	return func(tx *sql.Tx) error {
		if err != nil {
			return fmt.Errorf("rehash user %d: %w", acc.ID, err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?`,
			phc, timestamp(s.now()), acc.ID, acc.phc)
		if err != nil {
			return fmt.Errorf("rehash user %d: %w", acc.ID, err)
		}
		return nil
	}
}
