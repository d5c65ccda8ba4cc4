package testdb

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"madoguchi/app/store"
)

// Environment variables build/pg.sh sets for a test that stops and
// restarts its server: the account to run pg_ctl as ("" or "runuser -u
// postgres --"), PostgreSQL's bin folder, the cluster's data folder and the
// server's options.
const (
	serverAsEnv   = "MADOGUCHI_TEST_PG_AS"
	serverBinEnv  = "MADOGUCHI_TEST_PG_BIN"
	serverDataEnv = "MADOGUCHI_TEST_PG_DATA"
	serverOptsEnv = "MADOGUCHI_TEST_PG_OPTS"
)

// StopServer stops the run's PostgreSQL server, as a restart or a network
// cut looks to a desk (pg_ctl -m fast: open connections are ended), and
// returns start, which starts it again and waits until it accepts
// connections. start also runs when t ends, if the test has not run it:
// every other test of the run needs the server. The server is shared by
// the whole run, so a test that calls StopServer must not be parallel (no
// t.Parallel), nor any other test of its package. It skips t in an SQLite
// run.
func StopServer(t testing.TB) (start func()) {
	t.Helper()
	if Engine() != store.Postgres {
		t.Skip("stops the PostgreSQL server: covered by the PostgreSQL run")
	}
	data := os.Getenv(serverDataEnv)
	if data == "" || os.Getenv(serverBinEnv) == "" {
		t.Fatalf("%s and %s are unset: run the tests through build/pg.sh (make test does)", serverDataEnv, serverBinEnv)
	}
	pgCtl := func(args ...string) error {
		cmd := append(strings.Fields(os.Getenv(serverAsEnv)), filepath.Join(os.Getenv(serverBinEnv), "pg_ctl"), "-D", data)
		cmd = append(cmd, args...)
		out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput()
		if err != nil {
			t.Logf("pg_ctl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return err
	}
	if err := pgCtl("-m", "fast", "-w", "stop"); err != nil {
		t.Fatalf("stop the test server: %v", err)
	}
	started := false
	start = func() {
		if started {
			return
		}
		started = true
		// -l: the server must not keep pg_ctl's output open, or
		// CombinedOutput would wait for the server to end.
		log := filepath.Join(filepath.Dir(data), "server.log")
		if err := pgCtl("-l", log, "-o", os.Getenv(serverOptsEnv), "-w", "start"); err != nil {
			t.Errorf("start the test server again: %v", err)
		}
	}
	t.Cleanup(start)
	return start
}
