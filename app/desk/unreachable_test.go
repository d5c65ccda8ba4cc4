package desk

import (
	"context"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"madoguchi/app/auth"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// TestUnreachableServerAtStart: a desk started while the office's database
// server cannot be reached says so (not "cannot be opened: check the free
// space"), naming the database without its password.
func TestUnreachableServerAtStart(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0") // a port nothing answers on once closed
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	url := "postgres://desk:secret-pw@" + addr + "/office?sslmode=disable&connect_timeout=5"
	db, err := OpenStore(context.Background(), store.Location{DataDir: t.TempDir(), DatabaseURL: url})
	if db != nil {
		db.Close()
	}
	if got := problemID(err); got != "store.error.unreachable" {
		t.Fatalf("OpenStore with the server down: %q, want store.error.unreachable", got)
	}
	p := problem.From(err)[0]
	if path, _ := p.Args["Path"].(string); !strings.Contains(path, addr) || strings.Contains(path, "secret-pw") {
		t.Errorf("the database is named %q: want its address, never its password", path)
	}
}

// TestServerRefusalAtStart: a server that answers and refuses (no such
// database) was reached: the window says the database cannot be opened,
// not that the network is down.
func TestServerRefusalAtStart(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("about a PostgreSQL server: covered by the PostgreSQL run")
	}
	u, err := url.Parse(testdb.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/madoguchi_no_such_database"
	db, err := OpenStore(context.Background(), store.Location{DataDir: t.TempDir(), DatabaseURL: u.String()})
	if db != nil {
		db.Close()
	}
	if got := problemID(err); got != "store.error.open" {
		t.Fatalf("OpenStore of a database the server does not have: %q, want store.error.open", got)
	}
}

// TestServerRestartMidFlow stops the office's PostgreSQL server while a
// clerk is taking an application: the desk says the server cannot be
// reached (a problem, in the staff language; the window keeps what was
// typed, as with any problem), and once the server is back the same desk
// (the same *sql.DB, nothing reopened) saves the answer it could not save,
// with every earlier answer still there. The server is the test's own
// (testdb.OwnServer): the run's is shared with other packages' tests.
func TestServerRestartMidFlow(t *testing.T) {
	server := testdb.OwnServer(t)
	ctx := context.Background()
	dir, url := t.TempDir(), server.URL
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	deps := Deps{Version: "test", Catalog: cat, DataDir: dir, Database: url, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	db := Wire(ctx, &deps, vault.NewFileKeyring(filepath.Join(dir, "keyring")))
	if deps.Fatal != nil {
		t.Fatal(deps.Fatal)
	}
	t.Cleanup(func() { db.Close() })
	deps.Auth = deps.Auth.WithHashCost(cheapHashes)
	d := New(deps)
	if _, err := d.CreateAdmin("admin", "Admin", pw, pw); err != nil {
		t.Fatal(err)
	}
	if err := d.SetUpProtection(passphrase, passphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateUser("counter1", "Counter", auth.Counter, pw, pw); err != nil {
		t.Fatal(err)
	}
	d.SignOut()
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	a, err := d.StartApplication()
	if err != nil {
		t.Fatal(err)
	}
	answers := []struct {
		step string
		in   intake.Answers
	}{
		{"language", intake.Answers{"applicantLanguage": "ja"}},
		{"name", intake.Answers{"name": "山田 太郎"}},
		{"kana", intake.Answers{"nameKana": "ヤマダ タロウ"}},
		{"birth", intake.Answers{"birthCalendar": "gregorian", "birthYear": "1980", "birthMonth": "4", "birthDay": "12"}},
	}
	for _, s := range answers[:3] {
		if _, err := d.SaveStep(a.ID, s.step, s.in); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	birth := answers[3]

	server.Stop()
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"save the birth date", func() error { _, err := d.SaveStep(a.ID, birth.step, birth.in); return err }},
		{"save it again", func() error { _, err := d.SaveStep(a.ID, birth.step, birth.in); return err }},
		{"open the application", func() error { _, err := d.GetApplication(a.ID); return err }},
		{"search", func() error { _, err := d.SearchApplications("山田"); return err }},
		{"start the next application", func() error { _, err := d.StartApplication(); return err }},
	} {
		if got := problemID(tc.call()); got != "store.error.unreachable" {
			t.Errorf("%s while the server is down: %q, want store.error.unreachable", tc.name, got)
		}
	}
	if b, err := d.Boot(); problemID(err) != "store.error.unreachable" {
		t.Errorf("boot while the server is down: %+v, %q", b, problemID(err))
	}
	if err := d.Touch(); err != nil {
		t.Errorf("the session is the desk's own, not the server's: touch %v", err)
	}
	server.Start()

	got, err := d.SaveStep(a.ID, birth.step, birth.in)
	if err != nil {
		t.Fatalf("the same save once the server is back: %v", err)
	}
	if got.BirthDate != "1980-04-12" || got.Step != "sex" {
		t.Errorf("after the save: birth date %q, step %q; want 1980-04-12, sex", got.BirthDate, got.Step)
	}
	again, err := d.GetApplication(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"applicantLanguage": "ja", "name": "山田 太郎", "nameKana": "ヤマダ タロウ", "birthYear": "1980"} {
		if again.Answers[field] != want {
			t.Errorf("answer %s = %q after the restart, want %q", field, again.Answers[field], want)
		}
	}
	if _, err := d.Boot(); err != nil {
		t.Errorf("boot once the server is back: %v", err)
	}
}
