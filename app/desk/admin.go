package desk

import (
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
)

// ListUsers lists staff accounts, each with its lock after wrong
// passwords (administrators only).
func (d *Desk) ListUsers() ([]auth.Account, error) {
	if _, err := d.allow("ListUsers"); err != nil {
		return nil, err
	}
	accounts, err := d.Auth.Accounts(d.ctx)
	if err != nil {
		return nil, d.fail("list users", err)
	}
	return accounts, nil
}

// UnlockUser lets the owner of an account locked by wrong passwords sign
// in at once, before the lock ends by itself (administrators only;
// recorded).
func (d *Desk) UnlockUser(userID int64) (*auth.Account, error) {
	admin, err := d.allow("UnlockUser")
	if err != nil {
		return nil, err
	}
	acc, err := d.Auth.UnlockAccount(d.ctx, userID)
	if err != nil {
		return nil, d.fail("unlock user", err)
	}
	d.record(audit.Entry{UserID: admin.ID, Role: string(admin.Role), Action: audit.AccountUnlocked, RecordType: "user", RecordID: acc.ID})
	return acc, nil
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
