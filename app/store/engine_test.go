package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

// These tests run on the engine of the test run (testdb): `make test` runs
// them on SQLite and on PostgreSQL.

func set(owner string, files map[string]string) store.Migrations {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return store.Migrations{Owner: owner, FS: fsys}
}

// ledger is written as the packages write theirs: SQLite types, a rowid
// key, STRICT, and a trigger that differs by engine.
var ledger = set("ledger", map[string]string{
	"001_entries.sql": `
CREATE TABLE entries (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    amount INTEGER NOT NULL,
    ok     INTEGER NOT NULL CHECK (ok IN (0, 1)),
    body   BLOB    NOT NULL,
    note   TEXT    NOT NULL DEFAULT '?'
) STRICT;
CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
-- engine: sqlite
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'entries are kept');
END;
-- engine: postgres
CREATE FUNCTION entries_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'entries are kept';
END $$;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries FOR EACH ROW EXECUTE FUNCTION entries_kept();
-- engine: all
`,
})

var ledgerV2 = set("ledger", map[string]string{
	"001_entries.sql": string(ledger.FS.(fstest.MapFS)["001_entries.sql"].Data),
	"002_who.sql":     `ALTER TABLE entries ADD COLUMN who TEXT NOT NULL DEFAULT '';`,
})

