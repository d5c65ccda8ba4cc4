// Package desk is the facade the window talks to: one thin method per user action, each checking the role, calling a domain package and mapping errors.
package desk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/cases"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/lostcard"
	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// Boot is what the window needs to draw its first screen.
type Boot struct {
	Version    string `json:"version"`
	NeedsAdmin bool   `json:"needsAdmin"`
	// User is the signed-in account; nil when no one is signed in, and
	// while the desk is idle-locked (Locked), so the lock screen names no one.
	User        *auth.User      `json:"user"`
	Locked      bool            `json:"locked"`
	IdleMinutes int             `json:"idleMinutes"`
	Languages   []i18n.Language `json:"languages"`
	OpenDraftID int64           `json:"openDraftId"`
	// Protection is "needsSetup" (first run: ask for a new data passphrase),
	// "locked" (ask for the passphrase) or "open".
	Protection string `json:"protection"`
}

// Deps are the services a desk is built from.
type Deps struct {
	Version string
	Catalog *i18n.Catalog
	Auth    *auth.Service
	Intake  *intake.Service
	// Vault seals every sensitive value; nil in tests that do not need it.
	Vault *vault.Vault
	// Resealers are every package's, for the vault's Setup and Rotate.
	Resealers []vault.Resealer
	// LostCard holds the call centre's lost and stolen card reports.
	LostCard *lostcard.Service
	Orgs     *orgs.Service
	Cases    *cases.Service
	// Audit records who did what (app/audit). Every sensitive action is
	// refused without it (audit.error.notRecorded): see recorded and
	// recordFirst.
	Audit *audit.Log
	Now   func() time.Time
	Log   *slog.Logger
	// DataDir holds chip-trust/: the issuer certificates the chip-data
	// signature is checked against, read at each check so that a
	// certificate added while the app runs counts at once; and exports/,
	// where the audit trail's exports are written.
	DataDir string
	// Database is the office's shared PostgreSQL database (its URL); ""
	// for the SQLite file in DataDir.
	Database string
	// OpenCard opens the card on a reader: PC/SC (card.Open) when nil;
	// tests give a virtual card in process.
	OpenCard func(ctx context.Context, reader string) (CardSession, error)
	// Emit sends an event to the window (Wails runtime.EventsEmit with the
	// window's context); nil in tests.
	Emit func(ctx context.Context, name string, data any)
	// SaveFile asks where to save a file (Wails runtime.SaveFileDialog) and
	// returns the path, "" when cancelled; nil where no dialog can open
	// (tests).
	SaveFile func(ctx context.Context, title, defaultName string) (string, error)
	// Fatal is set when the database could not be opened; the window then
	// shows this problem and nothing else works.
	Fatal error
}

// Desk is bound to the window (window.go.desk.Desk in JavaScript). It holds
// the signed-in session of this one desk PC; nothing about an applicant is
// kept here beyond the ID of the application on screen.
type Desk struct {
	Deps
	ctx context.Context

	// cardMu lets one card operation run at a time: two pages reading the
	// same card at once would reset it under each other.
	cardMu sync.Mutex

	mu       sync.Mutex
	session  *auth.Session
	current  int64             // application on screen, forgotten by NextApplicant
	checks   map[int64]checked // handover checks awaiting the handover, forgotten by NextApplicant
	present  map[string]bool   // readers with a card on them, kept by watchCards
	versions map[int64]int64   // application versions the window was given, forgotten by NextApplicant
	// reportVersions are the lost-card report versions the window was given, forgotten by NextApplicant.
	reportVersions map[int64]int64
}

// New returns a desk with no one signed in.
func New(d Deps) *Desk {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.OpenCard == nil {
		d.OpenCard = openPCSC
	}
	return &Desk{Deps: d, ctx: context.Background()}
}

// Startup receives the window's context (Wails OnStartup) and starts
// watching the card readers.
func (d *Desk) Startup(ctx context.Context) {
	d.ctx = ctx
	if d.Fatal == nil {
		go d.watchCards(ctx)
		go d.keepRetention(ctx)
	}
}

var (
	errSignedOut = problem.New("desk.error.signedOut", nil)
	errForbidden = problem.New("desk.error.forbidden", nil)
)

// errNotRecorded tells the user that a sensitive action was refused because
// its audit entry could not be written (a full disk, a read-only file).
func errNotRecorded() error { return problem.New("audit.error.notRecorded", nil) }

// signedIn returns the session's user after recording activity. It fails when
// no one is signed in, when the idle lock has fallen, or when the user's role
// is not among roles (if any are given).
func (d *Desk) signedIn(roles ...auth.Role) (*auth.User, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.session == nil {
		return nil, errSignedOut
	}
	if err := d.session.Touch(d.Now()); err != nil {
		d.forgetApplicant()
		return nil, err
	}
	u := d.session.User()
	if len(roles) == 0 {
		return u, nil
	}
	for _, r := range roles {
		if u.Role == r {
			return u, nil
		}
	}
	return nil, errForbidden
}

