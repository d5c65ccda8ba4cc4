package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"madoguchi/app/problem"
)

// errInvalid is the one answer for an unknown username or a wrong password,
// so the sign-in screen cannot be used to find out which usernames exist.
func errInvalid() error { return problem.New("auth.signin.error.invalid", nil) }

// Authenticate checks a username and password and returns the account.
// Unknown usernames are checked against a dummy hash so they take as long
// as wrong passwords. A disabled account is refused with its own problem,
// but only after the right password was given, so it reveals nothing to
// someone guessing.
func (s *Service) Authenticate(ctx context.Context, username, password string) (*User, error) {
	row := s.db.QueryRowContext(ctx,
		`SELECT `+userColumns+`, password_hash, disabled FROM users WHERE username = ?`,
		normalizeUsername(username))
	var u User
	var role, phc string
	var disabled bool
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.StaffLanguage, &u.Org, &phc, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, s.refuseUnknown(password)
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: read user: %w", err)
	}
	ok, err := VerifyPassword(phc, password)
	if err != nil {
		return nil, fmt.Errorf("authenticate user %d: %w", u.ID, err)
	}
	if !ok {
		return nil, errInvalid()
	}
	if disabled {
		return nil, problem.New("auth.signin.error.disabled", nil)
	}
	u.Role = Role(role)
	return &u, nil
}

// refuseUnknown spends the time of a real check, then refuses.
func (s *Service) refuseUnknown(password string) error {
	phc, err := s.dummy.get()
	if err != nil {
		return fmt.Errorf("authenticate: %w", err)
	}
	if _, err := VerifyPassword(phc, password); err != nil {
		return fmt.Errorf("authenticate: dummy hash: %w", err)
	}
	return errInvalid()
}
