package store

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// BulkWrites readies db for a long run of large write transactions made
// one after another (madoguchi seed): one connection, tuned on the engine
// for throughput. A setting holds for one connection only, hence the one.
//
// SQLite gets a page cache of cacheKiB: the blind index takes its terms in
// random order, and with the default 2 MiB most inserts into a large index
// go to the file for their pages. PostgreSQL keeps its cache in the server
// (shared_buffers, the operator's); what costs there is each commit's wait
// for the WAL flush, which the session skips (synchronous_commit off): a
// server crash may lose the last batches committed, never leave a batch
// half written, and a seed is run again.
func (db *DB) BulkWrites(ctx context.Context, cacheKiB int) error {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	query := fmt.Sprintf(`PRAGMA cache_size = -%d`, cacheKiB)
	if db.Engine == Postgres {
		query = `SET synchronous_commit = off`
	}
	if _, err := db.ExecContext(ctx, query); err != nil {
		return fmt.Errorf("tune %s for bulk writes: %w", db.Name(), err)
	}
	return nil
}

// Size is how many bytes the database takes where it is kept: the SQLite
// file and its WAL, or on PostgreSQL the database's files on the server
// (pg_database_size: tables, indexes, TOAST, free space not yet reused).
func (db *DB) Size(ctx context.Context) (int64, error) {
	if db.Engine == Postgres {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
			return 0, fmt.Errorf("size of %s: %w", db.Name(), err)
		}
		return n, nil
	}
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		fi, err := os.Stat(db.Path + suffix)
		if err == nil {
			total += fi.Size()
		} else if !os.IsNotExist(err) {
			return 0, fmt.Errorf("size of %s: %w", db.Name(), err)
		}
	}
	return total, nil
}

// identifier is what RefuseInserts takes as a table name: it is written
// into the statements, not bound.
var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// RefuseInserts makes every insert into table fail with message, as a full
// disk or a lost server would make it fail, until allow is called: for the
// tests of what must not happen without its record ("no audit record, no
// action"), on the real database of either engine. The failing insert
// aborts the statement and with it the caller's transaction. It is a
// trigger: SQLite's RAISE, PostgreSQL's trigger function.
func (db *DB) RefuseInserts(ctx context.Context, table, message string) (allow func() error, err error) {
	if !identifier.MatchString(table) {
		return nil, fmt.Errorf("refuse inserts: %q is not a table name", table)
	}
	name := "refuse_insert_" + table
	literal := "'" + strings.ReplaceAll(message, "'", "''") + "'"
	create := []string{`CREATE TRIGGER ` + name + ` BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, ` + literal + `); END`}
	drop := []string{`DROP TRIGGER ` + name}
	if db.Engine == Postgres {
		create = []string{
			`CREATE FUNCTION ` + name + `() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION ` + literal + `; END $$`,
			`CREATE TRIGGER ` + name + ` BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION ` + name + `()`,
		}
		drop = []string{`DROP TRIGGER ` + name + ` ON ` + table, `DROP FUNCTION ` + name + `()`}
	}
	run := func(stmts []string) error {
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("refuse inserts into %s: %w", table, err)
			}
		}
		return nil
	}
	if err := run(create); err != nil {
		return nil, err
	}
	return func() error { return run(drop) }, nil
}
