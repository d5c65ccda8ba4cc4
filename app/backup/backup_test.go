package backup

import (
	"bytes"
	"context"
	"crypto/rand"
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

// cut writes the first n bytes of file to a new file and returns its path.
func cut(t *testing.T, file string, n int64) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(b)) <= n {
		t.Fatalf("%s is %d bytes, not more than %d", file, len(b), n)
	}
	short := file + ".cut"
	if err := os.WriteFile(short, b[:n], 0o600); err != nil {
		t.Fatal(err)
	}
	return short
}

// TestRestoreRefuses: a backup that is not one, or does not open, or is
// damaged, cut short, too large or tampered with, is refused before the
// database is touched.
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
		{"a directory", func(t *testing.T, db *store.DB, file string) (string, string) {
			return t.TempDir(), passphrase
		}, "backup.error.notBackup"},
		{"shorter than the magic line", func(t *testing.T, db *store.DB, file string) (string, string) {
			return cut(t, file, 5), passphrase
		}, "backup.error.notBackup"},
		{"nothing after the header", func(t *testing.T, db *store.DB, file string) (string, string) {
			return cut(t, file, int64(len(magicV2)+saltLen)), passphrase
		}, "backup.error.cannotOpen"},
		{"cut after its first chunk", func(t *testing.T, db *store.DB, file string) (string, string) {
			return cut(t, file, int64(len(magicV2)+saltLen+chunkSize+tagSize)), passphrase
		}, "backup.error.damaged"},
		{"cut short by one byte", func(t *testing.T, db *store.DB, file string) (string, string) {
			fi, _ := os.Stat(file)
			return cut(t, file, fi.Size()-1), passphrase
		}, "backup.error.damaged"},
		{"holding more than a backup may", func(t *testing.T, db *store.DB, file string) (string, string) {
			old := maxSize
			maxSize = chunkSize
			t.Cleanup(func() { maxSize = old })
			return file, passphrase
		}, "backup.error.tooLarge"},
		{"a format 1 file larger than format 1 is read", func(t *testing.T, db *store.DB, file string) (string, string) {
			huge := file + ".huge"
			if err := os.WriteFile(huge, magicV1, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(huge, MaxSizeV1+1); err != nil { // sparse: nothing is written
				t.Fatal(err)
			}
			return huge, passphrase
		}, "backup.error.tooLarge"},
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

// sealV1 is format 1 as the version before format 2 wrote it: the whole
// database one AES-GCM message.
func sealV1(t *testing.T, plain []byte, passphrase string) []byte {
	t.Helper()
	salt := make([]byte, saltLen)
	rand.Read(salt)
	gcm, err := newGCM(passphrase, salt)
	if err != nil {
		t.Fatal(err)
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	header := append(append(append([]byte{}, magicV1...), salt...), nonce...)
	return gcm.Seal(header, nonce, plain, header)
}

// TestFormat1BackupsStillRestore: backups written before the chunked
// format are read (and bounded by MaxSizeV1).
func TestFormat1BackupsStillRestore(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	db, id := office(t, src)
	plainPath := filepath.Join(t.TempDir(), "copy.db")
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, plainPath); err != nil {
		t.Fatal(err)
	}
	db.Close()
	plain, err := os.ReadFile(plainPath)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "old.madoguchi-backup")
	if err := os.WriteFile(file, sealV1(t, plain, passphrase), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, file, "not the passphrase at all", t.TempDir(), tables, time.Now()); problemID(err) != "backup.error.cannotOpen" {
		t.Errorf("format 1 with the wrong passphrase: %v", err)
	}
	dst := t.TempDir()
	if _, err := Restore(ctx, file, passphrase, dst, tables, time.Now()); err != nil {
		t.Fatal(err)
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
