package auth

import (
	"testing"
	"time"

	"madoguchi/app/problem"
)

var t0 = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)

func TestSessionIdleLock(t *testing.T) {
	type step struct {
		op     string // "touch", "locked", "unlock", "idle"
		at     time.Duration
		idle   time.Duration // for "idle"
		locked bool          // touch: want auth.locked; locked: want true
	}
	min := time.Minute
	tests := []struct {
		name  string
		steps []step
	}{
		{"activity within idle keeps it open", []step{
			{op: "touch", at: 4 * min},
			{op: "touch", at: 8 * min}, // 4 min after the last touch, not after sign-in
			{op: "locked", at: 13 * min},
		}},
		{"exactly the idle time is still open", []step{
			{op: "touch", at: 5 * min},
		}},
		{"past idle locks and stays locked", []step{
			{op: "locked", at: 5*min + time.Second, locked: true},
			{op: "touch", at: 5*min + 2*time.Second, locked: true},
			{op: "touch", at: 5*min + 3*time.Second, locked: true},
			{op: "locked", at: 5*min + 4*time.Second, locked: true},
		}},
		{"touch after idle locks", []step{
			{op: "touch", at: 6 * min, locked: true},
			{op: "locked", at: 6 * min, locked: true},
		}},
		{"unlock reopens and restarts the clock", []step{
			{op: "touch", at: 20 * min, locked: true},
			{op: "unlock", at: 21 * min},
			{op: "locked", at: 21 * min},
			{op: "touch", at: 25 * min},
			{op: "touch", at: 31 * min, locked: true},
		}},
		{"shorter idle applies from last activity", []step{
			{op: "touch", at: 2 * min},
			{op: "idle", idle: 1 * min},
			{op: "touch", at: 3*min + time.Second, locked: true},
		}},
		{"longer idle keeps it open", []step{
			{op: "idle", idle: 30 * min},
			{op: "touch", at: 29 * min},
			{op: "locked", at: 58 * min},
			{op: "locked", at: 60 * min, locked: true},
		}},
		{"zero idle falls back to the default", []step{
			{op: "idle", idle: 0},
			{op: "touch", at: 5 * min},
			{op: "locked", at: 10*min + time.Second, locked: true},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSession(&User{ID: 1, Username: "tanaka"}, 5*time.Minute, t0)
			for i, st := range tc.steps {
				now := t0.Add(st.at)
				switch st.op {
				case "touch":
					err := s.Touch(now)
					if st.locked {
						if ps := problem.From(err); len(ps) != 1 || ps[0].ID != "auth.locked" {
							t.Fatalf("step %d: Touch = %v, want auth.locked", i, err)
						}
					} else if err != nil {
						t.Fatalf("step %d: Touch = %v, want nil", i, err)
					}
				case "locked":
					if got := s.Locked(now); got != st.locked {
						t.Fatalf("step %d: Locked = %v, want %v", i, got, st.locked)
					}
				case "unlock":
					s.Unlock(now)
				case "idle":
					s.SetIdle(st.idle)
				}
			}
		})
	}
}

func TestSessionUser(t *testing.T) {
	u := &User{ID: 7, Username: "tanaka", Role: Counter, StaffLanguage: "ja"}
	s := NewSession(u, time.Minute, t0)
	u.Role = Admin // caller's copy changing must not change the session
	got := s.User()
	got.Username = "changed"
	if again := s.User(); again.Role != Counter || again.Username != "tanaka" {
		t.Fatalf("session user changed from outside: %+v", again)
	}
	s2 := s.WithUser(&User{ID: 7, Username: "tanaka", Role: Counter, StaffLanguage: "en"})
	if s2.User().StaffLanguage != "en" {
		t.Fatal("WithUser did not refresh")
	}
	if s.User().StaffLanguage != "ja" {
		t.Fatal("WithUser changed the original session")
	}
	if s3 := s2.WithUser(&User{ID: 8, Username: "suzuki"}); s3.User().ID != 7 {
		t.Fatal("WithUser switched to another account")
	}
}

// WithUser keeps the clock and the lock: refreshing details must not reopen
// a locked desk or restart its idle time.
func TestSessionWithUserKeepsLock(t *testing.T) {
	u := &User{ID: 7, Username: "tanaka"}
	s := NewSession(u, time.Minute, t0)
	if err := s.Touch(t0.Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	open := s.WithUser(u)
	if open.Locked(t0.Add(90*time.Second)) || !open.Locked(t0.Add(91*time.Second)) {
		t.Fatal("WithUser did not keep the last activity time")
	}
	s.Locked(t0.Add(10 * time.Minute)) // latches the lock
	if !s.WithUser(u).Locked(t0.Add(10*time.Minute + time.Second)) {
		t.Fatal("WithUser reopened a locked desk")
	}
}

func TestSessionConcurrent(t *testing.T) {
	s := NewSession(&User{ID: 1}, time.Minute, t0)
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for j := range 100 {
				now := t0.Add(time.Duration(i*100+j) * time.Millisecond)
				_ = s.Touch(now)
				_ = s.Locked(now)
				s.SetIdle(time.Minute)
				_ = s.User()
			}
		}()
	}
	for range 8 {
		<-done
	}
	if s.Locked(t0.Add(time.Second)) {
		t.Fatal("locked without idle time passing")
	}
}

// Wrong passwords at the idle lock: the UnlockTries-th ends the session;
// a right one in between starts the tries again.
func TestSessionWrongUnlocks(t *testing.T) {
	tests := []struct {
		name  string
		steps string // w: a wrong password, u: a right one
		ends  bool   // the last wrong password ends the session
	}{
		{"two wrong ones leave the session", "ww", false},
		{"the third ends it", "www", true},
		{"a right one in between starts again", "wwuww", false},
		{"and counts anew", "wwuwww", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSession(&User{ID: 1}, time.Minute, t0)
			var err error
			for _, st := range tc.steps {
				if st == 'u' {
					s.Unlock(t0)
					continue
				}
				err = s.WrongUnlock()
			}
			if ends := err != nil; ends != tc.ends {
				t.Fatalf("session ended %v, want %v", ends, tc.ends)
			}
			if tc.ends && problem.From(err)[0].ID != "auth.unlock.error.signedOut" {
				t.Fatalf("got %v", err)
			}
		})
	}
}
