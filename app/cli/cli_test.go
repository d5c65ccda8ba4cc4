package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"madoguchi/app/desk"
	"madoguchi/app/i18n"
	"madoguchi/app/lostcard"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

func TestParse(t *testing.T) {
	cases := []struct {
		args    []string
		dataDir string
		command string
		wantErr bool
	}{
		{nil, "", "", false},
		{[]string{"version"}, "", "version", false},
		{[]string{"--data-dir", "/srv/m", "db", "check"}, "/srv/m", "db check", false},
		{[]string{"-data-dir=/srv/m", "db", "migrate"}, "/srv/m", "db migrate", false},
		{[]string{"--no-such-flag"}, "", "", true},
	}
	for _, c := range cases {
		inv, err := Parse(c.args)
		if (err != nil) != c.wantErr {
			t.Errorf("Parse(%q) error = %v, want error %v", c.args, err, c.wantErr)
			continue
		}
		if inv.DataDirFlag != c.dataDir || strings.Join(inv.Command, " ") != c.command {
			t.Errorf("Parse(%q) = %+v, want data dir %q command %q", c.args, inv, c.dataDir, c.command)
		}
	}
}

// runLine executes a command line against dir with the given $LANG.
func runLine(t *testing.T, lang string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Parse(args)
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	env := Env{Version: "1.2.3", Stdout: &out, Stderr: &errOut, Catalog: cat,
		Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}}
	code = Run(context.Background(), inv, env)
	return code, out.String(), errOut.String()
}

// testPlace is a new, empty database on the test run's engine (testdb):
// where it is, and the global flags that name it on a command line
// (--database before the command when it is PostgreSQL's).
func testPlace(t *testing.T) (store.Location, []string) {
	t.Helper()
	dir, url := testdb.Place(t)
	flags := []string{"--data-dir", dir}
	if url != "" {
		flags = append(flags, "--database", url)
	}
	return store.Location{DataDir: dir, DatabaseURL: url}, flags
}

// on is a command line run on the database flags name.
func on(flags []string, args ...string) []string {
	return append(slices.Clone(flags), args...)
}

func TestCommands(t *testing.T) {
	loc, at := testPlace(t)
	// A server's database exists before the first desk: it is new until
	// migrated. An SQLite file does not.
	before := "There is no database"
	if loc.DatabaseURL != "" {
		before = "cli.db.error.empty"
		if cat, _ := i18n.Load(locales.FS); cat.Message("en", before, nil) != before {
			before = "no Madoguchi tables"
		}
	}
	cases := []struct {
		name     string
		lang     string
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{"version", "C", []string{"version"}, 0, "madoguchi 1.2.3", ""},
		{"check before any database exists", "C", on(at, "db", "check"), 1, "", before},
		{"migrate creates the tables", "C", on(at, "db", "migrate"), 0, "up to date", ""},
		{"check after migrate", "C", on(at, "db", "check"), 0, "intake", ""},
		{"check says how much it read", "C", on(at, "db", "check"), 0, ": ok (", ""},
		{"unknown command", "C", []string{"frobnicate"}, 2, "", "unknown command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runLine(t, c.lang, c.args...)
			if code != c.code || !strings.Contains(out, c.inStdout) || !strings.Contains(errOut, c.inStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
					code, out, errOut, c.code, c.inStdout, c.inStderr)
			}
		})
	}
	if code, out, _ := runLine(t, "C", on(at, "db", "check")...); loc.DatabaseURL == "" && !strings.Contains(out, "full integrity check") ||
		loc.DatabaseURL != "" && !strings.Contains(out, "the server keeps its own files whole") {
		t.Errorf("db check does not say what it read: exit %d %q", code, out)
	}
}

// TestCommandsOnADamagedFile: a damaged or emptied SQLite file is
// reported, never migrated over or changed.
func TestCommandsOnADamagedFile(t *testing.T) {
	testdb.SQLiteOnly(t)
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, store.FileName), []byte(strings.Repeat("not sqlite ", 50)), 0o600)
	emptied := t.TempDir()
	os.WriteFile(filepath.Join(emptied, store.FileName), nil, 0o600)
	cases := []struct {
		name     string
		lang     string
		args     []string
		inStderr string
	}{
		{"check reads the tables, which opening does not", "C", []string{"--data-dir", damagedTable(t), "db", "check"}, "damaged"},
		{"corrupt file, in Japanese", "ja_JP.UTF-8", []string{"--data-dir", corrupt, "db", "check"}, "壊れている"},
		{"corrupt file is not migrated over", "C", []string{"--data-dir", corrupt, "db", "migrate"}, "damaged"},
		{"an emptied file is damaged, not new", "C", []string{"--data-dir", emptied, "db", "check"}, "damaged"},
		{"an emptied file is not migrated over", "C", []string{"--data-dir", emptied, "db", "migrate"}, "damaged"},
		{"vault status refuses it too", "C", []string{"--data-dir", emptied, "vault", "status"}, "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runLine(t, c.lang, c.args...)
			if code != 1 || !strings.Contains(errOut, c.inStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, stderr with %q", code, out, errOut, c.inStderr)
			}
		})
	}
	after, _ := os.ReadFile(filepath.Join(corrupt, store.FileName))
	if string(after) != strings.Repeat("not sqlite ", 50) {
		t.Error("the corrupt file was changed")
	}
	if fi, err := os.Stat(filepath.Join(emptied, store.FileName)); err != nil || fi.Size() != 0 {
		t.Errorf("the emptied file was changed: %v", err)
	}
}