// Boot reports the desk's state: first run, signed in, locked.
func (d *Desk) Boot() (*Boot, error) {
	if d.Fatal != nil {
		return nil, d.Fatal
	}
	ctx := d.ctx
	b := &Boot{Version: d.Version, Languages: d.Catalog.Languages(), Protection: d.protection()}
	var err error
	if b.NeedsAdmin, err = d.Auth.NeedsAdmin(ctx); err != nil {
		return nil, d.fail("boot", err)
	}
	if b.IdleMinutes, err = d.Auth.IdleMinutes(ctx); err != nil {
		return nil, d.fail("boot", err)
	}
	d.mu.Lock()
	s := d.session
	d.mu.Unlock()
	if s == nil {
		return b, nil
	}
	// While the desk is idle-locked nobody is named: whoever walks up to
	// the counter must not learn who is signed in (security test #14). The
	// staff member knows who they are; Unlock answers with the account.
	if b.Locked = s.Locked(d.Now()); b.Locked {
		return b, nil
	}
	b.User = s.User()
	if hasRole(b.User, access["StartApplication"].roles) {
		if b.OpenDraftID, err = d.Intake.LatestDraft(ctx, b.User.ID); err != nil {
			return nil, d.fail("boot", err)
		}
	}
	return b, nil
}

// Touch records activity; it fails with auth.locked once the desk has been idle too long.
func (d *Desk) Touch() error {
	_, err := d.allow("Touch")
	return err
}

// CreateAdmin creates the first account on a new installation and signs it in.
func (d *Desk) CreateAdmin(username, displayName, password, confirm string) (*auth.User, error) {
	if d.Fatal != nil {
		return nil, d.Fatal
	}
	// The account and its creation and sign-in records commit together.
	u, err := d.Auth.CreateFirstAdmin(d.ctx, auth.NewUser{
		Username: username, DisplayName: displayName, Password: password, Confirm: confirm,
		Role: auth.Admin, StaffLanguage: i18n.Fallback,
	}, d.recorded(func(id int64) []audit.Entry {
		admin := &auth.User{ID: id, Role: auth.Admin}
		return []audit.Entry{entryBy(admin, audit.UserCreate, recordUser, id), entryBy(admin, audit.SignIn, "", 0)}
	}))
	if err != nil {
		return nil, d.fail("create admin", err)
	}
	return u, d.begin(u)
}

// SignIn checks the password and starts this desk's session.
func (d *Desk) SignIn(username, password string) (*auth.User, error) {
	if d.Fatal != nil {
		return nil, d.Fatal
	}
	u, err := d.authenticate(username, password)
	if err != nil {
		return nil, d.fail("sign in", err)
	}
	// No session without its sign-in record.
	if err := d.recordFirst("sign in", entryBy(u, audit.SignIn, "", 0)); err != nil {
		return nil, err
	}
	return u, d.begin(u)
}

// authenticate checks a username and password under auth's limits on
// guessing (sign-in, the idle lock, a supervisor's override) and records
// each wrong password and each lock it causes.
func (d *Desk) authenticate(username, password string) (*auth.User, error) {
	a, err := d.Auth.SignIn(d.ctx, username, password)
	named := audit.Entry{} // the account the username is of; none for an unknown username
	if a.AccountID != 0 {
		named = audit.Entry{RecordType: recordUser, RecordID: a.AccountID}
	}
	if a.Checked && a.User == nil {
		named.Action = audit.SignInFailed
		d.record(named)
	}
	if a.Locked && a.AccountID != 0 {
		named.Action = audit.AccountLocked
		d.record(named)
	}
	return a.User, err
}

