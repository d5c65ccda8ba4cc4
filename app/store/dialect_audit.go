package store

import (
	"context"
	"fmt"
)

// MarkSequence records that table's key column has given every value up
// to last, for a table whose rows are inserted with their key written out
// (the audit chain computes each entry's seq before it inserts it), so
// that LastSequence keeps showing last after the rows are gone. SQLite's
// AUTOINCREMENT records it itself, in the inserting transaction: nothing
// to do. A PostgreSQL identity sequence moves only by its own nextval, so
// it is set here; and a sequence never rolls back, so it moves at once and
// for good, whatever becomes of the transaction: give only a value that is
// already committed. It never moves the sequence back.
func (db *DB) MarkSequence(ctx context.Context, q Querier, table, column string, last int64) error {
	if db.Engine != Postgres || last < 1 {
		return nil
	}
	_, err := q.ExecContext(ctx, `SELECT setval(s, ?) FROM (SELECT pg_get_serial_sequence(?, ?)::regclass AS s) AS q
		WHERE COALESCE(pg_sequence_last_value(s), 0) < ?`, last, table, column, last)
	if err != nil {
		return fmt.Errorf("mark %s's sequence: %w", table, err)
	}
	return nil
}

// ColumnExists reports whether table has a column of that name: for a
// package that reads a database older than its newest migration (a backup
// checked before it is restored).
func (db *DB) ColumnExists(ctx context.Context, q Querier, table, column string) (bool, error) {
	query := `SELECT EXISTS (SELECT 1 FROM pragma_table_info(?) WHERE name = ?)`
	if db.Engine == Postgres {
		query = `SELECT EXISTS (SELECT 1 FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?)`
	}
	var ok bool
	if err := q.QueryRowContext(ctx, query, table, column).Scan(&ok); err != nil {
		return false, fmt.Errorf("look for column %s.%s: %w", table, column, err)
	}
	return ok, nil
}
