package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"time"

	"madoguchi/app/problem"
)

// Keys of auth_attempts (migrations/003_attempts.sql).
const (
	pcKey         = "pc"
	passphraseKey = "passphrase"
	namePrefix    = "name:"
	// attemptKeySetting names the auth_settings row holding the HMAC key of
	// name counters.
	attemptKeySetting = "attempt_key"
)

// counter is one row of auth_attempts under its limit.
type counter struct {
	key   string
	limit limit
	// clearOnSuccess: a right password clears this count (the username's);
	// otherwise it only takes back the failure counted in advance (the PC's:
	// one clerk's success says nothing about the other attempts).
	clearOnSuccess bool
}

// verdict is how a checked attempt ended.
type verdict int

const (
	wrong     verdict = iota // a wrong password: stays counted
	right                    // the password was right
	noVerdict                // the check itself failed (a damaged hash): not an attempt
)

// tooMany is the problem id with the wait in whole minutes, rounded up, so
// that "wait 1 minute" is never said of a wait that is longer.
func tooMany(id string, wait time.Duration) *problem.Problem {
	return problem.New(id, map[string]any{"Count": int(math.Ceil(wait.Minutes()))})
}

// reservation is what reserve found.
type reservation struct {
	wait     time.Duration // > 0: refused, nothing counted; the next attempt may come this much later
	failures int           // the first counter's count, this attempt included
	next     time.Duration // the wait this attempt starts if it fails
	at       time.Time     // when it was counted
	before   []time.Time   // each counter's newest failure before this attempt (zero: none)
}

// reserve counts one attempt as failed on every counter before the password
// is checked, all in one transaction that runs alone among the reserves of
// every desk on the database (Serialize: SQLite's immediate transaction, an
// advisory lock on PostgreSQL). So attempts made at the same moment (two
// desks on one database, a script calling in parallel) cannot all pass a
// limit together: each sees those counted before it. If any counter says
// wait, nothing is counted and the longest wait is returned.
//
// The count itself is added in the row (countFailure), never written from
// what was read: a settle or an unlock, which do not wait for reserves, may
// change the row between the read and the write, and no failure counted at
// the same time by another desk is lost.
func (s *Service) reserve(ctx context.Context, cs []counter) (reservation, error) {
	now := s.now()
	r := reservation{at: now, before: make([]time.Time, len(cs))}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.db.Serialize(ctx, tx, "auth_attempts"); err != nil {
			return err
		}
		for i, c := range cs {
			n, last, err := readCounter(ctx, tx, c.key, now)
			if err != nil {
				return err
			}
			r.before[i] = last
			r.wait = max(r.wait, c.limit.remaining(n, last, now))
		}
		if r.wait > 0 {
			return nil
		}
		if s.beforeCount != nil {
			s.beforeCount()
		}
		for i, c := range cs {
			n, err := countFailure(ctx, tx, c, now)
			if err != nil {
				return err
			}
			r.next = max(r.next, c.limit.wait(n))
			if i == 0 {
				r.failures = n
			}
		}
		return pruneNames(ctx, tx, now)
	})
	if err != nil {
		return reservation{}, fmt.Errorf("count attempt: %w", err)
	}
	if r.wait > 0 {
		r.failures, r.next = 0, 0
	}
	return r, nil
}

// settle ends an attempt reserve counted in r. A wrong password stays
// counted; a right one clears the counters that clear on success and takes
// back the others' failure; a check that gave no verdict takes back every
// one. more runs in the same transaction (the rehash of a right password).
func (s *Service) settle(ctx context.Context, cs []counter, r reservation, v verdict, more func(*sql.Tx) error) error {
	if v == wrong {
		return nil
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for i, c := range cs {
			var err error
			if v == right && c.clearOnSuccess {
				err = clearCounter(ctx, tx, c.key)
			} else {
				err = takeBack(ctx, tx, c.key, r.at, r.before[i])
			}
			if err != nil {
				return err
			}
		}
		if more != nil {
			return more(tx)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("settle attempt: %w", err)
	}
	return nil
}

// readCounter reads a count and its newest failure; none is 0 failures.
// A time that does not parse (a hand-edited row) is taken as now, so the
// count is kept rather than dropped.
func readCounter(ctx context.Context, q querier, key string, now time.Time) (int, time.Time, error) {
	var n int
	var last string
	err := q.QueryRowContext(ctx, `SELECT failures, last_failure FROM auth_attempts WHERE key = ?`, key).Scan(&n, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("read attempts: %w", err)
	}
	t, err := time.Parse(timeLayout, last)
	if err != nil {
		return n, now, nil
	}
	return n, t, nil
}

// countFailure adds one failure at "at" to c's row, in one statement: a
// count already forgotten (its newest failure at least the limit's forget
// time old) starts again at 1. It returns the count with this failure.
func countFailure(ctx context.Context, tx *sql.Tx, c counter, at time.Time) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO auth_attempts(key, failures, last_failure) VALUES (?, 1, ?)
		ON CONFLICT(key) DO UPDATE SET
		    failures = CASE WHEN auth_attempts.last_failure <= ? THEN 1 ELSE auth_attempts.failures + 1 END,
		    last_failure = excluded.last_failure
		RETURNING failures`,
		c.key, timestamp(at), timestamp(at.Add(-c.limit.forget))).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("write attempts: %w", err)
	}
	return n, nil
}

func clearCounter(ctx context.Context, tx *sql.Tx, key string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_attempts WHERE key = ?`, key); err != nil {
		return fmt.Errorf("clear attempts: %w", err)
	}
	return nil
}

