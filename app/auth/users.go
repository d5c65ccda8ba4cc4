package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/problem"
	"madoguchi/app/store"
)

const userColumns = `id, username, display_name, role, staff_language, org`

// NeedsAdmin reports whether no account exists yet, so the first run asks
// for an administrator instead of a sign-in.
func (s *Service) NeedsAdmin(ctx context.Context) (bool, error) {
	n, err := countUsers(ctx, s.db)
	if err != nil {
		return false, err
	}
	return n == 0, nil
}

// CreateFirstAdmin creates the first account, always as Admin. The check
// that no account exists and the insert share one transaction that runs
// alone among the account creations of every desk on the database (create),
// so two desks racing through first-run setup cannot both create an admin.
// rec records the creation in that transaction, given the new account's ID:
// if it fails, no account is created.
func (s *Service) CreateFirstAdmin(ctx context.Context, in NewUser, rec audit.Hook[int64]) (*User, error) {
	in.Role = Admin
	return s.create(ctx, in, rec, func(ctx context.Context, q querier) error {
		n, err := countUsers(ctx, q)
		if err != nil {
			return err
		}
		if n > 0 {
			return problem.New("auth.error.adminExists", nil)
		}
		return nil
	})
}

// CreateUser creates an account after validating the form. Problems come
// one per field, in form order; a taken username is a problem on "username".
// rec records the creation in the inserting transaction, given the new
// account's ID: if it fails, no account is created.
func (s *Service) CreateUser(ctx context.Context, in NewUser, rec audit.Hook[int64]) (*User, error) {
	return s.create(ctx, in, rec, nil)
}

