//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestFileModes: a new database, its -wal, -shm and lock files are
// readable by this account only, in a directory only it may enter, under
// the usual umask (022) that leaves SQLite's own files readable by every
// account. A file that exists keeps its mode, which the -wal and -shm files
// follow, and the lock file too when it is made (the first start of this
// version), so that whoever may open the database may take its lock.
func TestFileModes(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	tests := []struct {
		name     string
		existing os.FileMode // 0: no database file before Open
		want     os.FileMode // of the database, -wal and -shm files
	}{
		{"new database", 0, 0o600},
		{"database an administrator shared with a group", 0o640, 0o640},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "data")
			path := filepath.Join(dir, FileName)
			if tt.existing != 0 {
				existing(t, path, tt.existing)
			}
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(ctx, notesV1); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO notes(body) VALUES ('private')`); err != nil {
				t.Fatal(err)
			}
			modes := []struct {
				path string
				want os.FileMode
			}{
				{dir, os.ModeDir | 0o700},
				{filepath.Join(dir, ScratchDirName), os.ModeDir | 0o700},
				{path, tt.want},
				{path + "-wal", tt.want},
				{path + "-shm", tt.want},
				{path + LockSuffix, tt.want},
			}
			for _, m := range modes {
				fi, err := os.Stat(m.path)
				if err != nil {
					t.Errorf("%s: %v", filepath.Base(m.path), err)
					continue
				}
				if got := fi.Mode(); got != m.want {
					t.Errorf("%s: mode %v, want %v", filepath.Base(m.path), got, m.want)
				}
			}
		})
	}
}

// existing leaves a database at path with the given mode, as an earlier
// version left it: closed, without a lock file.
func existing(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path + LockSuffix); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
