// Package backup writes and restores encrypted copies of the database: a consistent online copy sealed with a passphrase, checked before it replaces anything.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/problem"
	"madoguchi/app/store"
)

// Write copies the open database consistently (SQLite VACUUM INTO: other
// desks may go on working) and writes it to path encrypted with a key
// derived from passphrase (AES-256-GCM, in chunks: format.go). It never
// overwrites a file.
//
// The copy is made in the data directory's scratch folder, not beside
// path: a backup killed before it removes the copy (power cut, kill -9)
// must not leave an unsealed database where backups go, which may be a USB
// stick that leaves the office. In the scratch folder the copy is as
// private as the database itself (0600 in a 0700 folder of the 0700 data
// folder), and the next backup or start removes it (store.NewScratch).
//
// A shared PostgreSQL database is refused: it has no file to copy, and is
// backed up by the server's own tools (pg_dump), which find its values as
// sealed as a backup would hold them (docs/deployment.md).
func Write(ctx context.Context, db *store.DB, path, passphrase string) error {
	if db.Engine != store.SQLite {
		return problem.New("cli.backup.error.server", map[string]any{"Database": db.Name()})
	}
	if len([]rune(passphrase)) < PassphraseMin {
		return problem.OnField("passphrase", "backup.passphrase.error.tooShort", map[string]any{"Min": PassphraseMin})
	}
	if _, err := os.Stat(path); err == nil {
		return problem.New("backup.error.exists", map[string]any{"Path": path})
	}
	scratch, err := store.NewScratch(filepath.Dir(db.Path))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer scratch.Remove()
	plainPath, err := copyDatabase(ctx, db, scratch.Dir)
	if err != nil {
		return err
	}
	afterCopy(plainPath)
	return sealFile(plainPath, path, passphrase)
}

// sealFile writes the database at plainPath to path as a backup, chunk by
// chunk (stream.go), so that memory holds one chunk whatever the size. The
// file is created 0600 and never replaces one; a failure removes it, and a
// process killed while it writes leaves a file that restore refuses as cut
// short, never an unsealed byte.
func sealFile(plainPath, path, passphrase string) error {
	src, err := os.Open(plainPath)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return problem.New("backup.error.exists", map[string]any{"Path": path})
	}
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", path, err)
	}
	err = seal(dst, src, passphrase)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: write %s: %w", path, err)
	}
	return nil
}

// afterCopy is called once the unsealed copy is made; tests stop a
// process there to play one killed in the middle of a backup.
var afterCopy = func(plainPath string) {}

// copyDatabase writes a consistent copy of db into dir and returns its
// path. The file is created 0600 before SQLite writes into it (VACUUM INTO
// takes an empty file), so it is never readable by other accounts, not
// even for a moment.
func copyDatabase(ctx context.Context, db *store.DB, dir string) (string, error) {
	plainPath := filepath.Join(dir, store.FileName)
	if err := writeNew(plainPath, nil); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, plainPath); err != nil {
		return "", fmt.Errorf("backup: copy database: %w", err)
	}
	return plainPath, nil
}

