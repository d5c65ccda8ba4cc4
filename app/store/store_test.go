package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func migrationsOf(owner string, files map[string]string) Migrations {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return Migrations{Owner: owner, FS: fsys}
}

var notesV1 = migrationsOf("notes", map[string]string{
	"001_notes.sql": `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);`,
})

var notesV2 = migrationsOf("notes", map[string]string{
	"001_notes.sql":  `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);`,
	"002_author.sql": `ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';`,
})

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return db, path
}

func TestMigrateFromEmptyAndReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	if err := db.Migrate(ctx, notesV1); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO notes(body) VALUES ('kept')`); err != nil {
		t.Fatalf("insert: %v", err)
	}
	db.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, notesV2); err != nil {
		t.Fatalf("migrate to v2: %v", err)
	}
	var body, author string
	if err := db.QueryRowContext(ctx, `SELECT body, author FROM notes`).Scan(&body, &author); err != nil {
		t.Fatalf("read after reopen: %v", err)
	}
	if body != "kept" || author != "" {
		t.Errorf("row after migration = %q,%q; want kept,\"\"", body, author)
	}
	st, err := db.Pending(ctx, notesV2)
	if err != nil {
		t.Fatal(err)
	}
	if st[0].Applied != 2 || st[0].Known != 2 {
		t.Errorf("status = %+v, want 2/2", st[0])
	}
}

func TestPragmas(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	defer db.Close()
	cases := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
	}
	for _, c := range cases {
		var got string
		if err := db.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.pragma, err)
		}
		if got != c.want {
			t.Errorf("PRAGMA %s = %s, want %s", c.pragma, got, c.want)
		}
	}
}

func TestNewerVersionIsRefused(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		written []Migrations
		known   []Migrations
	}{
		{"higher version of a known owner", []Migrations{notesV2}, []Migrations{notesV1}},
		{"owner this program does not know", []Migrations{notesV1, migrationsOf("future", map[string]string{"001_x.sql": "CREATE TABLE x(a);"})}, []Migrations{notesV1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openTemp(t)
			defer db.Close()
			if err := db.Migrate(ctx, c.written...); err != nil {
				t.Fatal(err)
			}
			err := db.Migrate(ctx, c.known...)
			if !errors.Is(err, ErrNewerVersion) {
				t.Fatalf("migrate with older program: err = %v, want ErrNewerVersion", err)
			}
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Error("ledger was emptied by a refused migration")
			}
		})
	}
}

// filledDB writes a database holding a few pages of notes, checkpointed so
// that the file alone holds them, and returns its bytes.
func filledDB(t *testing.T, path string) []byte {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background(), notesV1); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		db.Exec(`INSERT INTO notes(body) VALUES (hex(randomblob(200)))`)
	}
	db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// overwrite fills b[from:to] with a byte no sound page holds there.
func overwrite(b []byte, from, to int) []byte {
	for i := from; i < len(b) && i < to; i++ {
		b[i] = 0xA5
	}
	return b
}

// TestCorruptFileIsRefusedAndKept: damage is reported as ErrCorrupt and the
// file is left as found. Open finds what lies in the header and the schema;
// damage inside a table is Check's to find, because Open reads no table (its
// cost must not grow with the data): a table's damaged pages passing Open is
// the rule, not a gap.
func TestCorruptFileIsRefusedAndKept(t *testing.T) {
	const page = 4096
	cases := []struct {
		name    string
		foundBy string // "Open" or "Check"
		content func(t *testing.T, path string) []byte
	}{
		{"not a database", "Open", func(*testing.T, string) []byte {
			return []byte("this is a text file, not SQLite, and it is long enough to hold a header ..........................................")
		}},
		{"header: impossible page size", "Open", func(t *testing.T, path string) []byte {
			b := filledDB(t, path)
			b[16], b[17] = 0x12, 0x34
			return b
		}},
		{"schema page damaged", "Open", func(t *testing.T, path string) []byte {
			return overwrite(filledDB(t, path), 100, page)
		}},
		{"cut short (an unfinished copy)", "Open", func(t *testing.T, path string) []byte {
			b := filledDB(t, path)
			return b[:len(b)/2]
		}},
		{"a table's pages damaged", "Check", func(t *testing.T, path string) []byte {
			return overwrite(filledDB(t, path), page+100, page*4)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			content := c.content(t, path)
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := Open(context.Background(), path)
			if c.foundBy == "Open" && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open: err = %v, want ErrCorrupt", err)
			}
			if c.foundBy == "Check" {
				if err != nil {
					t.Fatalf("Open: %v; want it to read no table, leaving this damage to Check", err)
				}
				err = db.Check(context.Background())
				db.Close()
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Check: err = %v, want ErrCorrupt", err)
				}
			}
			after, _ := os.ReadFile(path)
			if string(after) != string(content) {
				t.Error("the damaged file was modified; it must be left as found for recovery")
			}
		})
	}
}

// TestFileLeftByACrashOpens: a process killed (or a PC whose power was cut)
// leaves the database with its WAL not yet copied back, maybe with a frame
// half written at its end. SQLite's recovery at the next open keeps every
// committed transaction and drops the half-written one; Open adds no check
// of its own for it (docs/data-protection.md, The database file).
func TestFileLeftByACrashOpens(t *testing.T) {
	ctx := context.Background()
	db, path := openTemp(t)
	defer db.Close()
	if err := db.Migrate(ctx, notesV1); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"one", "two", "three"} {
		if _, err := db.ExecContext(ctx, `INSERT INTO notes(body) VALUES (?)`, body); err != nil {
			t.Fatal(err)
		}
	}
	// What the disk holds at the crash: the file and its WAL, the running
	// process never closing them; the shared-memory index is rebuilt.
	crashed := filepath.Join(t.TempDir(), FileName)
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" {
			b = append(b, []byte("half a frame, torn by the power cut")...)
		}
		if err := os.WriteFile(crashed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	after, err := Open(ctx, crashed)
	if err != nil {
		t.Fatalf("open after the crash: %v", err)
	}
	defer after.Close()
	var n int
	if err := after.QueryRowContext(ctx, `SELECT count(*) FROM notes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("%d notes after the crash, want the 3 committed", n)
	}
	if err := after.Check(ctx); err != nil {
		t.Errorf("full check after the crash: %v", err)
	}
}

func TestMigrationNamesAreChecked(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
	}{
		{"gap in numbers", map[string]string{"001_a.sql": "SELECT 1;", "003_c.sql": "SELECT 1;"}},
		{"no number", map[string]string{"a.sql": "SELECT 1;"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openTemp(t)
			defer db.Close()
			if err := db.Migrate(context.Background(), migrationsOf("x", c.files)); err == nil {
				t.Error("migrate accepted badly numbered files")
			}
		})
	}
}

func TestDataDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{"flag wins", "/srv/flag", map[string]string{DataDirEnv: "/srv/env"}, "/srv/flag"},
		{"environment next", "", map[string]string{DataDirEnv: "/srv/env", "XDG_DATA_HOME": "/x"}, "/srv/env"},
		{"XDG data home", "", map[string]string{"XDG_DATA_HOME": "/x"}, "/x/madoguchi"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DataDir(c.flag, env(c.env))
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("DataDir = %s, want %s", got, c.want)
			}
		})
	}
}