// create validates, hashes outside the transaction (hashing is slow and the
// write lock should be short), then runs precheck, the insert and rec
// together, alone among the creations of every desk (Serialize): the checks
// read rows that may not exist yet ("no account", "this username is free"),
// which no row lock covers, and on PostgreSQL two transactions would
// otherwise both find them absent.
func (s *Service) create(ctx context.Context, in NewUser, rec audit.Hook[int64], precheck func(context.Context, querier) error) (*User, error) {
	in, err := validateUser(in)
	if err != nil {
		return nil, err
	}
	phc, err := hashPassword(in.Password, s.cost)
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	var u *User
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.db.Serialize(ctx, tx, "users"); err != nil {
			return err
		}
		if precheck != nil {
			if err := precheck(ctx, tx); err != nil {
				return err
			}
		}
		if s.beforeInsert != nil {
			s.beforeInsert()
		}
		created, err := s.insert(ctx, tx, in, phc)
		if err != nil {
			return err
		}
		u = created
		return rec.Run(ctx, tx, created.ID)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Service) insert(ctx context.Context, tx *sql.Tx, in NewUser, phc string) (*User, error) {
	var exists bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM users WHERE username = ?)`, in.Username).Scan(&exists)
	if err != nil {
		return nil, fmt.Errorf("check username: %w", err)
	}
	if exists {
		return nil, errTaken()
	}
	now := timestamp(s.now())
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO users
		(username, display_name, role, password_hash, staff_language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		in.Username, in.DisplayName, string(in.Role), phc, in.StaffLanguage, now, now).Scan(&id)
	if store.IsUniqueViolation(err) {
		return nil, errTaken() // another desk took it after the check
	}
	if err != nil {
		return nil, fmt.Errorf("insert user: %w", err)
	}
	return &User{ID: id, Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, StaffLanguage: in.StaffLanguage}, nil
}

// List returns every account, disabled ones included (their usernames
// stay taken), ordered by username.
func (s *Service) List(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []User{} // empty, not nil, so the frontend gets [] rather than null
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// Get returns one account, or the problem "auth.user.error.notFound".
func (s *Service) Get(ctx context.Context, id int64) (*User, error) {
	return getUser(ctx, s.db, id)
}

// SetStaffLanguage records the language this staff member's screens use.
// The tag must be well-formed BCP 47; it is stored in canonical form.
func (s *Service) SetStaffLanguage(ctx context.Context, id int64, tag string) (*User, error) {
	tag, p := checkStaffLanguage(tag, false)
	if p != nil {
		return nil, p
	}
	var u *User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET staff_language = ?, updated_at = ? WHERE id = ?`,
			tag, timestamp(s.now()), id)
		if err != nil {
			return fmt.Errorf("set staff language: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("set staff language: %w", err)
		} else if n == 0 {
			return errNotFound()
		}
		u, err = getUser(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// SetOrg sets the organisation of an NGO caseworker's account (an ID of
// the directory, checked by the caller); "" clears it. Other roles have
// none: asking for one is the problem auth.user.org.error.notNgo. The
// organisation decides which cases the account sees, so rec records the
// change in its transaction, given the account's ID: if it fails, nothing
// changes.
func (s *Service) SetOrg(ctx context.Context, id int64, org string, rec audit.Hook[int64]) (*User, error) {
	var u *User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		cur, err := getUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Role != NGO && org != "" {
			return problem.List{problem.OnField("org", "auth.user.org.error.notNgo", nil)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET org = ?, updated_at = ? WHERE id = ?`,
			org, timestamp(s.now()), id); err != nil {
			return fmt.Errorf("set org: %w", err)
		}
		if u, err = getUser(ctx, tx, id); err != nil {
			return err
		}
		return rec.Run(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// querier is what *sql.DB and *sql.Tx share, so reads work inside or
// outside a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func countUsers(ctx context.Context, q querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

func getUser(ctx context.Context, q querier, id int64) (*User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("get user %d: %w", id, err)
	}
	return u, nil
}

func errNotFound() error { return problem.New("auth.user.error.notFound", nil) }

func errTaken() error {
	return problem.List{problem.OnField("username", "auth.user.username.error.taken", nil)}
}

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.StaffLanguage, &u.Org); err != nil {
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// Account is a staff account as the administrator's list shows it: the
// User, and whether wrong passwords have locked it.
type Account struct {
	User
	// LockedUntil is when the lock set by AccountLockAfter wrong passwords
	// in a row ends (RFC 3339, UTC); "" when the account is not locked.
	LockedUntil string `json:"lockedUntil"`
}

// Accounts lists every account as List does, each with its lock.
func (s *Service) Accounts(ctx context.Context) ([]Account, error) {
	users, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Account, 0, len(users))
	now := s.now()
	for _, u := range users {
		until, err := s.lockedUntil(ctx, u.Username, now)
		if err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		a := Account{User: u}
		if !until.IsZero() {
			a.LockedUntil = until.UTC().Format(time.RFC3339)
		}
		out = append(out, a)
	}
	return out, nil
}

// lockedUntil is when the lock of username ends; zero when it is not locked.
func (s *Service) lockedUntil(ctx context.Context, username string, now time.Time) (time.Time, error) {
	c, err := s.nameCounter(ctx, username)
	if err != nil {
		return time.Time{}, err
	}
	n, last, err := readCounter(ctx, s.db, c.key, now)
	if err != nil {
		return time.Time{}, err
	}
	if end := last.Add(c.limit.lockFor); c.limit.locks(c.limit.count(n, last, now)) && end.After(now) {
		return end, nil
	}
	return time.Time{}, nil
}

// UnlockAccount clears the count of wrong passwords of account id, so its
// owner can sign in at once: the administrator's way out of a lock (and of
// the waits before one). The PC's count is left to run out by itself.
func (s *Service) UnlockAccount(ctx context.Context, id int64) (*Account, error) {
	u, err := getUser(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	c, err := s.nameCounter(ctx, u.Username)
	if err != nil {
		return nil, fmt.Errorf("unlock account %d: %w", id, err)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error { return clearCounter(ctx, tx, c.key) })
	if err != nil {
		return nil, fmt.Errorf("unlock account %d: %w", id, err)
	}
	return &Account{User: *u}, nil
}
