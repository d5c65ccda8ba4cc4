package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations are one package's numbered SQL files ("001_users.sql", ...),
// embedded in that package. Owner names the package; versions count per owner,
// so each package evolves its own tables without a global sequence.
type Migrations struct {
	Owner string
	FS    fs.FS // files at the root, named NNN_description.sql
}

// Embedded returns owner's migrations from the migrations/ folder of an
// embedded file system (//go:embed migrations/*.sql). It panics only when
// the folder is missing, a mistake the first test of the package shows.
func Embedded(owner string, files fs.FS) Migrations {
	sub, err := fs.Sub(files, "migrations")
	if err != nil {
		panic(fmt.Sprintf("%s migrations: %v", owner, err))
	}
	return Migrations{Owner: owner, FS: sub}
}

type migration struct {
	version int
	name    string
	sql     string
}

func (m Migrations) list() ([]migration, error) {
	entries, err := fs.ReadDir(m.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("list %s migrations: %w", m.Owner, err)
	}
	var out []migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%s migration %q: name must start with a positive number and '_'", m.Owner, e.Name())
		}
		body, err := fs.ReadFile(m.FS, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read %s migration %s: %w", m.Owner, e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, mg := range out {
		if mg.version != i+1 {
			return nil, fmt.Errorf("%s migrations: expected number %d, found %s", m.Owner, i+1, mg.name)
		}
	}
	return out, nil
}

// Status is how far one owner's tables are migrated.
type Status struct {
	Owner   string
	Applied int
	Known   int
}

// Pending reports each owner's applied and known versions, and fails with
// ErrNewerVersion when the file holds migrations this binary does not know.
func (db *DB) Pending(ctx context.Context, sets ...Migrations) ([]Status, error) {
	unlock, err := db.lockMigrations(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return db.pending(ctx, sets...)
}

func (db *DB) pending(ctx context.Context, sets ...Migrations) ([]Status, error) {
	if err := db.ensureLedger(ctx); err != nil {
		return nil, err
	}
	applied, err := db.applied(ctx)
	if err != nil {
		return nil, err
	}
	var out []Status
	known := map[string]bool{}
	for _, s := range sets {
		list, err := s.list()
		if err != nil {
			return nil, err
		}
		known[s.Owner] = true
		st := Status{Owner: s.Owner, Applied: applied[s.Owner], Known: len(list)}
		if st.Applied > st.Known {
			return nil, fmt.Errorf("%w: %s tables are at version %d, this program knows %d", ErrNewerVersion, s.Owner, st.Applied, st.Known)
		}
		out = append(out, st)
	}
	for owner, v := range applied {
		if !known[owner] {
			return nil, fmt.Errorf("%w: it holds %s tables (version %d) that this program does not know", ErrNewerVersion, owner, v)
		}
	}
	return out, nil
}

// Migrate applies every pending migration of every set, each in its own
// transaction together with its ledger row, in the order the sets are given.
// Desks that start at once on one PostgreSQL database migrate one after the
// other (lockMigrations): the second finds the work done.
func (db *DB) Migrate(ctx context.Context, sets ...Migrations) error {
	unlock, err := db.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	status, err := db.pending(ctx, sets...)
	if err != nil {
		return err
	}
	for i, s := range sets {
		list, _ := s.list() // already validated by Pending
		for _, mg := range list[status[i].Applied:] {
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				// Another desk may have applied it since pending read the
				// ledger (SQLite has no lock across the two): the
				// transaction sees the ledger as it now is.
				var done bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE owner = ? AND version = ?)`,
					s.Owner, mg.version).Scan(&done); err != nil || done {
					return err
				}
				if _, err := tx.ExecContext(ctx, translate(mg.sql, db.Engine)); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx,
					`INSERT INTO schema_migrations(owner, version, name) VALUES (?, ?, ?)`,
					s.Owner, mg.version, mg.name)
				return err
			})
			if err != nil {
				return fmt.Errorf("migrate %s %s: %w", s.Owner, mg.name, err)
			}
		}
	}
	return nil
}

// lockMigrations keeps other processes from reading or changing the
// migration ledger until unlock: on PostgreSQL a session advisory lock,
// held by one connection set aside for it. SQLite's immediate transactions
// already let one writer at a time at the file.
func (db *DB) lockMigrations(ctx context.Context) (unlock func(), err error) {
	if db.Engine != Postgres {
		return func() {}, nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("wait for other desks' migrations: %w", err)
	}
	key := lockKey("schema_migrations")
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, key); err != nil {
		conn.Close()
		return nil, fmt.Errorf("wait for other desks' migrations: %w", err)
	}
	return func() {
		// A lock left by a failed unlock goes with the session: closing
		// the connection then discards it rather than pool it.
		if _, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?)`, key); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// ledgerDDL is the migration ledger, written for each engine: the one table
// every package's migrations depend on, so it cannot be a migration itself.
var ledgerDDL = map[Engine]string{
	SQLite: `CREATE TABLE IF NOT EXISTS schema_migrations (
		owner      TEXT NOT NULL,
		version    INTEGER NOT NULL,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		PRIMARY KEY (owner, version)
	)`,
	Postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
		owner      TEXT NOT NULL,
		version    BIGINT NOT NULL,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
		PRIMARY KEY (owner, version)
	)`,
}

func (db *DB) ensureLedger(ctx context.Context) error {
	if db.Engine == Postgres {
		// A desk's role may have no right to create tables (the office's
		// owner role migrates: docs/deployment.md), and PostgreSQL checks
		// that right even for CREATE TABLE IF NOT EXISTS of a table that is
		// there: look first.
		if ok, err := db.TableExists(ctx, db, "schema_migrations"); err != nil || ok {
			return err
		}
	}
	_, err := db.ExecContext(ctx, ledgerDDL[db.Engine])
	if err != nil {
		if isCorruption(err) {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, db.Name(), err)
		}
		return fmt.Errorf("create migration ledger: %w", err)
	}
	return nil
}

func (db *DB) applied(ctx context.Context) (map[string]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT owner, MAX(version) FROM schema_migrations GROUP BY owner`)
	if err != nil {
		return nil, fmt.Errorf("read migration ledger: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var owner string
		var v int
		if err := rows.Scan(&owner, &v); err != nil {
			return nil, fmt.Errorf("read migration ledger: %w", err)
		}
		out[owner] = v
	}
	return out, rows.Err()
}
