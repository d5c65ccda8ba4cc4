package store_test

import (
	"context"
	"testing"

	"madoguchi/app/store/testdb"
)

var chain = set("chain", map[string]string{
	"001_links.sql": `CREATE TABLE links (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);`,
})

// Rows inserted with their key written out (the audit chain's) leave the
// highest key ever given in LastSequence once marked, after the rows are
// gone, and a lower mark never moves it back.
func TestMarkSequenceKeepsTheHighestKeyGiven(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, chain)
	if _, ok, err := db.LastSequence(ctx, db, "links", "seq"); err != nil || ok {
		t.Fatalf("new table: LastSequence known %v, %v", ok, err)
	}
	for seq := int64(1); seq <= 3; seq++ {
		if _, err := db.ExecContext(ctx, `INSERT INTO links (seq, body) VALUES (?, 'x')`, seq); err != nil {
			t.Fatal(err)
		}
	}
	for _, mark := range []int64{3, 2, 0} {
		if err := db.MarkSequence(ctx, db, "links", "seq", mark); err != nil {
			t.Fatalf("mark %d: %v", mark, err)
		}
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM links WHERE seq > 1`); err != nil {
		t.Fatal(err)
	}
	if last, ok, err := db.LastSequence(ctx, db, "links", "seq"); err != nil || !ok || last != 3 {
		t.Errorf("LastSequence = %d, %v, %v; want 3", last, ok, err)
	}
}

func TestColumnExists(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t, chain)
	for _, c := range []struct {
		table, column string
		want          bool
	}{{"links", "body", true}, {"links", "mac", false}, {"nothing", "body", false}} {
		if got, err := db.ColumnExists(ctx, db, c.table, c.column); err != nil || got != c.want {
			t.Errorf("ColumnExists(%s, %s) = %v, %v; want %v", c.table, c.column, got, err, c.want)
		}
	}
}
