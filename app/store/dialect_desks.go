package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnreachable means the database server could not be reached or went
// away (a network cut, the server restarted or stopped): the action was not
// done, and may be tried again once the server is back. Only a database
// on a server (PostgreSQL) gives it; the SQLite file is on the PC.
var ErrUnreachable = errors.New("the database server cannot be reached")

// Unreachable reports whether err says that the database server could not
// be reached or that the connection to it was lost, rather than that it
// refused what was asked: ErrUnreachable itself, a connection that could
// not be made, a connection that broke while in use, or the server saying
// it is shutting down or starting up. database/sql then drops the broken
// connection, and the same *DB connects again on its next use once the
// server is back.
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// The server answered: only these say it is going away. Class 08:
		// connection exception; 57P01..57P03: the server is shutting down
		// (a fast or immediate stop, a crash) or starting. Anything else,
		// even when connecting (no such database, a wrong password), is a
		// refusal that trying again will not change.
		switch pgErr.Code {
		case "57P01", "57P02", "57P03":
			return true
		}
		return len(pgErr.Code) == 5 && pgErr.Code[:2] == "08"
	}
	switch {
	case errors.Is(err, ErrUnreachable), errors.Is(err, driver.ErrBadConn), errors.Is(err, pgconn.ErrConnClosed),
		errors.As(err, &connect):
		return true
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false // the caller gave up, not the network
	case errors.As(err, &netErr):
		// A broken connection, read or written mid-statement: a reset,
		// a timeout. Files (a CSV, a backup) never give a net.Error.
		return true
	}
	return false
}
