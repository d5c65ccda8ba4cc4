package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkOpen shows that opening costs the same whatever the data: Open
// reads the header and the schema, not the tables. Run it with
// go test -run '^$' -bench Open ./app/store
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	for _, rows := range []int{1_000, 100_000} {
		path := filepath.Join(b.TempDir(), FileName)
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Migrate(ctx, notesV1); err != nil {
			b.Fatal(err)
		}
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?)
				INSERT INTO notes(body) SELECT hex(randomblob(200)) FROM n`, rows)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			for b.Loop() {
				db, err := Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}
