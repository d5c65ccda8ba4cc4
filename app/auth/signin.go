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
	if err := s.rehash(ctx, u.ID, phc, password); err != nil {
		return nil, err
	}
	if disabled {
		return nil, problem.New("auth.signin.error.disabled", nil)
	}
	u.Role = Role(role)
	return &u, nil
}

// refuseUnknown spends the time of a real check, then refuses.
func (s *Service) refuseUnknown(password string) error {
	phc, err := s.dummy.get(s.cost)
	if err != nil {
		return fmt.Errorf("authenticate: %w", err)
	}
	if _, err := VerifyPassword(phc, password); err != nil {
		return fmt.Errorf("authenticate: dummy hash: %w", err)
	}
	return errInvalid()
}

// rehash replaces the account's hash, made with older parameters, by one
// at s.cost; nothing when it is current. It replaces only the hash it was
// checked against, so a password changed meanwhile is kept.
func (s *Service) rehash(ctx context.Context, id int64, phc, password string) error {
	if !needsRehash(phc, s.cost) {
		return nil
	}
	fresh, err := hashPassword(password, s.cost)
	if err != nil {
		return fmt.Errorf("rehash user %d: %w", id, err)
	}
	_, err = s.db.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?`,
		fresh, timestamp(s.now()), id, phc)
	if err != nil {
		return fmt.Errorf("rehash user %d: %w", id, err)
	}
	return nil
}
