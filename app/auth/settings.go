package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"madoguchi/app/problem"
)

// Idle-lock limits in minutes. Five minutes by default: long enough to
// fetch a form from the back office, short enough that an unattended desk
// does not stay open to the next person in the queue.
const (
	DefaultIdleMinutes = 5
	MinIdleMinutes     = 1
	MaxIdleMinutes     = 60
)

const idleMinutesKey = "idle_minutes"

// IdleMinutes returns how long a desk may sit idle before it locks.
func (s *Service) IdleMinutes(ctx context.Context) (int, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM auth_settings WHERE key = ?`, idleMinutesKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultIdleMinutes, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read idle minutes: %w", err)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < MinIdleMinutes || n > MaxIdleMinutes {
		// Only a hand-edited file gets here; refusing is safer than guessing a lock time.
		return 0, fmt.Errorf("read idle minutes: stored value %q is not between %d and %d", v, MinIdleMinutes, MaxIdleMinutes)
	}
	return n, nil
}

// SetIdleMinutes stores the idle-lock time; n outside 1..60 is a problem on
// the "idleMinutes" field. It returns the stored value.
func (s *Service) SetIdleMinutes(ctx context.Context, n int) (int, error) {
	if n < MinIdleMinutes || n > MaxIdleMinutes {
		return 0, problem.OnField("idleMinutes", "auth.settings.idleMinutes.error.range",
			map[string]any{"Min": MinIdleMinutes, "Max": MaxIdleMinutes})
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO auth_settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, idleMinutesKey, strconv.Itoa(n))
	if err != nil {
		return 0, fmt.Errorf("save idle minutes: %w", err)
	}
	return n, nil
}
