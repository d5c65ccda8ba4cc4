package backup

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// A keyed log restored over a database that had gone further: the check
// before the restore passes without the key, the replaced database's
// anchor goes with it, and the restored log is anchored at its own head,
// so the check with the key finds it whole.
func TestKeyedLogSurvivesBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	keyedTables := []store.Migrations{vault.Migrations, audit.Migrations}
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, keyedTables...); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Setup(ctx, "data passphrase 2026", audit.Reseal); err != nil {
		t.Fatal(err)
	}
	record := func(n int) {
		for range n {
			if _, err := audit.New(db, v, nil).Record(ctx, audit.Entry{UserID: 1, Role: "counter", Action: audit.SignIn}); err != nil {
				t.Fatal(err)
			}
		}
	}
	record(5)
	file := filepath.Join(t.TempDir(), "office.madoguchi-backup")
	if err := Write(ctx, db, file, passphrase); err != nil {
		t.Fatal(err)
	}
	record(5) // the live log goes on: its anchor is now at 10
	db.Close()

	kept, err := Restore(ctx, file, passphrase, dir, keyedTables, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(kept + audit.AnchorSuffix); err != nil {
		t.Fatalf("the replaced database's anchor was not kept with it: %v", err)
	}
	restored, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	rv, err := vault.Open(ctx, restored, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rv.Unlock(ctx, "data passphrase 2026"); err != nil {
		t.Fatal(err)
	}
	rep, err := audit.New(restored, rv, nil).Verify(ctx)
	if err != nil || !rep.OK() || rep.Keyless || rep.Entries != 5 || rep.Anchor != 5 {
		t.Fatalf("restored log: %+v, %v; want 5 entries whole, MACs checked, anchored at 5", rep, err)
	}
}
