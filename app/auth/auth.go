// Package auth holds staff accounts, roles, password hashing and the idle lock of a signed-in desk.
package auth

import (
	"embed"
	"time"

	"madoguchi/app/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations creates and evolves the users, auth_settings and
// auth_attempts tables.
var Migrations = store.Embedded("auth", migrationFiles)

// Role decides what a staff member may do.
type Role string

// The roles a staff account can have.
const (
	Counter    Role = "counter"    // municipal counter staff
	Supervisor Role = "supervisor" // counter supervisor
	NGO        Role = "ngo"        // NGO caseworker
	CallCentre Role = "callcentre" // call-centre agent
	Admin      Role = "admin"      // manages accounts and settings
)

// Roles lists every valid role, in the order screens offer them.
var Roles = []Role{Counter, Supervisor, NGO, CallCentre, Admin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// LabelID is the message ID of the role's label in the staff language.
func (r Role) LabelID() string { return "auth.role." + string(r) }

// User is a staff account as the frontend sees it. It never carries the
// password hash, so it is safe to send over the bridge or log.
type User struct {
	ID            int64  `json:"id"`
	Username      string `json:"username"`
	DisplayName   string `json:"displayName"`
	Role          Role   `json:"role"`
	StaffLanguage string `json:"staffLanguage"`
	// Org is the directory ID of an NGO caseworker's organisation; "" for
	// other roles (and for an NGO account not yet given one).
	Org string `json:"org"`
}

// NewUser is the account form. Password and Confirm are only read to
// validate and hash; they are never stored or echoed back.
type NewUser struct {
	Username      string `json:"username"`
	DisplayName   string `json:"displayName"`
	Role          Role   `json:"role"`
	Password      string `json:"password"`
	Confirm       string `json:"confirm"`
	StaffLanguage string `json:"staffLanguage"`
}

// Service reads and writes staff accounts and auth settings, and keeps
// count of failed password attempts (limits.go).
type Service struct {
	db    *store.DB
	now   func() time.Time
	cost  HashCost // of new and rehashed passwords
	dummy dummyHash

	// beforeInsert, when set by a test, runs between the checks and the
	// insert of a new account, to widen the window a race would need.
	beforeInsert func()
	// beforeCount, when set by a test, runs in a sign-in's counting
	// transaction between reading the counters and counting the failure.
	beforeCount func()
}

// New returns a Service on db. now is the clock (time.Now when nil), so
// tests can fix the timestamps written to the database.
func New(db *store.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now, cost: DefaultHashCost()}
}

// WithHashCost makes s hash new passwords (and rehash old ones) at c
// instead of DefaultHashCost, and returns s. Tests use the least Argon2id
// allows, so that the production cost is paid only where it is checked;
// nothing else should call it.
func (s *Service) WithHashCost(c HashCost) *Service {
	s.cost = c
	return s
}

// timeLayout is how times are written, like store's ledger does, so all
// dates in the file sort alike (fixed width, UTC).
const timeLayout = "2006-01-02T15:04:05.000Z"

func timestamp(t time.Time) string {
	return t.UTC().Format(timeLayout)
}
