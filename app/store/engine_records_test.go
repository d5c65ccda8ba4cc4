package store_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

var counters = set("counters", map[string]string{
	"001_counters.sql": `
CREATE TABLE counters (
    id    INTEGER PRIMARY KEY,
    name  TEXT    NOT NULL UNIQUE,
    value INTEGER NOT NULL CHECK (value >= 0)
) STRICT;
INSERT INTO counters (name, value) VALUES ('a', 0);
`,
})

// A row read with LockRows and written from what was read is changed by
// one desk at a time: the second reads it as the first left it, and no
// change is lost (on PostgreSQL READ COMMITTED, without the lock, both read
// 0 and write 1).
func TestLockedReadThenWriteLosesNothing(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	first := testdb.OpenAt(t, dir, url)
	if err := first.Migrate(ctx, counters); err != nil {
		t.Fatal(err)
	}
	desks := []*store.DB{first, testdb.OpenAt(t, dir, url)}
	var wg sync.WaitGroup
	for _, db := range desks {
		wg.Go(func() {
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				var v int64
				if err := tx.QueryRowContext(ctx, `SELECT c.value FROM counters c WHERE c.name = ?`+db.LockRows("c"), "a").Scan(&v); err != nil {
					return err
				}
				time.Sleep(50 * time.Millisecond)
				_, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = ?`, v+1, "a")
				return err
			})
			if err != nil {
				t.Errorf("change: %v", err)
			}
		})
	}
	wg.Wait()
	var v int64
	if err := first.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'a'`).Scan(&v); err != nil || v != 2 {
		t.Errorf("two changes made %d (%v), want 2", v, err)
	}
}

func TestIsUniqueViolation(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, counters)
	_, err := db.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, 0)`, "a")
	if err == nil || !store.IsUniqueViolation(err) {
		t.Errorf("a name taken: %v, IsUniqueViolation false", err)
	}
	if !store.IsUniqueViolation(errors.Join(errors.New("insert"), err)) {
		t.Error("a wrapped unique violation is not recognised")
	}
	_, err = db.ExecContext(ctx, `INSERT INTO counters (id, name, value) VALUES (1, ?, 0)`, "b")
	if err == nil || !store.IsUniqueViolation(err) {
		t.Errorf("a key taken: %v, IsUniqueViolation false", err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, -1)`, "c")
	if err == nil || store.IsUniqueViolation(err) {
		t.Errorf("a CHECK refused: %v, IsUniqueViolation true", err)
	}
	if store.IsUniqueViolation(nil) || store.IsUniqueViolation(sql.ErrNoRows) {
		t.Error("IsUniqueViolation of no constraint error")
	}
}
