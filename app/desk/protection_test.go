package desk

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/backup"
	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/mynumber"
	"madoguchi/app/store"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

const passphrase = "long enough data passphrase"

// newProtectedDesk is a desk on the database at loc (testLocation: new at
// first) with a real vault (default Argon2id: about a second per setup or
// unlock) and no keyring, as the program runs with MADOGUCHI_KEYRING=none.
func newProtectedDesk(t *testing.T, loc store.Location) (*Desk, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db := openStore(t, loc)
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	d := New(Deps{
		Version: "test", Catalog: cat, Vault: v,
		Resealers: []vault.Resealer{intake.Reseal, audit.Reseal},
		Auth:      auth.New(db, nil).WithHashCost(cheapHashes),
		Intake:    intake.New(db, v, []string{"ja", "en"}, nil),
		Audit:     audit.New(db, v, nil),
	})
	return d, db
}

func protectionOf(t *testing.T, d *Desk) string {
	t.Helper()
	b, err := d.Boot()
	if err != nil {
		t.Fatal(err)
	}
	return b.Protection
}

func TestFirstRunSetsUpProtectionThenLocksOnRestart(t *testing.T) {
	loc := testLocation(t)
	d, db := newProtectedDesk(t, loc)
	if got := protectionOf(t, d); got != "needsSetup" {
		t.Fatalf("new database: protection %q, want needsSetup", got)
	}
	// Nothing personal can be stored before the passphrase exists.
	if _, err := d.CreateAdmin("admin", "Admin", pw, pw); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateUser("counter1", "Counter", auth.Counter, pw, pw); err != nil {
		t.Fatal(err)
	}
	d.SignOut()
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	if _, err := d.StartApplication(); problemID(err) != "vault.error.notSetUp" {
		t.Fatalf("StartApplication before setup: %v, want vault.error.notSetUp", err)
	}
	// Accounts exist now: only a signed-in administrator may set it up.
	if err := d.SetUpProtection(passphrase, passphrase); problemID(err) != "desk.error.forbidden" {
		t.Fatalf("SetUpProtection as counter: %v, want forbidden", err)
	}
	d.SignOut()
	if err := d.SetUpProtection(passphrase, passphrase); problemID(err) != "desk.error.signedOut" {
		t.Fatalf("SetUpProtection signed out: %v, want signedOut", err)
	}
	if _, err := d.SignIn("admin", pw); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ pass, confirm, want string }{
		{"short", "short", "vault.passphrase.error.tooShort"},
		{passphrase, passphrase + "x", "vault.passphrase.error.mismatch"},
		{passphrase, passphrase, ""},
		{passphrase, passphrase, "vault.error.alreadySetUp"},
	} {
		if err := d.SetUpProtection(tc.pass, tc.confirm); problemID(err) != tc.want {
			t.Fatalf("SetUpProtection(%q): %v, want %q", tc.pass, err, tc.want)
		}
	}
	d.SignOut()
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	id := fillApplication(t, d, "山田 太郎", "ヤマダ タロウ", "1980")
	d.SignOut()
	db.Close()

	// Restart without a keyring: locked until the passphrase is given.
	d2, _ := newProtectedDesk(t, loc)
	if got := protectionOf(t, d2); got != "locked" {
		t.Fatalf("restart: protection %q, want locked", got)
	}
	if _, err := d2.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	if _, err := d2.GetApplication(id); problemID(err) != "vault.error.locked" {
		t.Fatalf("GetApplication while locked: %v, want vault.error.locked", err)
	}
	if err := d2.UnlockData("not the passphrase"); problemID(err) != "vault.error.wrongPassphrase" {
		t.Fatalf("UnlockData(wrong): %v", err)
	}
	if err := d2.UnlockData(passphrase); err != nil {
		t.Fatal(err)
	}
	a, err := d2.GetApplication(id)
	if err != nil || a.Answers["name"] != "山田 太郎" {
		t.Fatalf("after unlock: %v, %v", a, err)
	}
	entries, err := d2.Audit.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []audit.Action
	for _, e := range entries {
		if e.Action == audit.VaultSetup || e.Action == audit.VaultLocked || e.Action == audit.VaultUnlock {
			got = append(got, e.Action)
		}
	}
	if len(got) != 3 {
		t.Errorf("vault audit entries %v, want setup, a wrong passphrase and an unlock", got)
	}
}

