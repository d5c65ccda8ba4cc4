package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrInUse means another process (a desk window or a command) has the
// database open, so it may not be replaced: a desk keeps writing through
// the file it opened, and a database renamed away under it takes that work
// with it.
var ErrInUse = errors.New("the database is open in a Madoguchi window or command")

// ErrRestoring means a restore holds the database: it is about to be
// replaced, so nothing may open it until the restore has finished.
var ErrRestoring = errors.New("a backup is being restored into this data folder")

// errLocked is what the platform's non-blocking lock returns when another
// open file holds a lock that conflicts.
var errLocked = errors.New("locked by another open file")

// LockSuffix names the lock file beside the database (madoguchi.db.lock).
// It holds nothing: the operating system's lock on it is what counts, and
// the operating system drops that lock when the process ends, however it
// ends. The file is never removed, because removing a lock file while
// another process holds it would let a third lock a different file.
const LockSuffix = ".lock"

// Lock is a lock on the database's lock file, held until Release.
type Lock struct{ f *os.File }

// Release drops the lock (closing the file drops it).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// lockShared is taken by every process that opens the database at dbPath,
// for as long as it has it open: any number of desks and commands share the
// file, and a restore, which needs it alone, sees that they are there. A
// restore under way makes it fail with ErrRestoring, without waiting: a
// window that waited would show nothing for as long as the restore takes.
func lockShared(dbPath string) (*Lock, error) {
	l, err := takeLock(dbPath, false)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("%w: %s", ErrRestoring, filepath.Dir(dbPath))
	}
	return l, err
}

// LockExclusive takes the database at dbPath for one process alone, for a
// restore that replaces the file: it fails at once with ErrInUse while any
// process has the database open or another restore holds it. Release it
// when the file is in place.
func LockExclusive(dbPath string) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	l, err := takeLock(dbPath, true)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("%w: %s", ErrInUse, filepath.Dir(dbPath))
	}
	return l, err
}

// takeLock opens the lock file beside dbPath (creating it) and locks it
// without waiting. Each call opens the file anew, so two locks in one
// process conflict as they would in two (flock and LockFileEx lock an open
// file, not a process).
func takeLock(dbPath string, exclusive bool) (*Lock, error) {
	path := dbPath + LockSuffix
	// Read-only is enough to lock, and lets an account that may only read
	// the lock file (a database shared with a group) take its lock too.
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, lockMode(dbPath))
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := tryLock(f, exclusive); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, err
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// lockMode gives a new lock file the database's own permissions, so that
// whoever may open the database may take its lock; 0600 for a new one.
func lockMode(dbPath string) fs.FileMode {
	if fi, err := os.Stat(dbPath); err == nil {
		return fi.Mode().Perm()
	}
	return 0o600
}
