package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ScratchDirName is the data directory's private folder for copies of the
// database in the making: a backup's unsealed copy, a restore's opened and
// checked backup, a new database before it is put in place. It is 0700
// inside the 0700 data folder, so such a copy is as private as the
// database itself; it is never where a backup is written (which may be a
// USB stick that leaves the office); and it is on the database's disk, so
// a file made there can be moved into place.
const ScratchDirName = "tmp"

// Scratch is one process's own folder inside the data directory's scratch
// folder, with a lock held on its lock file (<folder>.lock) until Remove. A
// process killed before it removes its folder leaves the lock file
// unlocked (the operating system drops the lock), which is how the next
// NewScratch or Open knows that the folder is left over and removes it:
// such a copy would otherwise keep rows deleted from the database since
// (an Individual Number destroyed at the end of its retention period).
//
// The rules that make this safe between processes: a folder is made only
// after its lock file is locked and still in place; a lock file is
// removed only after its folder is gone; and whoever removes either holds
// the lock, or held it until just before (Windows removes no open file).
type Scratch struct {
	Dir  string
	lock *os.File
}

// scratchTries bounds how often NewScratch makes a new lock file when a
// cleaner took the one it had just made.
const scratchTries = 10

// NewScratch removes what ended processes left in dataDir's scratch
// folder, then makes a folder of the caller's own there (0700).
func NewScratch(dataDir string) (*Scratch, error) {
	root := filepath.Join(dataDir, ScratchDirName)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("scratch folder: %w", err)
	}
	CleanScratch(dataDir)
	for range scratchTries {
		lf, err := claimLockFile(root)
		if err != nil {
			return nil, err
		}
		if lf == nil {
			continue
		}
		dir := strings.TrimSuffix(lf.Name(), LockSuffix)
		if err := os.Mkdir(dir, 0o700); err != nil {
			lf.Close()
			os.Remove(lf.Name())
			return nil, fmt.Errorf("scratch folder: %w", err)
		}
		return &Scratch{Dir: dir, lock: lf}, nil
	}
	return nil, fmt.Errorf("scratch folder %s: no lock file could be kept", root)
}

// claimLockFile makes a new lock file in root and locks it; nil when a
// cleaner locked or removed it between the two (it is unlocked for that
// moment), and the caller tries another.
func claimLockFile(root string) (*os.File, error) {
	lf, err := os.CreateTemp(root, "*"+LockSuffix)
	if err != nil {
		return nil, fmt.Errorf("scratch folder: %w", err)
	}
	if err := tryLock(lf, true); err != nil {
		lf.Close()
		if errors.Is(err, errLocked) {
			return nil, nil // a cleaner holds it and will remove it
		}
		os.Remove(lf.Name())
		return nil, fmt.Errorf("scratch folder: lock: %w", err)
	}
	if !stillAt(lf) {
		lf.Close()
		return nil, nil
	}
	return lf, nil
}

// stillAt tells whether f is still the file at its path: a cleaner may
// have removed it while it was unlocked, and a folder kept under a lock
// file no one can find would never be cleaned.
func stillAt(f *os.File) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	there, err := os.Stat(f.Name())
	return err == nil && os.SameFile(held, there)
}

// Remove deletes the folder and everything in it, then its lock file.
func (s *Scratch) Remove() error {
	name := s.lock.Name()
	err := os.RemoveAll(s.Dir)
	// Closed before it is removed: Windows removes no open file.
	s.lock.Close()
	if err != nil {
		// The lock file stays, so that the next cleaner finds the folder.
		return fmt.Errorf("remove scratch folder: %w", err)
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove scratch folder: %w", err)
	}
	return nil
}

// CleanScratch removes every folder of dataDir's scratch folder whose
// maker has ended (its lock file can be locked), and returns how many lock
// files it removed. It is best effort: what it cannot remove now the next
// call tries again, and nothing the desk does depends on it.
func CleanScratch(dataDir string) int {
	root := filepath.Join(dataDir, ScratchDirName)
	entries, err := os.ReadDir(root)
	if err != nil {
		return 0
	}
	removed := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), LockSuffix) {
			continue
		}
		if removeLeftover(filepath.Join(root, e.Name())) {
			removed++
		}
	}
	return removed
}

// removeLeftover removes the folder of lockPath, then lockPath, if no
// process holds its lock.
func removeLeftover(lockPath string) bool {
	f, err := os.Open(lockPath)
	if err != nil {
		return false
	}
	if tryLock(f, true) != nil || !stillAt(f) {
		f.Close() // its maker is at work, or it is gone already
		return false
	}
	err = os.RemoveAll(strings.TrimSuffix(lockPath, LockSuffix))
	f.Close()
	if err != nil {
		return false
	}
	return os.Remove(lockPath) == nil
}