// TestNoPlaintextAtRest writes an application with known values through
// the desk, then searches where it rests for them: the raw database file,
// its WAL and an encrypted backup; on PostgreSQL, a dump of the database
// (pg_dump: how a shared database is backed up, madoguchi backup refusing
// it).
func TestNoPlaintextAtRest(t *testing.T) {
	ctx := context.Background()
	loc := testLocation(t)
	d, db, id := protectedApplication(t, loc)
	secrets := []string{"鰐淵", "凛々子", "ワニブチ", "西新宿二丁目", "09087654321", "Xylophonist", "Quokka", "1977-04-12",
		secretNumber, mynumber.Group(secretNumber)}

	files := map[string][]byte{}
	if db.Engine == store.Postgres {
		if err := backup.Write(ctx, db, filepath.Join(t.TempDir(), "madoguchi.backup"), "backup passphrase 123"); problemID(err) != "cli.backup.error.server" {
			t.Errorf("backup of a shared database: %v, want cli.backup.error.server (pg_dump is its backup)", err)
		}
		files["pg_dump"] = pgDump(t, loc.DatabaseURL)
	} else {
		backupPath := filepath.Join(t.TempDir(), "madoguchi.backup")
		if err := backup.Write(ctx, db, backupPath, "backup passphrase 123"); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{store.FileName, store.FileName + "-wal"} {
			raw, err := os.ReadFile(filepath.Join(loc.DataDir, name))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = raw
		}
		if len(files[store.FileName+"-wal"]) <= 32 {
			t.Fatal("the WAL holds no frames: the search would prove nothing about it")
		}
		raw, err := os.ReadFile(backupPath)
		if err != nil {
			t.Fatal(err)
		}
		files["backup"] = raw
	}
	for name, raw := range files {
		for _, s := range secrets {
			// A dump writes a BYTEA value in hex: a value stored unsealed
			// in one would show there as the hex of its bytes.
			if bytes.Contains(raw, []byte(s)) || bytes.Contains(raw, []byte(hex.EncodeToString([]byte(s)))) {
				t.Errorf("%s holds %q in plaintext", name, s)
			}
		}
	}
	// The search itself works: the answers are there, only encrypted.
	a, err := d.GetApplication(id)
	if err != nil || a.Answers["contactOther"] != "Xylophonist at Quokka Lane" || a.Number == nil {
		t.Fatalf("read back: %v, %v", a, err)
	}
	if n, err := d.RevealNumber(id); err != nil || strings.ReplaceAll(n, " ", "") != secretNumber {
		t.Fatalf("reveal the number: %v, %v", n, err)
	}
}

// protectedApplication sets up a protected desk on loc (data passphrase, an
// administrator, counter1 signed in) and takes an application with known
// values, its Individual Number (secretNumber) included.
func protectedApplication(t *testing.T, loc store.Location) (*Desk, *store.DB, int64) {
	t.Helper()
	d, db := newProtectedDesk(t, loc)
	if err := d.SetUpProtection(passphrase, passphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateAdmin("admin", "Admin", pw, pw); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateUser("counter1", "Counter", auth.Counter, pw, pw); err != nil {
		t.Fatal(err)
	}
	d.SignOut()
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	id := fillApplication(t, d, "鰐淵 凛々子", "ワニブチ リリコ", "1977")
	for _, s := range []struct {
		step string
		in   intake.Answers
	}{
		{"nationality", intake.Answers{"nationality": "JP"}},
		{"contact", intake.Answers{"phone": "09087654321", "contactOther": "Xylophonist at Quokka Lane"}},
		{intake.StepNumber, intake.Answers{"recordNumber": "yes", "number": secretNumber, "numberAgain": secretNumber}},
	} {
		if _, err := d.SaveStep(id, s.step, s.in); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	return d, db, id
}

// secretNumber is a valid Individual Number found nowhere else in the tests.
const secretNumber = "807362519404"

// pgDump is what pg_dump writes of the PostgreSQL database at databaseURL,
// as plain SQL (compressed, a search of it would prove nothing). It runs
// the server's own pg_dump (build/pg.sh gives its folder), as the server's
// account when the tests run as root.
func pgDump(t *testing.T, databaseURL string) []byte {
	t.Helper()
	bin := os.Getenv("MADOGUCHI_TEST_PG_BIN")
	if bin == "" {
		t.Fatal("MADOGUCHI_TEST_PG_BIN is not set: run the PostgreSQL tests through build/pg.sh (make test-go-postgres)")
	}
	args := append(strings.Fields(os.Getenv("MADOGUCHI_TEST_PG_AS")), filepath.Join(bin, "pg_dump"), "--format=plain", "--no-owner", "--dbname="+databaseURL)
	cmd := exec.Command(args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, stderr.String())
	}
	// The dump proves something only if the application is in it.
	if !bytes.Contains(out, []byte("COPY public.intake_applications")) || bytes.Count(out, []byte("\n")) < 50 {
		t.Fatalf("the dump holds no applications:\n%s", out)
	}
	return out
}