// damagedTable writes a database whose header and schema are sound but
// whose one table's pages are not, and returns its data directory: opening
// it succeeds (store.Open reads no table); only the full check finds it.
func damagedTable(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE notes (body TEXT)`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200)
		 INSERT INTO notes SELECT hex(randomblob(200)) FROM n`,
		`PRAGMA wal_checkpoint(TRUNCATE)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096 + 100; i < 4*4096 && i < len(b); i++ { // the table's first pages
		b[i] = 0xA5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open: %v; want damage only the full check finds", err)
	}
	db.Close()
	return dir
}

// TestBackupCommands: backup and restore of a desk's SQLite file.
func TestBackupCommands(t *testing.T) {
	testdb.SQLiteOnly(t) // a shared database: TestBackupRefusesASharedDatabase
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	src, dst := t.TempDir(), t.TempDir()
	file := filepath.Join(t.TempDir(), "office.backup")
	run := func(stdin string, args ...string) (int, string) {
		inv, err := Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Catalog: cat, Getenv: func(string) string { return "" }}
		return Run(context.Background(), inv, env), out.String() + errOut.String()
	}
	if code, out := run("", "--data-dir", src, "db", "migrate"); code != 0 {
		t.Fatalf("migrate: %s", out)
	}
	if code, out := run("short\n", "--data-dir", src, "backup", file); code != 1 || !strings.Contains(out, "12") {
		t.Errorf("short passphrase: exit %d %s", code, out)
	}
	if code, out := run("a long backup passphrase\n", "--data-dir", src, "backup", file); code != 0 {
		t.Fatalf("backup: exit %d %s", code, out)
	}
	if code, out := run("the wrong passphrase!!\n", "--data-dir", dst, "restore", file); code != 1 || !strings.Contains(out, "passphrase") {
		t.Errorf("restore with the wrong passphrase: exit %d %s", code, out)
	}
	desk, err := store.Open(context.Background(), filepath.Join(dst, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if code, out := run("a long backup passphrase\n", "--data-dir", dst, "restore", file); code != 1 || !strings.Contains(out, "Close every Madoguchi window and command") {
		t.Errorf("restore while a desk has the database open: exit %d %s", code, out)
	}
	desk.Close()
	restoring, err := store.LockExclusive(filepath.Join(dst, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if code, out := run("", "--data-dir", dst, "db", "check"); code != 1 || !strings.Contains(out, "being restored") {
		t.Errorf("db check during a restore: exit %d %s", code, out)
	}
	restoring.Release()
	if code, out := run("a long backup passphrase\n", "--data-dir", dst, "restore", file); code != 0 {
		t.Errorf("restore: exit %d %s", code, out)
	}
	if code, out := run("", "--data-dir", dst, "db", "check"); code != 0 {
		t.Errorf("db check after restore: exit %d %s", code, out)
	}
}

// TestBackupRefusesASharedDatabase: madoguchi backup and restore work on a
// desk's own SQLite file; a shared database is backed up with the
// server's tools (pg_dump), and restore never replaces it.
func TestBackupRefusesASharedDatabase(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("about a shared PostgreSQL database: covered by the PostgreSQL run")
	}
	loc, at := testPlace(t)
	if code, _, errOut := runLine(t, "C", on(at, "db", "migrate")...); code != 0 {
		t.Fatal(errOut)
	}
	file := filepath.Join(t.TempDir(), "office.backup")
	for _, command := range []string{"backup", "restore"} {
		code, out, errOut := runLine(t, "C", on(at, command, file)...)
		if code != 1 || !strings.Contains(errOut, "pg_dump") {
			t.Errorf("%s on a shared database: exit %d, stdout %q, stderr %q; want the refusal", command, code, out, errOut)
		}
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a backup file was written")
	}
	if files, _ := os.ReadDir(loc.DataDir); len(files) != 0 {
		t.Errorf("the desk's folder was written to: %v", files)
	}
}

func TestAuditExport(t *testing.T) {
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, at := testPlace(t)
	run := func(args ...string) (int, string) {
		inv, err := Parse(on(at, args...))
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		code := Run(context.Background(), inv, Env{Stdout: &out, Stderr: &errOut, Catalog: cat, Getenv: func(string) string { return "" }})
		return code, out.String() + errOut.String()
	}
	if code, out := run("audit", "export"); code != 0 || !strings.Contains(out, "seq,at,") {
		t.Fatalf("first export: exit %d\n%s", code, out)
	}
	code, out := run("audit", "export", "--action", "export")
	if code != 0 || !strings.Contains(out, ",export,auditLog,") {
		t.Errorf("the first export is not in the trail: exit %d\n%s", code, out)
	}
	if code, out := run("audit", "verify"); code != 0 {
		t.Errorf("verify after exports: exit %d\n%s", code, out)
	}
	if code, out := run("audit", "export", "--from", "23/11/2026"); code != 2 || !strings.Contains(out, "--from: Enter the start date") {
		t.Errorf("bad date: exit %d\n%s", code, out)
	}
	if code, out := run("audit", "export", "--action", "dance"); code != 2 || !strings.Contains(out, "--action:") {
		t.Errorf("unknown action: exit %d\n%s", code, out)
	}
}

func TestVaultAndRetentionCommands(t *testing.T) {
	ctx := context.Background()
	cat, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	loc, at := testPlace(t)
	const pass = "office data passphrase"
	db, err := desk.OpenStore(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Setup(ctx, pass); err != nil {
		t.Fatal(err)
	}
	db.Close()
	run := func(stdin string, envPass string, args ...string) (int, string) {
		inv, err := Parse(on(at, args...))
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		getenv := func(k string) string {
			switch k {
			case vault.KeyringEnv:
				return "none" // the test never touches this account's keyring
			case DataPassphraseEnv:
				return envPass
			}
			return ""
		}
		code := Run(ctx, inv, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Catalog: cat, Getenv: getenv})
		return code, out.String() + errOut.String()
	}
	tests := []struct {
		name      string
		stdin     string
		envPass   string
		args      []string
		code      int
		wantInOut string
	}{
		{"status without the keyring", "", "", []string{"vault", "status"}, 0, "data key locked"},
		{"rotate with the wrong passphrase", "not the passphrase\n", "", []string{"vault", "rotate"}, 1, "passphrase"},
		{"rotate", pass + "\n", "", []string{"vault", "rotate"}, 0, "data key rotated"},
		{"retention while locked", "", "", []string{"retention", "run"}, 1, "locked"},
		{"retention with the passphrase", "", pass, []string{"retention", "run"}, 0, "destroyed: 0"},
		{"export reads through the vault", "", pass, []string{"audit", "export", "--action", "keyRotate"}, 0, ",keyRotate,"},
		{"verify needs the data key", "", "", []string{"audit", "verify"}, 1, "locked"},
		{"the chain holds", "", pass, []string{"audit", "verify"}, 0, "chain correctly"},
	}
	for _, tt := range tests {
		code, out := run(tt.stdin, tt.envPass, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.wantInOut) {
			t.Errorf("%s: exit %d, want %d with %q\n%s", tt.name, code, tt.code, tt.wantInOut, out)
		}
	}
}

// TestLostCardFigures: the administrator's command line gives the call centre's counts, never a report.
func TestLostCardFigures(t *testing.T) {
	loc, at := testPlace(t)
	if code, _, errOut := runLine(t, "C", on(at, "db", "migrate")...); code != 0 {
		t.Fatal(errOut)
	}
	db, err := desk.OpenStore(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	svc := lostcard.New(db, vault.NewPlain(), []string{"ja", "vi"}, nil)
	r, err := svc.Start(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Save(context.Background(), r.ID, lostcard.Answers{"callerLanguage": "vi", "name": "NGUYEN THI LAN"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errOut := runLine(t, "C", on(at, "lostcard", "figures", "--days", "7")...)
	if code != 0 || !strings.Contains(out, ": 1\n") || !strings.Contains(out, "vi") || !strings.Contains(out, "open") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if strings.Contains(out, "NGUYEN") {
		t.Error("the figures name a caller")
	}
	if code, out, _ := runLine(t, "C", on(at, "lostcard", "figures", "--json")...); code != 0 || !strings.Contains(out, `"total": 1`) {
		t.Errorf("--json: exit %d, %q", code, out)
	}
	if code, _, errOut := runLine(t, "C", on(at, "lostcard", "list")...); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("unknown lostcard command: exit %d, %q", code, errOut)
	}
}
