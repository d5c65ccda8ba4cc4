package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ErrNotDatabaseURL means a --database value that is not a PostgreSQL URL.
var ErrNotDatabaseURL = errors.New("the database must be given as postgres://user@host/name")

// IsPostgresURL reports whether s names a PostgreSQL database (postgres://
// or postgresql://, as libpq accepts them).
func IsPostgresURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql")
}

// OpenPostgres connects to the PostgreSQL database at rawURL, the shared
// database of an office's desks. TLS and every other connection setting are
// read from the URL as libpq reads them (sslmode, sslrootcert, ...), and
// from the PG* environment variables. An empty database (no migration
// ledger) is a new installation: on a server, who may connect is decided
// by the server's roles and pg_hba.conf, not by a file anyone at a PC can
// empty. dir is this desk's own data folder (its keyring, its copy of the
// audit anchor); it never holds the records.
func OpenPostgres(ctx context.Context, rawURL, dir string) (*DB, error) {
	if !IsPostgresURL(rawURL) {
		return nil, ErrNotDatabaseURL
	}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, fmt.Errorf("read database URL: %w", ErrNotDatabaseURL)
	}
	name := displayName(cfg)
	bound(cfg)
	sqldb := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	db := &DB{DB: sqldb, Engine: Postgres, Dir: dir, name: name}
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("connect to %s: %w", name, err)
	}
	return db, nil
}

// How long a desk waits for a server that does not answer before it says
// so (store.error.unreachable), unless the URL sets connect_timeout. A
// clerk would rather be told in seconds than wait on a frozen window.
const (
	connectTimeout = 10 * time.Second
	// unacknowledged is how long data sent on a connection may go
	// unacknowledged before the connection is given up (TCP_USER_TIMEOUT,
	// where the system has it: sockopt_*.go). Without it a network cut in
	// the middle of a query waits out TCP's retransmissions, some 15
	// minutes on Linux.
	unacknowledged = 30 * time.Second
)

// bound puts the desk's time limits on cfg's connections.
func bound(cfg *pgx.ConnConfig) {
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	d := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 15 * time.Second, Control: limitUnacknowledged}
	cfg.DialFunc = d.DialContext
}

// displayName is the database as messages and logs show it: user, host,
// port and database, never the password.
func displayName(cfg *pgx.ConnConfig) string {
	u := url.URL{Scheme: "postgres", User: url.User(cfg.User), Host: fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), Path: "/" + cfg.Database}
	if strings.HasPrefix(cfg.Host, "/") { // a Unix socket folder
		u.Host = ""
		u.RawQuery = url.Values{"host": {cfg.Host}}.Encode()
	}
	return u.String()
}

// pgConnector hands database/sql connections that take the SQLite-style
// '?' placeholders every package writes (rebind), so that the packages'
// SQL is one text for both engines.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: conn.(*stdlib.Conn)}, nil
}

// pgConn is pgx's database/sql connection with its statements rebound and
// its arguments converted (pgArgs). Every other method (transactions,
// ping, reset) is pgx's own.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

// ExecContext rebinds only a statement that has arguments: one without is
// a migration or other script, whose text (a dollar-quoted function body)
// is passed as written.
func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) > 0 {
		query = rebind(query)
	}
	return c.Conn.ExecContext(ctx, query, pgArgs(args))
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) > 0 {
		query = rebind(query)
	}
	return c.Conn.QueryContext(ctx, query, pgArgs(args))
}

// pgArgs converts what SQLite stores differently: a Go bool is 0 or 1 in
// the INTEGER columns both engines share (SQLite has no boolean type).
func pgArgs(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			args[i].Value = int64(0)
			if b {
				args[i].Value = int64(1)
			}
		}
	}
	return args
}

// rebind turns each '?' placeholder into PostgreSQL's $1, $2, ... It leaves
// alone a '?' inside a string literal, a quoted identifier or a comment.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+1])
			i += end
		case c == '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