func (d *Desk) begin(u *auth.User) error {
	idle, err := d.Auth.IdleMinutes(d.ctx)
	if err != nil {
		return d.fail("sign in", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.session = auth.NewSession(u, time.Duration(idle)*time.Minute, d.Now())
	d.forgetApplicant()
	return nil
}

// Unlock re-opens an idle-locked desk for the same user after checking the
// password, under the limits of a sign-in. After auth.UnlockTries wrong
// passwords it signs the user out: whoever is at the desk must then sign in.
func (d *Desk) Unlock(password string) (*auth.User, error) {
	d.mu.Lock()
	s := d.session
	d.mu.Unlock()
	if s == nil {
		return nil, errSignedOut
	}
	u, err := d.authenticate(s.User().Username, password)
	if err != nil && isWrongPassword(err) {
		if out := s.WrongUnlock(); out != nil {
			d.end(s)
			return nil, out
		}
	}
	if err != nil {
		return nil, d.fail("unlock", err)
	}
	// The desk stays locked unless its unlocking is recorded.
	if err := d.recordFirst("unlock", entryBy(u, audit.Unlock, "", 0)); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.session != s {
		return nil, errSignedOut
	}
	s.Unlock(d.Now())
	return u, nil
}

// isWrongPassword reports whether a refused sign-in checked the password
// and found it wrong (rather than refusing it unchecked while a limit says wait).
func isWrongPassword(err error) bool {
	for _, p := range problem.From(err) {
		if p.ID == "auth.signin.error.invalid" {
			return true
		}
	}
	return false
}

// SignOut ends the session and forgets the application on screen. It is
// never refused, recorded or not: refusing would keep a session open.
func (d *Desk) SignOut() error {
	d.mu.Lock()
	s := d.session
	d.mu.Unlock()
	d.end(s)
	return nil
}

// end signs s out (recorded) and forgets the application on screen, unless
// another session has begun since s was read.
func (d *Desk) end(s *auth.Session) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.session != s {
		return
	}
	if s != nil {
		d.record(entryBy(s.User(), audit.SignOut, "", 0))
	}
	d.session = nil
	d.forgetApplicant()
}

// SetStaffLanguage changes the language of the signed-in user's screens.
func (d *Desk) SetStaffLanguage(tag string) (*auth.User, error) {
	u, err := d.allow("SetStaffLanguage")
	if err != nil {
		return nil, err
	}
	if !d.Catalog.Has(tag) {
		return nil, problem.OnField("staffLanguage", "desk.error.unknownLanguage", nil)
	}
	nu, err := d.Auth.SetStaffLanguage(d.ctx, u.ID, tag)
	if err != nil {
		return nil, d.fail("set staff language", err)
	}
	d.mu.Lock()
	if d.session != nil {
		d.session = d.session.WithUser(nu)
	}
	d.mu.Unlock()
	return nu, nil
}

// NextApplicant forgets everything about the applicant on screen. The
// frontend clears its own state at the same time.
func (d *Desk) NextApplicant() error {
	if _, err := d.allow("NextApplicant"); err != nil {
		return err
	}
	d.mu.Lock()
	d.forgetApplicant()
	d.mu.Unlock()
	return nil
}

func hasRole(u *auth.User, roles []auth.Role) bool {
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// fail passes user-facing problems through and turns anything else into a
// generic message, logging the cause for the administrator. Logs never
// carry personal data: only the action and the error chain of our own code.
func (d *Desk) fail(action string, err error) error {
	if problem.From(err) != nil {
		return err
	}
	switch {
	case errors.Is(err, audit.ErrNotRecorded):
		// The action was refused because its audit entry could not be
		// written: the user must know it was not done.
		d.Log.Error(action, "err", err)
		return errNotRecorded()
	case errors.Is(err, store.ErrCorrupt):
		d.Log.Error(action, "err", err)
		return problem.New("store.error.corrupt", nil)
	case errors.Is(err, context.Canceled):
		return problem.New("app.error.cancelled", nil)
	}
	d.Log.Error(action, "err", err)
	return problem.New("app.error.unexpected", nil)
}

// forgetApplicant drops everything this desk holds about the applicant on
// screen. Called with d.mu held.
func (d *Desk) forgetApplicant() {
	d.current = 0
	d.checks = nil
	d.versions = nil
	d.reportVersions = nil
}

// recordUser is the audit record type of a staff account.
const recordUser = "user"

// entryBy is the audit entry of u doing action to a record (recordType ""
// and id 0 for none).
func entryBy(u *auth.User, action audit.Action, recordType string, id int64) audit.Entry {
	return audit.Entry{UserID: u.ID, Role: string(u.Role), Action: action, RecordType: recordType, RecordID: id}
}

// recorded is the hook a domain service runs inside the transaction of a
// sensitive action, given the ID of the record it acted on, to append the
// entries made of it: if they cannot be written the service rolls the
// action back, and the user is told (audit.error.notRecorded through fail).
// No audit record, no action.
func (d *Desk) recorded(entries func(id int64) []audit.Entry) audit.Hook[int64] {
	return audit.Entries(d.Audit, entries)
}

// recordFirst writes e in a transaction of its own before an action that
// changes nothing but gives something out (a sign-in, the Individual Number,
// an export): when it cannot be written the action is refused with
// audit.error.notRecorded, before anything was shown.
func (d *Desk) recordFirst(action string, e audit.Entry) error {
	if d.Audit == nil {
		return d.fail(action, fmt.Errorf("%w: no audit log", audit.ErrNotRecorded))
	}
	if _, err := d.Audit.Record(d.ctx, e); err != nil {
		return d.fail(action, err)
	}
	return nil
}

// record appends to the audit trail on a best-effort basis: a failure is
// logged for the administrator and does not undo what the user did. Only
// for what must never be refused (sign-out, a refused sign-in or
// passphrase) and for the routine work docs/data-protection.md lists as not
// yet fail-closed; sensitive actions use recorded or recordFirst.
func (d *Desk) record(e audit.Entry) {
	if d.Audit == nil {
		return
	}
	if _, err := d.Audit.Record(d.ctx, e); err != nil {
		d.Log.Error("audit", "action", string(e.Action), "err", err)
	}
}
