package desk

import (
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
)

// ListUsers lists staff accounts (administrators only).
func (d *Desk) ListUsers() ([]auth.User, error) {
	if _, err := d.allow("ListUsers"); err != nil {
		return nil, err
	}
	users, err := d.Auth.List(d.ctx)
	if err != nil {
		return nil, d.fail("list users", err)
	}
	return users, nil
}

// CreateUser adds a staff account (administrators only).
func (d *Desk) CreateUser(username, displayName string, role auth.Role, password, confirm string) (*auth.User, error) {
	admin, err := d.allow("CreateUser")
	if err != nil {
		return nil, err
	}
	u, err := d.Auth.CreateUser(d.ctx, auth.NewUser{
		Username: username, DisplayName: displayName, Role: role,
		Password: password, Confirm: confirm,
	}, d.recorded(func(id int64) []audit.Entry {
		return []audit.Entry{entryBy(admin, audit.UserCreate, recordUser, id)}
	}))
	if err != nil {
		return nil, d.fail("create user", err)
	}
	return u, nil
}

// SetIdleMinutes sets how long a desk may stay untouched before it locks.
// It applies to sessions started from now on and to the administrator's own.
func (d *Desk) SetIdleMinutes(minutes int) (int, error) {
	if _, err := d.allow("SetIdleMinutes"); err != nil {
		return 0, err
	}
	n, err := d.Auth.SetIdleMinutes(d.ctx, minutes)
	if err != nil {
		return 0, d.fail("set idle minutes", err)
	}
	d.mu.Lock()
	if d.session != nil {
		d.session.SetIdle(time.Duration(n) * time.Minute)
	}
	d.mu.Unlock()
	return n, nil
}
