package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"madoguchi/app/store/storetest"
)

func TestMain(m *testing.M) {
	if role, args, ok := storetest.Role(); ok {
		os.Exit(playRole(role, args))
	}
	os.Exit(m.Run())
}

// playRole is another process of these tests: "open PATH" has the
// database open as a desk does; "scratch DATADIR" is a backup in the
// middle of its copy.
func playRole(role string, args []string) int {
	switch role {
	case "open":
		db, err := Open(context.Background(), args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer db.Close()
	case "scratch":
		s, err := NewScratch(args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer s.Remove()
		if err := os.WriteFile(filepath.Join(s.Dir, FileName), []byte("a copy"), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown role", role)
		return 2
	}
	storetest.Ready()
	storetest.Hold()
	return 0
}

// TestLock: any number of processes have the database open at once (two
// desks on one file are allowed); the exclusive lock a restore takes is
// refused while any of them does, in this process (each Open opens the
// lock file anew) or in another, and granted once they have closed it or
// died; while it is held, nothing opens the database.
func TestLock(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// holders opens the database as other desks and commands would and
		// returns how to end each of them.
		holders func(t *testing.T, path string) []func()
	}{
		{"two opens in this process", func(t *testing.T, path string) []func() {
			var ends []func()
			for range 2 {
				db, err := Open(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				ends = append(ends, func() { db.Close() })
			}
			return ends
		}},
		{"one here, one in another process", func(t *testing.T, path string) []func() {
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			p := storetest.Start(t, "open", path)
			return []func(){func() { db.Close() }, func() { p.Stop() }}
		}},
		{"another process, killed", func(t *testing.T, path string) []func() {
			p := storetest.Start(t, "open", path)
			return []func(){p.Kill}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			ends := tt.holders(t, path)
			for i, end := range ends {
				if l, err := LockExclusive(path); !errors.Is(err, ErrInUse) {
					l.Release()
					t.Fatalf("with %d holders: LockExclusive: %v, want ErrInUse", len(ends)-i, err)
				}
				end()
			}
			l, err := LockExclusive(path)
			if err != nil {
				t.Fatalf("with every holder gone: %v", err)
			}
			if _, err := Open(ctx, path); !errors.Is(err, ErrRestoring) {
				t.Errorf("Open under the exclusive lock: %v, want ErrRestoring", err)
			}
			if other, err := LockExclusive(path); !errors.Is(err, ErrInUse) {
				other.Release()
				t.Errorf("a second exclusive lock: %v, want ErrInUse", err)
			}
			l.Release()
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("Open after the restore: %v", err)
			}
			db.Close()
		})
	}
}

// TestOnlyAnAbsentFileIsNew: an absent file is made a new database; a
// file that is there but empty, or is SQLite without Madoguchi's migration
// ledger, is refused as damaged and left as found (anyone at the PC can
// empty a file, and a new database lets a stranger create the
// administrator).
func TestOnlyAnAbsentFileIsNew(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		corrupt bool
	}{
		{"absent", func(*testing.T, string) {}, false},
		{"empty", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"SQLite without the ledger", func(t *testing.T, path string) {
			raw(t, path, `CREATE TABLE users (name TEXT)`)
		}, true},
		{"SQLite with nothing in it", func(t *testing.T, path string) {
			raw(t, path, `PRAGMA user_version = 1`)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			tt.prepare(t, path)
			before, _ := os.ReadFile(path)
			db, err := Open(ctx, path)
			if tt.corrupt {
				if !errors.Is(err, ErrCorrupt) {
					db.Close()
					t.Fatalf("Open: %v, want ErrCorrupt", err)
				}
				if after, _ := os.ReadFile(path); string(after) != string(before) {
					t.Error("the refused file was changed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(ctx, notesV1); err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
				t.Errorf("new database: %v, size %d", err, fi.Size())
			}
		})
	}
}

// raw writes a SQLite file at path with another program's means.
func raw(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatal(err)
	}
}

// TestDesksStartingTogetherShareOneNewFile: desks opening a new data
// folder at the same moment end up on one database, none on a file that
// another replaced.
func TestDesksStartingTogetherShareOneNewFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	const desks = 4
	dbs := make([]*DB, desks)
	var wg sync.WaitGroup
	errs := make(chan error, desks)
	for i := range desks {
		wg.Go(func() {
			db, err := Open(ctx, path)
			dbs[i] = db
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := dbs[0].Migrate(ctx, notesV1); err != nil {
		t.Fatal(err)
	}
	for i, db := range dbs {
		defer db.Close()
		if _, err := db.ExecContext(ctx, `INSERT INTO notes(body) VALUES (?)`, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	for i, db := range dbs {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM notes`).Scan(&n); err != nil || n != desks {
			t.Errorf("desk %d sees %d notes (%v), want %d", i, n, err, desks)
		}
	}
}

// TestScratchLeftByAKilledProcess: a process killed in the middle of its
// work leaves its scratch folder; the next NewScratch or Open removes it,
// and never the folder of a process still at work.
func TestScratchLeftByAKilledProcess(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		next func(t *testing.T, dir string)
	}{
		{"next scratch", func(t *testing.T, dir string) {
			s, err := NewScratch(dir)
			if err != nil {
				t.Fatal(err)
			}
			s.Remove()
		}},
		{"next start", func(t *testing.T, dir string) {
			db, err := Open(ctx, filepath.Join(dir, FileName))
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			killed := storetest.Start(t, "scratch", dir)
			killed.Kill()
			working := storetest.Start(t, "scratch", dir)
			mine, err := NewScratch(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer mine.Remove()
			tt.next(t, dir)
			if n := copies(t, dir); n != 1 {
				t.Errorf("%d copies left with one process at work, want its 1", n)
			}
			if _, err := os.Stat(mine.Dir); err != nil {
				t.Errorf("this process's own folder: %v", err)
			}
			working.Stop()
			if n := copies(t, dir); n != 0 {
				t.Errorf("%d copies left after the process ended, want 0", n)
			}
		})
	}
}

// copies counts the helpers' copies in dir's scratch folder.
func copies(t *testing.T, dir string) int {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dir, ScratchDirName, "*", FileName))
	if err != nil {
		t.Fatal(err)
	}
	return len(found)
}
