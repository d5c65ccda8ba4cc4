package audit

import (
	"context"
	"regexp"
	"testing"

	"madoguchi/app/store"
)

// What the tests do to the database as whoever holds it can, with the
// engine's own tools (sqlite3, psql): the one place the tests' SQL differs
// by engine.

func onEngine(db *store.DB, sqlite, postgres string) string {
	if db.Engine == store.Postgres {
		return postgres
	}
	return sqlite
}

// dropTriggers is what anyone with the file and sqlite3, or the table's
// owner on the server, can do first.
func dropTriggers(t *testing.T, db *store.DB) {
	t.Helper()
	q := onEngine(db, `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete`,
		`DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER audit_log_no_delete ON audit_log`)
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// lowerSeqUsed makes the highest seq the log was ever given seq (0: none),
// as whoever deletes the newest entries would, to hide the gap.
func lowerSeqUsed(t *testing.T, db *store.DB, seq int64) {
	t.Helper()
	var err error
	switch {
	case db.Engine == store.Postgres && seq == 0:
		// A sequence not called since it was set shows no last value.
		_, err = db.Exec(`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), 1, false)`)
	case db.Engine == store.Postgres:
		_, err = db.Exec(`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), ?)`, seq)
	case seq == 0:
		_, err = db.Exec(`DELETE FROM sqlite_sequence WHERE name = 'audit_log'`)
	default:
		_, err = db.Exec(`UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'`, seq)
	}
	if err != nil {
		t.Fatal(err)
	}
	if used, err := highestSeqUsed(context.Background(), db, db); err != nil || used != seq {
		t.Fatalf("highest seq used %d, %v after lowering it to %d", used, err, seq)
	}
}

// failInserts makes every new audit entry fail as a full disk would: the
// trigger aborts the insert, and with it the transaction it runs in.
func failInserts(t *testing.T, db *store.DB) {
	t.Helper()
	q := onEngine(db, `CREATE TRIGGER test_audit_full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
		`CREATE FUNCTION test_audit_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
		CREATE TRIGGER test_audit_full BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_audit_full()`)
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}

// blobLiterals writes SQLite's blob literals X'...' as PostgreSQL reads
// bytes, for a fixture of rows an earlier version wrote.
func blobLiterals(db *store.DB, sql string) string {
	if db.Engine != store.Postgres {
		return sql
	}
	return regexp.MustCompile(`X'([0-9A-Fa-f]*)'`).ReplaceAllString(sql, `decode('$1', 'hex')`)
}
