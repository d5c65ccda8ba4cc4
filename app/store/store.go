// Package store opens, checks and migrates the database that holds all of Madoguchi's data: one desk's SQLite
// file, or an office's shared PostgreSQL server.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

// FileName is the database file inside the data directory.
const FileName = "madoguchi.db"

// ErrCorrupt means the file exists but is not a readable Madoguchi database.
// The file is left untouched: the operator restores a backup or calls support.
var ErrCorrupt = errors.New("database file is damaged or not a Madoguchi database")

// ErrNewerVersion means the database was written by a newer Madoguchi.
// Opening it with this version could lose data, so it is refused.
var ErrNewerVersion = errors.New("database was created by a newer version of Madoguchi")

// DB is an open database. An SQLite one has its path, and holds a shared
// lock on the database's lock file until Close (lockShared), so that a
// restore can tell that the file is in use.
type DB struct {
	*sql.DB
	Engine Engine
	// Path is the SQLite file; "" on PostgreSQL.
	Path string
	// Dir is this desk's data folder: the SQLite file's folder, or on
	// PostgreSQL the folder of what stays on the desk (its keyring).
	Dir  string
	name string
	lock *Lock
}

// Name is the database as messages show it: the SQLite file's path, or the
// PostgreSQL URL without its password.
func (db *DB) Name() string {
	if db.Engine == Postgres {
		return db.name
	}
	return db.Path
}

// OpenDatabase opens the database a desk works on: the PostgreSQL database
// at databaseURL when one is given (--database, MADOGUCHI_DATABASE or the
// window's settings), else the SQLite file in dataDir.
func OpenDatabase(ctx context.Context, dataDir, databaseURL string) (*DB, error) {
	if databaseURL != "" {
		return OpenPostgres(ctx, databaseURL, dataDir)
	}
	return Open(ctx, filepath.Join(dataDir, FileName))
}

// Open opens the database file at path with WAL, foreign keys and a busy
// timeout, and checks that it is an SQLite file whose header and schema
// are sound (check). Only an absent file is a new database: it is made
// whole in the scratch folder and put in place (create). A file that
// exists but is empty is refused as ErrCorrupt, never initialised: anyone
// at the PC can empty a file, and a new database is one where a stranger
// may create the administrator. Open holds the database's shared lock
// until Close, and fails with ErrRestoring while a restore holds it. It
// never migrates: call Migrate for that.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	lock, err := lockShared(path)
	if err != nil {
		return nil, err
	}
	db, err := open(ctx, path)
	if err != nil {
		lock.Release()
		return nil, err
	}
	db.lock = lock
	return db, nil
}

