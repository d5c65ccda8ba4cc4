// Package testdb gives a test a new, empty database on the engine the test run is for: an SQLite file, or a
// database of its own on the PostgreSQL server build/pg.sh started.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop the test databases

	"madoguchi/app/store"
)

// Environment variables of a test run. `make test` runs the store-backed
// packages twice: once as they are (SQLite), once with EngineEnv=postgres
// and ServerEnv set by build/pg.sh.
const (
	EngineEnv = "MADOGUCHI_TEST_ENGINE"
	ServerEnv = "MADOGUCHI_TEST_POSTGRES"
)

// Engine is the engine this test run is for.
func Engine() store.Engine {
	if os.Getenv(EngineEnv) == "postgres" {
		return store.Postgres
	}
	return store.SQLite
}

// SQLiteOnly skips a test about the SQLite file itself (its lock, its mode,
// a process killed while writing it) in a PostgreSQL run: the SQLite run
// covers it.
func SQLiteOnly(t testing.TB) {
	t.Helper()
	if Engine() != store.SQLite {
		t.Skip("about the SQLite file: covered by the SQLite run")
	}
}

// Place is where a new, empty database for t is: a desk's data folder
// (t.TempDir()), and on PostgreSQL the URL of a database of its own
// (NewURL), "" for SQLite. They are what store.OpenDatabase takes, and what
// the --data-dir and --database options of a process the test starts take.
func Place(t testing.TB) (dataDir, databaseURL string) {
	t.Helper()
	if Engine() == store.Postgres {
		return t.TempDir(), NewURL(t)
	}
	return t.TempDir(), ""
}

// Open opens a new, empty database (no migration applied) for t, closed
// and removed when t ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	dir, url := Place(t)
	return OpenAt(t, dir, url)
}

// OpenAt opens the database at a Place, closed when t ends: a second
// handle on it is a second desk.
func OpenAt(t testing.TB, dataDir, databaseURL string) *store.DB {
	t.Helper()
	db, err := store.OpenDatabase(context.Background(), dataDir, databaseURL)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Migrated is Open with sets migrated.
func Migrated(t testing.TB, sets ...store.Migrations) *store.DB {
	t.Helper()
	db := Open(t)
	if err := db.Migrate(context.Background(), sets...); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return db
}

// NewURL creates an empty database on the test server and gives its URL,
// for a test that starts processes of its own on it; the database is
// dropped when t ends, whoever is still connected. It fails the test when
// the run is for PostgreSQL and no server was given.
func NewURL(t testing.TB) string {
	t.Helper()
	server := os.Getenv(ServerEnv)
	if server == "" {
		t.Fatalf("%s=postgres needs %s: run the tests through build/pg.sh (make test does)", EngineEnv, ServerEnv)
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("connect to test server: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 8)
	rand.Read(b)
	name := "madoguchi_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
