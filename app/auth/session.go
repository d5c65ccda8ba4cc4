package auth

import (
	"sync"
	"time"

	"madoguchi/app/problem"
)

// Session is the signed-in state of one desk. The caller keeps it in memory
// (never in a global), so signing out or quitting forgets it. It is safe for
// concurrent use because the bridge may call in from several goroutines.
//
// Once the idle time has passed the session latches locked: it stays locked
// until Unlock, whatever later calls report, so a late activity event cannot
// reopen a desk someone walked away from.
type Session struct {
	mu     sync.Mutex
	user   User
	idle   time.Duration
	last   time.Time
	locked bool
	// wrongUnlocks counts wrong passwords given to Unlock since the last
	// right one (UnlockTries).
	wrongUnlocks int
}

// NewSession starts a session for u, signed in at now. An idle of zero or
// less falls back to DefaultIdleMinutes rather than locking at once.
func NewSession(u *User, idle time.Duration, now time.Time) *Session {
	return &Session{user: *u, idle: sanitizeIdle(idle), last: now}
}

func sanitizeIdle(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultIdleMinutes * time.Minute
	}
	return d
}

// User returns a copy of the signed-in account, so callers cannot change
// the session's identity by accident.
func (s *Session) User() *User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user
	return &u
}

// WithUser returns a copy of the session carrying refreshed account details
// (say, after SetStaffLanguage), with the same idle time, last activity and
// lock. A different account is refused by returning s unchanged: switching
// people needs a sign-in, not a refresh.
func (s *Session) WithUser(u *User) *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u == nil || u.ID != s.user.ID {
		return s
	}
	return &Session{user: *u, idle: s.idle, last: s.last, locked: s.locked, wrongUnlocks: s.wrongUnlocks}
}

// Touch records activity at now. If the idle time had already passed, the
// session locks and Touch returns the problem "auth.locked" instead.
func (s *Session) Touch(now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.checkLocked(now) {
		return problem.New("auth.locked", nil)
	}
	if now.After(s.last) { // calls can arrive out of order; never move the clock back
		s.last = now
	}
	return nil
}

// Locked reports whether the desk is locked at now (latching the lock if
// the idle time has just passed).
func (s *Session) Locked(now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkLocked(now)
}

// Unlock reopens the desk. The caller must have re-verified the password.
func (s *Session) Unlock(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.locked = false
	s.last = now
	s.wrongUnlocks = 0
}

// WrongUnlock records a wrong password given to unlock the desk. At the
// UnlockTries-th it returns the problem auth.unlock.error.signedOut: the
// caller then ends the session, and whoever is at the desk must sign in,
// under the sign-in's limits, with a fresh session.
func (s *Session) WrongUnlock() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wrongUnlocks++
	if s.wrongUnlocks >= UnlockTries {
		return problem.New("auth.unlock.error.signedOut", nil)
	}
	return nil
}

// SetIdle changes the idle time, for example after an admin changed it.
// It counts from the last activity, so shortening it can lock at the next
// check; zero or less falls back to the default.
func (s *Session) SetIdle(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idle = sanitizeIdle(d)
}

// checkLocked latches the lock once the idle time has passed. Callers hold mu.
func (s *Session) checkLocked(now time.Time) bool {
	if !s.locked && now.Sub(s.last) > s.idle {
		s.locked = true
	}
	return s.locked
}
