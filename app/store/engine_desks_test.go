package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

func TestUnreachable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"no error", nil, false},
		{"no row", sql.ErrNoRows, false},
		{"a unique constraint", &pgconn.PgError{Code: "23505"}, false},
		{"a serialization failure", &pgconn.PgError{Code: "40001"}, false},
		{"a damaged file", store.ErrCorrupt, false},
		{"a cancelled call", context.Canceled, false},
		{"the server shutting down", fmt.Errorf("save: %w", &pgconn.PgError{Code: "57P01"}), true},
		{"the server starting up", &pgconn.PgError{Code: "57P03"}, true},
		{"a connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"a broken connection", fmt.Errorf("begin: %w", driver.ErrBadConn), true},
		{"ErrUnreachable", fmt.Errorf("x: %w", store.ErrUnreachable), true},
		{"a connection pgx found closed", fmt.Errorf("commit: %w", pgconn.ErrConnClosed), true},
		{"a connection reset", fmt.Errorf("save: %w", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), true},
		{"a truncated file", fmt.Errorf("read backup: %w", io.ErrUnexpectedEOF), false},
		{"a file read to its end", io.EOF, false},
	}
	for _, tt := range tests {
		if got := store.Unreachable(tt.err); got != tt.want {
			t.Errorf("%s: Unreachable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// TestServerRefusalIsNotUnreachable: a server that answers, refusing the
// connection (no such database), is reached: trying again will not help.
func TestServerRefusalIsNotUnreachable(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("about a PostgreSQL server: covered by the PostgreSQL run")
	}
	u, err := url.Parse(testdb.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/madoguchi_no_such_database"
	db, err := store.OpenDatabase(context.Background(), t.TempDir(), u.String())
	if err == nil {
		db.Close()
		t.Fatal("opened a database that does not exist")
	}
	if store.Unreachable(err) {
		t.Errorf("no such database counted as unreachable: %v", err)
	}
}

// TestServerRestart stops the PostgreSQL server under an open *DB: while it
// is down every use of the DB fails as Unreachable; once it is back the
// same DB works again, with nothing lost of what was committed before. The
// server is the test's own: the run's is shared with other packages.
func TestServerRestart(t *testing.T) {
	server := testdb.OwnServer(t)
	ctx := context.Background()
	db, err := store.OpenDatabase(ctx, t.TempDir(), server.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE restart_rows (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO restart_rows (id, v) VALUES (?, ?)`, 1, "before"); err != nil {
		t.Fatal(err)
	}
	server.Stop()
	_, err = db.ExecContext(ctx, `INSERT INTO restart_rows (id, v) VALUES (?, ?)`, 2, "while down")
	if !store.Unreachable(err) {
		t.Errorf("insert while the server is down: %v, want Unreachable", err)
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO restart_rows (id, v) VALUES (?, ?)`, 2, "while down")
		return err
	})
	if !store.Unreachable(err) {
		t.Errorf("transaction while the server is down: %v, want Unreachable", err)
	}
	if err := db.PingContext(ctx); !store.Unreachable(err) {
		t.Errorf("ping while the server is down: %v, want Unreachable", err)
	}
	server.Start()
	if _, err := db.ExecContext(ctx, `INSERT INTO restart_rows (id, v) VALUES (?, ?)`, 2, "after"); err != nil {
		t.Fatalf("insert after the restart, same DB: %v", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM restart_rows`).Scan(&n); err != nil || n != 2 {
		t.Errorf("rows after the restart: %d, %v; want 2", n, err)
	}
}

// proxy is a TCP forwarder between the desk and the server: the network
// between them, for a test to cut.
type proxy struct {
	t      *testing.T
	addr   string // where it listens: the same address again after each cut
	target string
	l      net.Listener
	mu     sync.Mutex
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, addr: "127.0.0.1:0", target: target}
	p.listen()
	p.addr = p.l.Addr().String()
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) listen() {
	l, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.l = l
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// cut closes every connection through the proxy and refuses new ones, as
// an unplugged cable does once the desk's TCP notices.
func (p *proxy) cut() {
	p.l.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestNetworkCut: the network between a desk and the server is cut while
// the desk holds open connections, then comes back. While it is cut every
// use of the DB fails as Unreachable; once it is back the same DB works
// again. The server itself keeps running (it is the run's, shared).
func TestNetworkCut(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("about a PostgreSQL server: covered by the PostgreSQL run")
	}
	u, err := url.Parse(testdb.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	ctx := context.Background()
	db, err := store.OpenDatabase(ctx, t.TempDir(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxIdleConns(4)
	if _, err := db.ExecContext(ctx, `CREATE TABLE cut_rows (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	// Two connections open and idle: a transaction in progress holds one.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cut_rows (id, v) VALUES (?, ?)`, 1, "in the cut transaction"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO cut_rows (id, v) VALUES (?, ?)`, 2, "before"); err != nil {
		t.Fatal(err)
	}
	p.cut()
	if err := tx.Commit(); !store.Unreachable(err) {
		t.Errorf("commit across the cut: %v, want Unreachable", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO cut_rows (id, v) VALUES (?, ?)`, 3, "while cut"); !store.Unreachable(err) {
		t.Errorf("insert while cut: %v, want Unreachable", err)
	}
	p.listen()
	if _, err := db.ExecContext(ctx, `INSERT INTO cut_rows (id, v) VALUES (?, ?)`, 3, "after"); err != nil {
		t.Fatalf("insert once the network is back, same DB: %v", err)
	}
	var ids []int
	rows, err := db.QueryContext(ctx, `SELECT id FROM cut_rows ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if fmt.Sprint(ids) != "[2 3]" {
		t.Errorf("rows after the cut: %v, want [2 3] (the cut transaction never committed)", ids)
	}
}
