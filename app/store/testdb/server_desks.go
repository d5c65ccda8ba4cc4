package testdb

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"madoguchi/app/store"
)

// Environment variables build/pg.sh sets for a test that runs a server of
// its own: PostgreSQL's bin folder and the account to run it as ("" or
// "runuser -u postgres --": PostgreSQL refuses to run as root).
const (
	serverBinEnv = "MADOGUCHI_TEST_PG_BIN"
	serverAsEnv  = "MADOGUCHI_TEST_PG_AS"
)

// Server is a PostgreSQL server of one test's own, for a test that stops
// and restarts it (a restart, a network cut, as a desk sees them). The
// run's server is shared by every package's tests, and `go test` runs
// packages at the same time: stopping it would fail other packages' tests.
type Server struct {
	// URL is the server's maintenance database, the test's to use.
	URL  string
	t    testing.TB
	data string
	log  string
	opts string
	up   bool
}

// OwnServer makes and starts a throwaway cluster for t (initdb in a
// temporary folder, as build/pg.sh does; about a second), stopped and
// removed when t ends. It skips t in an SQLite run.
func OwnServer(t testing.TB) *Server {
	t.Helper()
	if Engine() != store.Postgres {
		t.Skip("runs a PostgreSQL server: covered by the PostgreSQL run")
	}
	if os.Getenv(serverBinEnv) == "" {
		t.Fatalf("%s is unset: run the tests through build/pg.sh (make test does)", serverBinEnv)
	}
	dir, err := os.MkdirTemp("", "madoguchi-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Getenv(serverAsEnv) != "" {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("the account the server runs as: %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{
		URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port),
		t:   t, data: filepath.Join(dir, "data"), log: filepath.Join(dir, "server.log"),
		opts: fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir),
	}
	if err := s.run("initdb", "-D", s.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"); err != nil {
		t.Fatalf("initdb: %v", err)
	}
	t.Cleanup(func() {
		if s.up {
			s.run("pg_ctl", "-D", s.data, "-m", "immediate", "stop")
		}
	})
	s.Start()
	return s
}

// Stop stops the server the way a restart does (pg_ctl -m fast): open
// connections are ended with "terminating connection due to administrator
// command", new ones are refused.
func (s *Server) Stop() {
	s.t.Helper()
	if err := s.run("pg_ctl", "-D", s.data, "-m", "fast", "-w", "stop"); err != nil {
		s.t.Fatalf("stop the test's server: %v", err)
	}
	s.up = false
}

// Start starts the server and waits until it accepts connections.
func (s *Server) Start() {
	s.t.Helper()
	// -l: the server must not keep pg_ctl's output open, or the wait
	// for pg_ctl's output would last as long as the server.
	if err := s.run("pg_ctl", "-D", s.data, "-l", s.log, "-o", s.opts, "-w", "start"); err != nil {
		b, _ := os.ReadFile(s.log)
		s.t.Fatalf("start the test's server: %v\n%s", err, b)
	}
	s.up = true
}

func (s *Server) run(program string, args ...string) error {
	cmd := append(strings.Fields(os.Getenv(serverAsEnv)), filepath.Join(os.Getenv(serverBinEnv), program))
	out, err := exec.Command(cmd[0], append(cmd[1:], args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", program, strings.Join(args, " "), err, out)
	}
	return nil
}