// open does Open's work under the lock.
func open(ctx context.Context, path string) (*DB, error) {
	// What a killed backup or restore left here goes at the next start.
	CleanScratch(filepath.Dir(path))
	if err := ensureFile(ctx, path); err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{DB: sqldb, Path: path, Dir: filepath.Dir(path)}
	if err := db.check(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := db.useWAL(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// useWAL puts the database in WAL mode, which the file then keeps (every
// database Madoguchi made is in it already). It comes after check, not
// with the connection's other pragmas, so that a file check refuses is
// left as found, not switched to WAL first.
func (db *DB) useWAL(ctx context.Context) error {
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode(WAL)`).Scan(&mode); err != nil {
		return db.checkFailed("set WAL mode", err)
	}
	if mode != "wal" {
		return fmt.Errorf("set WAL mode on %s: the journal mode is %s", db.Path, mode)
	}
	return nil
}

// Close closes the database, then releases its lock.
func (db *DB) Close() error {
	err := db.DB.Close()
	if db.lock == nil {
		return err
	}
	if lerr := db.lock.Release(); lerr != nil && err == nil {
		err = fmt.Errorf("release database lock: %w", lerr)
	}
	return err
}

// dsn is the connection string every connection to path uses. WAL mode is
// not among its pragmas: it is kept by the file, and set once (useWAL).
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "synchronous(FULL)")
	// Deleted rows are overwritten with zeros, not left in free pages: the
	// Individual Number must be gone from the file when its time is up.
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// ensureFile refuses an empty database file and creates an absent one.
func ensureFile(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.Size() == 0:
		return fmt.Errorf("%w: %s is empty: only an absent file is a new database", ErrCorrupt, path)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("open database: %w", err)
	}
	return create(ctx, path)
}

// create makes a new database in the scratch folder, with its header and
// the migration ledger written, and only then puts it at path: a process
// killed while it was being made leaves nothing at path, so an empty file
// there is never a new database, and every database Madoguchi made holds
// the ledger that check requires. It is created 0600 before SQLite opens
// it: left to SQLite it would be 0644, readable by every account of the
// PC, and SQLite gives the -wal and -shm files the database file's mode.
func create(ctx context.Context, path string) error {
	scratch, err := NewScratch(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	defer scratch.Remove()
	made := filepath.Join(scratch.Dir, FileName)
	if err := createEmpty(made); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	sqldb, err := sql.Open("sqlite", dsn(made))
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	db := &DB{DB: sqldb, Path: made}
	err = db.useWAL(ctx)
	if err == nil {
		err = db.ensureLedger(ctx)
	}
	if cerr := sqldb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	return place(made, path)
}

// place puts the database made at made at path, unless a file is there
// already (another desk starting at the same moment made it first: that
// one is used). A hard link never replaces a file; a file system without
// hard links (FAT) gets the name reserved empty, then the file renamed
// over it.
func place(made, path string) error {
	err := os.Link(made, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err := createEmpty(path); errors.Is(err, fs.ErrExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	if err := os.Rename(made, path); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	return nil
}

// createEmpty creates path empty and readable by this account only,
// failing with fs.ErrExist if it exists.
func createEmpty(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// check reads the file's header and schema and checks the pages that hold
// the schema: a file that is not SQLite, is cut short, or whose first page
// or schema is damaged is refused as ErrCorrupt, never "fixed" by recreating
// it. It reads no table, so it costs the same at any size: the full quick
// check it replaces read every page at every start of the window and of
// every command (1 s at 100,000 applications). Damage inside a table is
// found by Check, which `madoguchi db check` runs (docs/data-protection.md).
func (db *DB) check(ctx context.Context) error {
	var result string
	err := db.QueryRowContext(ctx, "PRAGMA quick_check(sqlite_schema)").Scan(&result)
	if err != nil {
		return db.checkFailed("check", err)
	}
	if result != "ok" {
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, db.Path, result)
	}
	return db.checkLedger(ctx)
}

// checkLedger refuses a file without the migration ledger: every database
// Madoguchi made has it from its first byte (create), so a file without it
// is another program's, or an empty SQLite file put in its place to pass
// for a new installation.
func (db *DB) checkLedger(ctx context.Context) error {
	ok, err := db.TableExists(ctx, db, "schema_migrations")
	if err != nil {
		return db.checkFailed("check", err)
	}
	if !ok {
		return fmt.Errorf("%w: %s has no migration ledger", ErrCorrupt, db.Name())
	}
	return nil
}

// Check runs SQLite's full integrity check: every page, row and index of
// the file, so its cost grows with the data; Open checks only the schema.
// On PostgreSQL the server keeps its own files whole (and its operator runs
// amcheck): Check asks only that the ledger is there.
func (db *DB) Check(ctx context.Context) error {
	if db.Engine == Postgres {
		return db.checkLedger(ctx)
	}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return db.checkFailed("integrity check", err)
	}
	defer rows.Close()
	var faults []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return db.checkFailed("integrity check", err)
		}
		if line != "ok" {
			faults = append(faults, line)
		}
	}
	if err := rows.Err(); err != nil {
		return db.checkFailed("integrity check", err)
	}
	if len(faults) > 0 {
		return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(faults, "; "))
	}
	return nil
}

// checkFailed reports a check that SQLite could not finish: as ErrCorrupt
// when it stopped on damage (a page it cannot even read), else as it is.
func (db *DB) checkFailed(what string, err error) error {
	if isCorruption(err) {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, db.Name(), err)
	}
	return fmt.Errorf("%s %s: %w", what, db.Name(), err)
}

func isCorruption(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"not a database", "malformed", "corrupt", "file is encrypted"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// Tx runs fn in one immediate transaction, so that two desks saving at once
// queue instead of overwriting each other.
func (db *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Checkpoint copies the WAL into the database file and truncates the WAL,
// so that rows deleted before it (with secure_delete) leave no old page
// images behind in the WAL either. It fails when another connection keeps
// a read open (SQLITE_BUSY): the next checkpoint then finishes the work.
//
// PostgreSQL has no such file here: the server's own vacuum removes dead
// rows, and Checkpoint does nothing.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.Engine == Postgres {
		return nil
	}
	var busy, logFrames, checkpointed int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return fmt.Errorf("checkpoint: %w", errCheckpointBusy)
	}
	return nil
}

var errCheckpointBusy = errors.New("another connection is reading; the WAL was not truncated")