// Restore checks the backup at path — passphrase, SQLite integrity, table
// versions this program knows, and an unbroken audit chain — and only then
// puts it in place of dataDir's database. The database it replaces is kept
// beside it (madoguchi.db.before-restore-<time>), never deleted.
//
// It refuses (backup.error.inUse) while any window or command has dataDir's
// database open, or another restore is under way: a desk keeps writing
// through the file it opened, so its work would go into the file moved
// aside and be missing from the restored one. It holds the database's
// exclusive lock until the backup is in place, so nothing opens the
// database in the meantime (store.ErrRestoring).
func Restore(ctx context.Context, path, passphrase, dataDir string, tables []store.Migrations, now time.Time) (kept string, err error) {
	lock, err := store.LockExclusive(filepath.Join(dataDir, store.FileName))
	if errors.Is(err, store.ErrInUse) {
		return "", problem.New("backup.error.inUse", map[string]any{"Path": dataDir})
	}
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer lock.Release()
	src, size, err := openFile(path)
	if err != nil {
		return "", err
	}
	defer src.Close()
	// The opened backup waits in the scratch folder, where the next start
	// removes it if this process is killed before it is put in place.
	scratch, err := store.NewScratch(dataDir)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer scratch.Remove()
	candidate := filepath.Join(scratch.Dir, store.FileName)
	if err := unseal(src, size, passphrase, candidate); err != nil {
		return "", openProblem(path, err)
	}
	head, err := check(ctx, candidate, tables)
	if err != nil {
		return "", err
	}
	if kept, err = swap(dataDir, candidate, now); err != nil {
		return kept, err
	}
	// The replaced database's anchor went with it: anchor the restored log
	// at the head just checked, so the window's check holds it from now on.
	if err := audit.WriteAnchor(filepath.Join(dataDir, store.FileName), head); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// openFile opens the backup at path, refusing anything but a regular file:
// a device (restore /dev/zero read without end in the outside security
// test) or a pipe (whose opening waits for a writer) is not a backup.
func openFile(path string) (*os.File, int64, error) {
	notBackup := problem.New("backup.error.notBackup", map[string]any{"Path": path})
	named, err := os.Stat(path)
	if err != nil {
		return nil, 0, fmt.Errorf("restore: %w", err)
	}
	if !named.Mode().IsRegular() {
		return nil, 0, notBackup
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("restore: %w", err)
	}
	// The file opened is the one checked, not one put there since.
	opened, err := f.Stat()
	if err != nil || !opened.Mode().IsRegular() || !os.SameFile(named, opened) {
		f.Close()
		return nil, 0, notBackup
	}
	return f, opened.Size(), nil
}

// unseal writes the database in the backup src to candidate (0600, a new
// file), never more than maxSize bytes, and syncs it: it becomes the live
// database.
func unseal(src *os.File, size int64, passphrase, candidate string) error {
	r, err := open(src, size, passphrase)
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(candidate, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, err = io.Copy(dst, r)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// openProblem says what is wrong with the backup at path, when the
// operator can act on it.
func openProblem(path string, err error) error {
	switch {
	case errors.Is(err, ErrNotBackup):
		return problem.New("backup.error.notBackup", map[string]any{"Path": path})
	case errors.Is(err, errWrongKey):
		// Wrong passphrase and a damaged first chunk look the same to GCM.
		return problem.OnField("passphrase", "backup.error.cannotOpen", nil)
	case errors.Is(err, errDamaged):
		return problem.New("backup.error.damaged", nil)
	case errors.Is(err, errTooLarge):
		return problem.New("backup.error.tooLarge", map[string]any{"Path": path, "Max": sizeText(maxSize)})
	}
	return fmt.Errorf("restore: %w", err)
}

// check refuses a backup that is damaged, newer than this program, or whose
// audit trail was tampered with, and returns the check of that trail.
//
// The trail is checked without its key: the backup's data key opens only
// with the data passphrase or the keyring of the PC that made it, and a
// restore asks for the backup's passphrase alone. So this check proves the
// hashes and that no plain entry follows a keyed one, not the MACs; the
// first check with the key after the restore (the window's, or `madoguchi
// audit verify`) does. A backup sealed under its passphrase cannot have
// been edited without it, so what the MACs add here is small.
func check(ctx context.Context, path string, tables []store.Migrations) (audit.Report, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return audit.Report{}, problem.New("backup.error.damaged", nil)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		return audit.Report{}, problem.New("backup.error.damaged", nil)
	}
	if _, err := db.Pending(ctx, tables...); errors.Is(err, store.ErrNewerVersion) {
		return audit.Report{}, problem.New("store.error.newerVersion", map[string]any{"Path": path})
	} else if err != nil {
		return audit.Report{}, fmt.Errorf("restore: %w", err)
	}
	report, err := audit.Verify(ctx, db)
	if err != nil {
		return audit.Report{}, fmt.Errorf("restore: verify audit trail: %w", err)
	}
	if !report.OK() {
		return audit.Report{}, problem.New("backup.error.auditBroken", map[string]any{"Seq": report.Broken.Seq})
	}
	return report, nil
}

// swap moves the current database (and its WAL files) aside and the checked
// copy into place.
func swap(dataDir, candidate string, now time.Time) (string, error) {
	current := filepath.Join(dataDir, store.FileName)
	kept := ""
	if _, err := os.Lstat(current); err == nil {
		if kept, err = keep(current, now); err != nil {
			return "", err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(candidate, current); err != nil {
		return "", fmt.Errorf("restore: put backup in place: %w", err)
	}
	return kept, nil
}

// walFiles are the suffixes of a database's files: itself, the WAL files
// that hold its latest transactions, and its audit anchor (app/audit
// anchor.go), which must all keep its name.
var walFiles = []string{"", "-wal", "-shm", audit.AnchorSuffix}

// keep moves current and its WAL files to names of their own beside it
// (madoguchi.db.before-restore-<time>, -2, -3 … if taken), readable by
// this account only: they are a whole copy of the data, no longer opened
// by any desk, and an earlier version's database may be 0644.
func keep(current string, now time.Time) (string, error) {
	kept, err := reserve(current + ".before-restore-" + now.UTC().Format("20060102T150405"))
	if err != nil {
		return "", err
	}
	for _, suffix := range walFiles {
		if _, err := os.Lstat(current + suffix); errors.Is(err, fs.ErrNotExist) {
			os.Remove(kept + suffix) // its placeholder
			continue
		}
		// Rename replaces the placeholder reserve made: never another file.
		if err := os.Rename(current+suffix, kept+suffix); err != nil {
			return "", fmt.Errorf("restore: keep current database: %w", err)
		}
		if err := os.Chmod(kept+suffix, 0o600); err != nil {
			return "", fmt.Errorf("restore: keep current database: %w", err)
		}
	}
	return kept, nil
}

// keepTries bounds the names reserve tries: more restores than this in one
// second cannot happen, since each holds the database's lock.
const keepTries = 100

// reserve finds a name, base or base-N, for which no file and no WAL file
// exists, and reserves it by creating them empty (O_EXCL, 0600): the
// outside security test ran two restores in the same second and the
// second moved the first's database over the original it had kept.
func reserve(base string) (string, error) {
	for i := 1; i <= keepTries; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		ok, err := reserveAll(name)
		if err != nil {
			return "", fmt.Errorf("restore: keep current database: %w", err)
		}
		if ok {
			return name, nil
		}
	}
	return "", fmt.Errorf("restore: keep current database: %d names beside %s are taken", keepTries, base)
}

// reserveAll creates name and its WAL files empty, or none of them.
func reserveAll(name string) (bool, error) {
	var made []string
	undo := func() {
		for _, m := range made {
			os.Remove(m)
		}
	}
	for _, suffix := range walFiles {
		err := writeNew(name+suffix, nil)
		if errors.Is(err, fs.ErrExist) {
			undo()
			return false, nil
		}
		if err != nil {
			undo()
			return false, err
		}
		made = append(made, name+suffix)
	}
	return true, nil
}

// writeNew creates path readable by this account only, holding b; it
// never replaces a file (fs.ErrExist).
func writeNew(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
