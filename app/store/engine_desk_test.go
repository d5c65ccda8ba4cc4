package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

var notes = set("notes", map[string]string{
	"001_notes.sql": `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT;`,
})

func TestRefuseInsertsFailsTheTransactionUntilAllowed(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, notes)
	allow, err := db.RefuseInserts(ctx, "notes", "disk full, it's said")
	if err != nil {
		t.Fatal(err)
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE notes SET body = ? WHERE id = ?`, "x", 1); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO notes (body) VALUES (?)`, "refused")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "disk full, it's said") {
		t.Fatalf("insert while refused: %v, want the trigger's message", err)
	}
	if err := allow(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO notes (body) VALUES (?)`, "taken"); err != nil {
		t.Fatalf("insert once allowed: %v", err)
	}
	var bodies []string
	rows, err := db.QueryContext(ctx, `SELECT body FROM notes ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		rows.Scan(&b)
		bodies = append(bodies, b)
	}
	if strings.Join(bodies, ",") != "taken" {
		t.Errorf("notes %v, want only the one taken once allowed", bodies)
	}
	// Refused again after being allowed: nothing of the first is left over.
	allow, err = db.RefuseInserts(ctx, "notes", "again")
	if err != nil {
		t.Fatalf("refuse a second time: %v", err)
	}
	if err := allow(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RefuseInserts(ctx, "notes; DROP TABLE notes", "x"); err == nil {
		t.Error("a table name that is not an identifier was written into SQL")
	}
}

func TestBulkWritesTunesTheOneConnection(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, notes)
	if err := db.BulkWrites(ctx, 64*1024); err != nil {
		t.Fatal(err)
	}
	// Whatever connection the pool hands out next is the tuned one.
	for range 3 {
		switch db.Engine {
		case store.SQLite:
			var kib int
			if err := db.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&kib); err != nil || kib != -64*1024 {
				t.Fatalf("cache_size %d, %v; want -65536", kib, err)
			}
		case store.Postgres:
			var v string
			if err := db.QueryRowContext(ctx, `SHOW synchronous_commit`).Scan(&v); err != nil || v != "off" {
				t.Fatalf("synchronous_commit %q, %v; want off", v, err)
			}
		}
	}
	if got := db.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("%d connections, want 1", got)
	}
}

func TestSizeGrowsWithTheData(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, notes)
	before, err := db.Size(ctx)
	if err != nil || before <= 0 {
		t.Fatalf("size of a new database: %d, %v", before, err)
	}
	body := strings.Repeat("a note that takes room ", 50)
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		for range 2000 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notes (body) VALUES (?)`, body); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := db.Size(ctx)
	if err != nil || after < before+100_000 {
		t.Errorf("size after 2000 notes: %d (was %d), %v", after, before, err)
	}
}
