package backup

import (
	"context"
	"os"
	"path/filepath"
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