// takeBack removes one failure counted in advance at "at". Unless another
// failure was counted since, the newest failure is again the one before
// (before), so that a success does not start a wait for whoever comes next.
func takeBack(ctx context.Context, tx *sql.Tx, key string, at, before time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE auth_attempts
		SET failures = failures - 1,
		    last_failure = CASE WHEN last_failure = ? AND ? != '' THEN ? ELSE last_failure END
		WHERE key = ? AND failures > 1`, timestamp(at), stampOrEmpty(before), stampOrEmpty(before), key); err != nil {
		return fmt.Errorf("take back attempt: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_attempts WHERE key = ? AND failures = 1`, key); err != nil {
		return fmt.Errorf("take back attempt: %w", err)
	}
	return nil
}

// stampOrEmpty is the timestamp of t, "" for the zero time (no failure).
func stampOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timestamp(t)
}

// pruneNames deletes the counters of usernames whose count is forgotten:
// what was typed as a username leaves the file a day later at the most.
func pruneNames(ctx context.Context, tx *sql.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM auth_attempts WHERE key LIKE ? AND last_failure <= ?`,
		namePrefix+"%", timestamp(now.Add(-AccountForget)))
	if err != nil {
		return fmt.Errorf("forget attempts: %w", err)
	}
	return nil
}

// nameCounter is the counter of one normalised username, known or not.
// Its key is an HMAC of the name, not the name: a password typed into the
// username box by mistake is not kept readable in the file (whoever has the
// file and the key can still test guesses against it, for a day at most).
func (s *Service) nameCounter(ctx context.Context, name string) (counter, error) {
	secret, err := s.attemptSecret(ctx)
	if err != nil {
		return counter{}, err
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(name))
	return counter{key: namePrefix + hex.EncodeToString(mac.Sum(nil)[:16]), limit: accountLimit(), clearOnSuccess: true}, nil
}

// attemptSecret reads the HMAC key of name counters, making it the first
// time. Two processes making it at once keep the first one written.
func (s *Service) attemptSecret(ctx context.Context) ([]byte, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM auth_settings WHERE key = ?`, attemptKeySetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		fresh := make([]byte, 32)
		if _, err := rand.Read(fresh); err != nil {
			return nil, fmt.Errorf("make attempt key: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO auth_settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING`,
			attemptKeySetting, hex.EncodeToString(fresh)); err != nil {
			return nil, fmt.Errorf("save attempt key: %w", err)
		}
		err = s.db.QueryRowContext(ctx, `SELECT value FROM auth_settings WHERE key = ?`, attemptKeySetting).Scan(&v)
	}
	if err != nil {
		return nil, fmt.Errorf("read attempt key: %w", err)
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 16 {
		return nil, errors.New("read attempt key: the stored key is damaged")
	}
	return secret, nil
}

// DataPassphrase runs try, which opens the data with the data passphrase,
// under the passphrase's limit (PassphraseWaitAfter): refused with the
// problem auth.passphrase.error.tooMany, without running try, while the
// limit says wait; counted as failed before try runs, as a sign-in is. try
// reports whether the passphrase was wrong, with its error; an error that
// is not a wrong passphrase is not counted. DataPassphrase returns try's
// error, and for a wrong passphrase that starts a wait, its problems with
// the wait added.
func (s *Service) DataPassphrase(ctx context.Context, try func() (wrongPassphrase bool, err error)) error {
	cs := []counter{{key: passphraseKey, limit: passphraseLimit(), clearOnSuccess: true}}
	r, err := s.reserve(ctx, cs)
	if err != nil {
		return fmt.Errorf("data passphrase: %w", err)
	}
	if r.wait > 0 {
		return tooMany("auth.passphrase.error.tooMany", r.wait)
	}
	isWrong, tryErr := try()
	switch {
	case isWrong && r.next > 0:
		return append(problem.From(tryErr), tooMany("auth.passphrase.error.tooMany", r.next))
	case isWrong:
		return tryErr
	case tryErr != nil:
		return errors.Join(tryErr, s.settle(ctx, cs, r, noVerdict, nil))
	}
	return s.settle(ctx, cs, r, right, nil)
}
