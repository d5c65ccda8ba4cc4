package backup

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/store"
	"madoguchi/app/store/storetest"
	"madoguchi/app/vault"
)

// TestRestoreRefusedWhileInUse: the outside security test restored a
// backup while a desk was running; the desk went on writing into the file
// restore had moved aside (it holds that file open), so its work was
// missing from the live database. A restore is now refused while any
// window or command has the database open, here or in another process, or
// another restore holds it; the database is not touched; and once they
// are gone the restore goes ahead.
func TestRestoreRefusedWhileInUse(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		hold func(t *testing.T, path string) (end func())
	}{
		{"a desk in this process", func(t *testing.T, path string) func() {
			db, err := store.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			return func() { db.Close() }
		}},
		{"a desk in another process", func(t *testing.T, path string) func() {
			return storetest.Start(t, "open", path).Kill
		}},
		{"a command in another process that ends", func(t *testing.T, path string) func() {
			p := storetest.Start(t, "open", path)
			return func() { p.Stop() }
		}},
		{"another restore", func(t *testing.T, path string) func() {
			l, err := store.LockExclusive(path)
			if err != nil {
				t.Fatal(err)
			}
			return func() { l.Release() }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, _ := office(t, t.TempDir())
			file := filepath.Join(t.TempDir(), "office.madoguchi-backup")
			if err := Write(ctx, src, file, passphrase); err != nil {
				t.Fatal(err)
			}
			src.Close()
			dst := t.TempDir()
			live, _ := office(t, dst)
			live.Close()
			current := filepath.Join(dst, store.FileName)
			before, err := os.Stat(current)
			if err != nil {
				t.Fatal(err)
			}
			end := tt.hold(t, current)
			_, err = Restore(ctx, file, passphrase, dst, tables, time.Now())
			if got := problemID(err); got != "backup.error.inUse" {
				end()
				t.Fatalf("restore while in use: %q, want backup.error.inUse", got)
			}
			if after, err := os.Stat(current); err != nil || !os.SameFile(before, after) {
				t.Errorf("a refused restore moved the database: %v", err)
			}
			end()
			if _, err := Restore(ctx, file, passphrase, dst, tables, time.Now()); err != nil {
				t.Fatalf("restore once no one uses the database: %v", err)
			}
		})
	}
}

// TestDeskWorkIsNotLost is the attack itself: a desk has the database
// open and records work after a restore was attempted; that work is in the
// live database when the desk has closed.
func TestDeskWorkIsNotLost(t *testing.T) {
	ctx := context.Background()
	src, _ := office(t, t.TempDir())
	file := filepath.Join(t.TempDir(), "office.madoguchi-backup")
	if err := Write(ctx, src, file, passphrase); err != nil {
		t.Fatal(err)
	}
	src.Close()
	dst := t.TempDir()
	desk, _ := office(t, dst)
	Restore(ctx, file, passphrase, dst, tables, time.Now())
	log := audit.New(desk, vault.NewPlain(), nil)
	entry, err := log.Record(ctx, audit.Entry{UserID: 1, Role: "counter", Action: audit.Change})
	if err != nil {
		t.Fatal(err)
	}
	desk.Close()
	live, err := store.Open(ctx, filepath.Join(dst, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	var n int
	if err := live.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE seq = ?`, entry.Seq).Scan(&n); err != nil || n != 1 {
		t.Errorf("the desk's work after the restore attempt is missing from the live database (%v)", err)
	}
}

// TestTwoRestoresAtOnce: the outside security test ran two restores in the
// same second; both kept the database they replaced under the same
// before-restore name, so the second's moved the first's restored copy
// over the original, which was lost. Now the second is refused while the
// first holds the database, and the original is kept.
func TestTwoRestoresAtOnce(t *testing.T) {
	ctx := context.Background()
	file := backupFile(t)
	dst := t.TempDir()
	current := filepath.Join(dst, store.FileName)
	if err := os.WriteFile(current, []byte("the original"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	const restores = 2
	errs := make(chan error, restores)
	var wg sync.WaitGroup
	for range restores {
		wg.Go(func() {
			_, err := Restore(ctx, file, passphrase, dst, tables, now)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	done := 0
	for err := range errs {
		switch problemID(err) {
		case "":
			done++
		case "backup.error.inUse":
		default:
			t.Errorf("restore: %v", err)
		}
	}
	if done == 0 {
		t.Error("neither restore was done")
	}
	if kept := keptHolding(t, dst, "the original"); len(kept) != 1 {
		t.Errorf("the original is kept in %v, want one file", kept)
	}
}

// TestRestoreKeepsEveryReplacedDatabase: a before-restore file already
// there (a restore earlier in the same second) is never replaced, and the
// database a restore replaces is kept readable by this account only, with
// its WAL files, whatever mode it had.
func TestRestoreKeepsEveryReplacedDatabase(t *testing.T) {
	ctx := context.Background()
	file := backupFile(t)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		earlier []string // before-restore files there before the restore
		mode    os.FileMode
	}{
		{"no earlier restore", nil, 0o600},
		{"one earlier in the same second", []string{""}, 0o600},
		{"two earlier, with a WAL file", []string{"", "-wal", "-2-shm"}, 0o600},
		{"a database an earlier version made 0644", nil, 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := t.TempDir()
			current := filepath.Join(dst, store.FileName)
			for _, suffix := range walFiles[:2] {
				if err := os.WriteFile(current+suffix, []byte("the original"+suffix), tt.mode); err != nil {
					t.Fatal(err)
				}
				os.Chmod(current+suffix, tt.mode) // past the umask
			}
			base := current + ".before-restore-20261123T090000"
			for _, suffix := range tt.earlier {
				if err := os.WriteFile(base+suffix, []byte("earlier"+suffix), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			kept, err := Restore(ctx, file, passphrase, dst, tables, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, suffix := range tt.earlier {
				if b, _ := os.ReadFile(base + suffix); string(b) != "earlier"+suffix {
					t.Errorf("%s was replaced", filepath.Base(base+suffix))
				}
			}
			for _, suffix := range walFiles[:2] {
				b, err := os.ReadFile(kept + suffix)
				if err != nil || string(b) != "the original"+suffix {
					t.Errorf("%s holds %q (%v), want the original", filepath.Base(kept+suffix), b, err)
				}
				if fi, err := os.Stat(kept + suffix); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm() != 0o600) {
					t.Errorf("%s: mode %v (%v), want 0600", filepath.Base(kept+suffix), fi.Mode().Perm(), err)
				}
			}
			if _, err := os.Stat(kept + "-shm"); err == nil {
				t.Error("a placeholder -shm was left beside the kept database, which had none")
			}
		})
	}
}

// backupFile writes a backup of a small office and returns its path.
func backupFile(t *testing.T) string {
	t.Helper()
	db, _ := office(t, t.TempDir())
	defer db.Close()
	file := filepath.Join(t.TempDir(), "office.madoguchi-backup")
	if err := Write(context.Background(), db, file, passphrase); err != nil {
		t.Fatal(err)
	}
	return file
}

// keptHolding lists the before-restore files in dir that hold content.
func keptHolding(t *testing.T, dir, content string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dir, store.FileName+".before-restore-*"))
	if err != nil {
		t.Fatal(err)
	}
	var holding []string
	for _, f := range found {
		if b, _ := os.ReadFile(f); string(b) == content {
			holding = append(holding, f)
		}
	}
	return holding
}
