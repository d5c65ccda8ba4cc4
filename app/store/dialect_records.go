package store

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// LockRows is the clause that ends a SELECT whose rows the transaction goes
// on to change from what it read (a status move, a change checked against
// the row version): on PostgreSQL "FOR UPDATE", so that a second desk's
// SELECT of the same rows waits until the first transaction ends and then
// reads them as it left them, which is what SQLite's immediate transaction
// (one writer at a time) gives without a clause. of names the tables (or
// their aliases in the query) whose rows are locked; none locks the rows of
// every table the SELECT reads. SQLite gets "".
//
// It locks rows that exist: a transaction that decides on rows that may be
// absent (a count, "is this name free") serializes with Serialize instead.
func (db *DB) LockRows(of ...string) string {
	if db.Engine != Postgres {
		return ""
	}
	if len(of) == 0 {
		return " FOR UPDATE"
	}
	return " FOR UPDATE OF " + strings.Join(of, ", ")
}

// IsUniqueViolation reports whether err is a write refused by a UNIQUE or
// PRIMARY KEY constraint, on either engine: a key another desk took first.
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" // unique_violation
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
