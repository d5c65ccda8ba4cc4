package store

import (
	"context"
	"database/sql"
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
func (db *DB) Migrate(ctx context.Context, sets ...Migrations) error {
	status, err := db.Pending(ctx, sets...)
	if err != nil {
		return err
	}
	for i, s := range sets {
		list, _ := s.list() // already validated by Pending
		for _, mg := range list[status[i].Applied:] {
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, mg.sql); err != nil {
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

func (db *DB) ensureLedger(ctx context.Context) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		owner      TEXT NOT NULL,
		version    INTEGER NOT NULL,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		PRIMARY KEY (owner, version)
	)`)
	if err != nil {
		if isCorruption(err) {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, db.Path, err)
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
