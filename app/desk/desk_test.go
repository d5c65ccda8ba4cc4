package desk

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// clock is a hand-moved time source, so idle locking can be tested without waiting.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newDesk(t *testing.T) (*Desk, *clock) {
	t.Helper()
	d, c, _ := newDeskDB(t)
	return d, c
}

func newDeskDB(t *testing.T) (*Desk, *clock, *store.DB) {
	t.Helper()
	db := openStore(t, testLocation(t))
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	v := vault.NewPlain()
	d := New(Deps{
		Version: "test", Catalog: cat, Now: c.now,
		Auth:     auth.New(db, c.now).WithHashCost(cheapHashes),
		Intake:   intake.New(db, v, LanguageTags(cat), c.now),
		LostCard: lostcard.New(db, v, LanguageTags(cat), c.now),
		Audit:    audit.New(db, v, c.now),
		DataDir:  t.TempDir(),
		Orgs:     orgs.New(db, c.now),
	})
	d.Cases = cases.New(db, v, d.Orgs, []string{"ja", "en"}, c.now)
	return d, c, db
}

// testLocation is a new, empty database on the test run's engine
// (testdb): an SQLite file in a folder of its own, or a PostgreSQL
// database of its own with the desk's own folder beside it.
func testLocation(t *testing.T) store.Location {
	t.Helper()
	dir, url := testdb.Place(t)
	return store.Location{DataDir: dir, DatabaseURL: url}
}

// openStore opens the database at loc as the window does (OpenStore), closed
// when t ends.
func openStore(t *testing.T, loc store.Location) *store.DB {
	t.Helper()
	db, err := OpenStore(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const pw = "correct horse battery"

// cheapHashes keeps Argon2id cheap in the desk's tests: app/auth's tests
// check the real cost.
var cheapHashes = auth.HashCost{MemoryKiB: 64, Passes: 1, Lanes: 1}

// withUsers creates the administrator and one account per role, then signs everyone out.
func withUsers(t *testing.T, d *Desk) {
	t.Helper()
	if _, err := d.CreateAdmin("admin", "Admin", pw, pw); err != nil {
		t.Fatal(err)
	}
	for _, r := range []auth.Role{auth.Counter, auth.Supervisor, auth.NGO, auth.CallCentre} {
		if _, err := d.CreateUser(string(r)+"1", "Staff "+string(r), r, pw, pw); err != nil {
			t.Fatalf("create %s: %v", r, err)
		}
	}
	d.SignOut()
}

func problemID(err error) string {
	if l := problem.From(err); len(l) > 0 {
		return l[0].ID
	}
	if err != nil {
		return "non-problem: " + err.Error()
	}
	return ""
}

func TestRolesThatMayTakeApplications(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	cases := []struct {
		user string
		want string // problem ID, "" for allowed
	}{
		{"counter1", ""},
		{"supervisor1", ""},
		{"admin", "desk.error.forbidden"},
		{"ngo1", "desk.error.forbidden"},
		{"callcentre1", "desk.error.forbidden"},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			if _, err := d.SignIn(c.user, pw); err != nil {
				t.Fatal(err)
			}
			defer d.SignOut()
			_, err := d.StartApplication()
			if got := problemID(err); got != c.want {
				t.Errorf("StartApplication as %s: %q, want %q", c.user, got, c.want)
			}
			_, err = d.SearchApplications("")
			if got := problemID(err); got != c.want {
				t.Errorf("SearchApplications as %s: %q, want %q", c.user, got, c.want)
			}
		})
	}
}

func TestOnlyAdminManagesAccounts(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	d.SignIn("counter1", pw)
	if _, err := d.ListUsers(); problemID(err) != "desk.error.forbidden" {
		t.Errorf("counter listed users: %v", err)
	}
	if _, err := d.CreateUser("x1234", "X", auth.Admin, pw, pw); problemID(err) != "desk.error.forbidden" {
		t.Errorf("counter created an account: %v", err)
	}
	d.SignOut()
	if _, err := d.ListUsers(); problemID(err) != "desk.error.signedOut" {
		t.Errorf("signed-out desk listed users: %v", err)
	}
}

func TestIdleLock(t *testing.T) {
	d, c := newDesk(t)
	withUsers(t, d)
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	a, err := d.StartApplication()
	if err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(6 * time.Minute) // default idle limit is 5 minutes
	if _, err := d.GetApplication(a.ID); problemID(err) != "auth.locked" {
		t.Fatalf("after idle: %v, want auth.locked", err)
	}
	b, err := d.Boot()
	if err != nil {
		t.Fatal(err)
	}
	if !b.Locked || b.OpenDraftID != 0 {
		t.Errorf("boot while locked = locked %v, draft %d; want locked and no draft shown", b.Locked, b.OpenDraftID)
	}
	if _, err := d.Unlock("wrong password!!"); problemID(err) != "auth.signin.error.invalid" {
		t.Errorf("unlock with wrong password: %v", err)
	}
	if _, err := d.Unlock(pw); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if _, err := d.GetApplication(a.ID); err != nil {
		t.Errorf("after unlock: %v", err)
	}
	b, _ = d.Boot()
	if b.OpenDraftID != a.ID {
		t.Errorf("open draft = %d, want %d", b.OpenDraftID, a.ID)
	}
}

