package backup

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/intake"
	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/storetest"
	"madoguchi/app/vault"
)

var tables = []store.Migrations{intake.Migrations, audit.Migrations}

const passphrase = "backup passphrase 2026"

// office makes a database with one application and a few audit entries.
func office(t *testing.T, dir string) (*store.DB, int64) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, tables...); err != nil {
		t.Fatal(err)
	}
	v := vault.NewPlain()
	s := intake.New(db, v, []string{"ja"}, nil)
	app, err := s.Start(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.Save(ctx, app.ID, "language", intake.Answers{"applicantLanguage": "ja"})
	if _, err := s.Save(ctx, app.ID, "name", intake.Answers{"name": "控室 太郎"}); err != nil {
		t.Fatal(err)
	}
	log := audit.New(db, v, nil)
	for _, a := range []audit.Action{audit.SignIn, audit.Change, audit.SignOut} {
		if _, err := log.Record(ctx, audit.Entry{UserID: 1, Role: "counter", Action: a}); err != nil {
			t.Fatal(err)
		}
	}
	return db, app.ID
}

func problemID(err error) string {
	if l := problem.From(err); len(l) > 0 {
		return l[0].ID
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	db, id := office(t, src)
	defer db.Close()
	file := filepath.Join(t.TempDir(), "office.madoguchi-backup")
	if err := Write(ctx, db, file, passphrase); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	for _, s := range []string{"控室 太郎", "SQLite format"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("backup file holds %q in plain text", s)
		}
	}
	if err := Write(ctx, db, file, passphrase); problemID(err) != "backup.error.exists" {
		t.Errorf("second write to the same file: %v", err)
	}

	dst := t.TempDir()
	os.WriteFile(filepath.Join(dst, store.FileName), []byte("the database this restore replaces"), 0o600)
	kept, err := Restore(ctx, file, passphrase, dst, tables, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(kept); string(b) != "the database this restore replaces" {
		t.Errorf("the replaced database was not kept at %s", kept)
	}
	restored, err := store.Open(ctx, filepath.Join(dst, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	app, err := intake.New(restored, vault.NewPlain(), []string{"ja"}, nil).Get(ctx, id)
	if err != nil || app.Answers["name"] != "控室 太郎" {
		t.Errorf("restored application: %+v %v", app, err)
	}
}

func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		prepare func(t *testing.T, db *store.DB, file string) (path, pass string)
		want    string
	}{
		{"wrong passphrase", func(t *testing.T, db *store.DB, file string) (string, string) {
			return file, "not the passphrase at all"
		}, "backup.error.cannotOpen"},
		{"not a backup", func(t *testing.T, db *store.DB, file string) (string, string) {
			other := file + ".txt"
			os.WriteFile(other, []byte("hello"), 0o600)
			return other, passphrase
		}, "backup.error.notBackup"},
		{"tampered audit trail", func(t *testing.T, db *store.DB, file string) (string, string) {
			if _, err := db.Exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_id = 9 WHERE seq = 2`); err != nil {
				t.Fatal(err)
			}
			tampered := file + ".tampered"
			if err := Write(ctx, db, tampered, passphrase); err != nil {
				t.Fatal(err)
			}
			return tampered, passphrase
		}, "backup.error.auditBroken"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, _ := office(t, t.TempDir())
			defer db.Close()
			file := filepath.Join(t.TempDir(), "office.madoguchi-backup")
			if err := Write(ctx, db, file, passphrase); err != nil {
				t.Fatal(err)
			}
			path, pass := c.prepare(t, db, file)
			dst := t.TempDir()
			current := filepath.Join(dst, store.FileName)
			os.WriteFile(current, []byte("current"), 0o600)
			_, err := Restore(ctx, path, pass, dst, tables, time.Now())
			if got := problemID(err); got != c.want {
				t.Fatalf("restore: %q, want %s", got, c.want)
			}
			if b, _ := os.ReadFile(current); string(b) != "current" {
				t.Error("a refused restore changed the current database")
			}
		})
	}
}

// TestKilledBackupLeavesNoPlainCopy: the outside security test killed
// `madoguchi backup` after SQLite had copied the database and before the
// copy was sealed: an unsealed database was left in the folder the backup
// was going to (a USB stick, a share). The copy is now made in the data
// folder's private scratch folder, and the next backup or start removes
// what a killed one left there.
func TestKilledBackupLeavesNoPlainCopy(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		next func(t *testing.T, dir string)
	}{
		{"next backup", func(t *testing.T, dir string) {
			db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := Write(ctx, db, filepath.Join(t.TempDir(), "next.madoguchi-backup"), passphrase); err != nil {
				t.Fatal(err)
			}
		}},
		{"next start", func(t *testing.T, dir string) {
			db, err := store.Open(ctx, filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db, _ := office(t, dir)
			db.Close()
			dest := t.TempDir()
			p := storetest.Start(t, "backup-killed", dir, filepath.Join(dest, "office.madoguchi-backup"))
			p.Kill()
			if found := plainCopies(t, dest); len(found) > 0 {
				t.Errorf("a killed backup left an unsealed database where backups go: %v", found)
			}
			if found := plainCopies(t, filepath.Join(dir, store.ScratchDirName)); len(found) != 1 {
				t.Fatalf("the killed backup's copy in the scratch folder: %v, want 1", found)
			}
			tt.next(t, dir)
			if found := plainCopies(t, filepath.Join(dir, store.ScratchDirName)); len(found) > 0 {
				t.Errorf("left in the scratch folder after the %s: %v", tt.name, found)
			}
		})
	}
}

// plainCopies lists the files under dir that are SQLite databases or hold
// the office's applicant in clear.
func plainCopies(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(b, []byte("SQLite format 3\x00")) || bytes.Contains(b, []byte("控室 太郎")) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