func TestMigratedTablesTakeWhatThePackagesWrite(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, ledger)
	// A 64-bit value (the blind index's terms are), a Go bool, bytes, and a
	// '?' inside a literal next to placeholders.
	var id int64
	err := db.QueryRowContext(ctx, `INSERT INTO entries (amount, ok, body, note) VALUES (?, ?, ?, 'why?') RETURNING id`,
		int64(-1)<<62, true, []byte{0, 1, 2}).Scan(&id)
	if err != nil {
		t.Fatalf("insert: %v", err)
	}
	var amount int64
	var ok bool
	var body []byte
	var note string
	if err := db.QueryRowContext(ctx, `SELECT amount, ok, body, note FROM entries WHERE id = ?`, id).Scan(&amount, &ok, &body, &note); err != nil {
		t.Fatalf("read back: %v", err)
	}
	if amount != int64(-1)<<62 || !ok || string(body) != "\x00\x01\x02" || note != "why?" {
		t.Errorf("read back %d %v %x %q", amount, ok, body, note)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM entries WHERE id = ?`, id); err == nil {
		t.Error("the engine's own trigger did not keep the entry")
	}
	last, known, err := db.LastSequence(ctx, db, "entries", "id")
	if err != nil || !known || last != id {
		t.Errorf("LastSequence = %d, %v, %v; want %d", last, known, err, id)
	}
	if ok, err := db.TableExists(ctx, db, "pairs"); err != nil || !ok {
		t.Errorf("TableExists(pairs) = %v, %v", ok, err)
	}
	if ok, err := db.TableExists(ctx, db, "nothing"); err != nil || ok {
		t.Errorf("TableExists(nothing) = %v, %v", ok, err)
	}
}

func TestMigrationsAddUpAndNewerIsRefused(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	desk1 := testdb.OpenAt(t, dir, url)
	if err := desk1.Migrate(ctx, ledgerV2); err != nil {
		t.Fatalf("migrate to v2: %v", err)
	}
	if _, err := desk1.ExecContext(ctx, `INSERT INTO entries (amount, ok, body, who) VALUES (1, 0, ?, 'desk 1')`, []byte{}); err != nil {
		t.Fatal(err)
	}
	// A desk with an older program is refused, and nothing is reset.
	old := testdb.OpenAt(t, dir, url)
	if err := old.Migrate(ctx, ledger); !errors.Is(err, store.ErrNewerVersion) {
		t.Fatalf("older program: err = %v, want ErrNewerVersion", err)
	}
	var n int
	if err := old.QueryRowContext(ctx, `SELECT count(*) FROM entries`).Scan(&n); err != nil || n != 1 {
		t.Errorf("entries after a refused migration: %d, %v", n, err)
	}
}

// Desks started at the same moment on one new database each migrate it:
// one does the work, the others find it done; none fails.
func TestDesksMigrateOneDatabaseAtOnce(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	if testdb.Engine() == store.SQLite {
		testdb.OpenAt(t, dir, url) // SQLite makes the file at open: one at a time
	}
	const desks = 4
	var wg sync.WaitGroup
	errs := make(chan error, desks)
	for range desks {
		db := testdb.OpenAt(t, dir, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.Migrate(ctx, ledgerV2)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a desk failed to migrate: %v", err)
		}
	}
}

// Serialize makes read-then-write transactions (the audit chain's head) go
// one at a time across desks: none reads a head another is replacing.
func TestSerializedTransactionsDoNotInterleave(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	first := testdb.OpenAt(t, dir, url)
	if err := first.Migrate(ctx, ledger); err != nil {
		t.Fatal(err)
	}
	const desks, each = 3, 20
	var wg sync.WaitGroup
	for d := range desks {
		db := first
		if d > 0 {
			db = testdb.OpenAt(t, dir, url)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				err := db.Tx(ctx, func(tx *sql.Tx) error {
					if err := db.Serialize(ctx, tx, "entries"); err != nil {
						return err
					}
					var top int64
					if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(amount), 0) FROM entries`).Scan(&top); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `INSERT INTO entries (amount, ok, body) VALUES (?, 1, ?)`, top+1, []byte{})
					return err
				})
				if err != nil {
					t.Errorf("append: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var n, distinct, top int64
	if err := first.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT amount), MAX(amount) FROM entries`).Scan(&n, &distinct, &top); err != nil {
		t.Fatal(err)
	}
	if n != desks*each || distinct != n || top != n {
		t.Errorf("%d appends gave %d rows, %d distinct, top %d: some read a head another was replacing", desks*each, n, distinct, top)
	}
}

// The roles docs/deployment.md tells an office to make: an owner that
// migrates, and a desk role with rights on rows only. The desk opens the
// migrated database (its Migrate finds nothing to do), reads and writes
// rows, and can neither change the schema nor drop the append-only trigger.
func TestDeskRoleWithRowRightsOnly(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("roles are PostgreSQL's")
	}
	ctx := context.Background()
	dir, ownerURL := testdb.Place(t)
	owner := testdb.OpenAt(t, dir, ownerURL)
	if err := owner.Migrate(ctx, ledgerV2); err != nil {
		t.Fatal(err)
	}
	role := fmt.Sprintf("desk_%d", time.Now().UnixNano())
	u, _ := url.Parse(ownerURL)
	dbname := strings.TrimPrefix(u.Path, "/")
	for _, q := range []string{
		`CREATE ROLE ` + role + ` LOGIN`,
		`GRANT CONNECT ON DATABASE ` + dbname + ` TO ` + role,
		`GRANT USAGE ON SCHEMA public TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role,
		`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ` + role,
	} {
		if _, err := owner.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		owner.ExecContext(ctx, `DROP OWNED BY `+role)
		owner.ExecContext(ctx, `DROP ROLE `+role)
	})
	u.User = url.User(role)
	desk := testdb.OpenAt(t, t.TempDir(), u.String())
	if err := desk.Migrate(ctx, ledgerV2); err != nil {
		t.Fatalf("desk role opening a migrated database: %v", err)
	}
	var id int64
	if err := desk.QueryRowContext(ctx, `INSERT INTO entries (amount, ok, body) VALUES (?, ?, ?) RETURNING id`, 1, false, []byte{}).Scan(&id); err != nil {
		t.Fatalf("desk role writing a row: %v", err)
	}
	for _, q := range []string{
		`DROP TRIGGER entries_no_delete ON entries`,
		`ALTER TABLE entries ADD COLUMN x TEXT`,
		`CREATE TABLE mine (a TEXT)`,
	} {
		if _, err := desk.ExecContext(ctx, q); err == nil {
			t.Errorf("desk role could: %s", q)
		}
	}
}