func TestStaffLanguage(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	d.SignIn("counter1", pw)
	u, err := d.SetStaffLanguage("en")
	if err != nil || u.StaffLanguage != "en" {
		t.Fatalf("set en: %+v %v", u, err)
	}
	if _, err := d.SetStaffLanguage("xx"); problemID(err) != "desk.error.unknownLanguage" {
		t.Errorf("unknown language: %v", err)
	}
	b, _ := d.Boot()
	if b.User.StaffLanguage != "en" {
		t.Errorf("boot user language = %s, want en", b.User.StaffLanguage)
	}
}

func TestFormatErrorNeverLeaksText(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{problem.OnField("name", "intake.name.name.error.required", nil), "intake.name.name.error.required"},
		{context.DeadlineExceeded, "app.error.unexpected"},
	}
	for _, c := range cases {
		f := FormatError(c.err).(Failure)
		if len(f.Problems) != 1 || f.Problems[0].ID != c.want {
			t.Errorf("FormatError(%v) = %+v, want %s", c.err, f, c.want)
		}
	}
}

// TestBrokenDatabaseIsExplained: a database that cannot be opened becomes
// the problem the window explains (deps.Fatal), and is left as found.
func TestBrokenDatabaseIsExplained(t *testing.T) {
	testdb.SQLiteOnly(t) // a damaged file
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string) (release func())
		want    string
	}{
		{"not a database", func(t *testing.T, path string) func() {
			if err := writeFile(path, []byte("not a database at all, just some words that fill the header area of the file.....")); err != nil {
				t.Fatal(err)
			}
			return func() {}
		}, "store.error.corrupt"},
		{"an empty file (the outside test emptied it to make a new installation)", func(t *testing.T, path string) func() {
			if err := writeFile(path, nil); err != nil {
				t.Fatal(err)
			}
			return func() {}
		}, "store.error.corrupt"},
		{"a restore under way", func(t *testing.T, path string) func() {
			l, err := store.LockExclusive(path)
			if err != nil {
				t.Fatal(err)
			}
			return func() { l.Release() }
		}, "store.error.restoring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, store.FileName)
			release := tt.prepare(t, path)
			defer release()
			before, _ := os.ReadFile(path)
			db, err := OpenStore(context.Background(), store.Location{DataDir: dir})
			if got := problemID(err); got != tt.want {
				if db != nil {
					db.Close()
				}
				t.Errorf("OpenStore: %q, want %s", got, tt.want)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the database file was changed")
			}
		})
	}
}

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o600) }

// TestEmptiedDatabaseIsNotANewInstallation: the outside security test
// emptied madoguchi.db (0 bytes) and the window offered to create the
// first administrator of a new installation. An emptied file is now
// damaged: the window explains it, no administrator can be created, and
// the file is left as found for the administrator to restore.
func TestEmptiedDatabaseIsNotANewInstallation(t *testing.T) {
	testdb.SQLiteOnly(t) // on a server, roles and pg_hba.conf say who may connect (store.OpenPostgres)
	ctx := context.Background()
	dir := t.TempDir()
	db, err := OpenStore(ctx, store.Location{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	path := filepath.Join(dir, store.FileName)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	deps := Deps{Catalog: cat, DataDir: dir, Log: slog.New(slog.DiscardHandler)}
	if db := Wire(ctx, &deps, nil); db != nil {
		db.Close()
		t.Fatal("Wire opened an emptied database")
	}
	d := New(deps)
	if _, err := d.Boot(); problemID(err) != "store.error.corrupt" {
		t.Errorf("Boot: %q, want store.error.corrupt", problemID(err))
	}
	if _, err := d.CreateAdmin("intruder", "Intruder", pw, pw); problemID(err) != "store.error.corrupt" {
		t.Errorf("CreateAdmin: %q, want store.error.corrupt", problemID(err))
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the emptied file was changed: %v", err)
	}
}

func TestSessionsAreAudited(t *testing.T) {
	d, _, db := newDeskDB(t)
	withUsers(t, d) // admin signed in and out
	d.SignIn("counter1", "not the password at all")
	d.SignIn("counter1", pw)
	d.SignOut()
	entries, err := d.Audit.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Role+":"+string(e.Action)+":"+e.RecordType)
	}
	// The failure names the account the username is of, not who typed it.
	want := []string{
		string(auth.Admin) + ":" + string(audit.SignOut) + ":",
		":" + string(audit.SignInFailed) + ":user",
		string(auth.Counter) + ":" + string(audit.SignIn) + ":",
		string(auth.Counter) + ":" + string(audit.SignOut) + ":",
	}
	if len(got) < len(want) || strings.Join(got[len(got)-4:], " ") != strings.Join(want, " ") {
		t.Errorf("audit trail ends %v, want %v", got, want)
	}
	if r, err := audit.Verify(context.Background(), db); err != nil || !r.OK() {
		t.Errorf("chain after sessions: %+v %v", r, err)
	}
}
