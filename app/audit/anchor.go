package audit

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"madoguchi/app/store"
)

// # The anchor
//
// The MACs stop a rewritten chain, not a shortened one: deleting the newest
// entries (and lowering sqlite_sequence), or every entry, leaves what
// remains valid. So the head is also kept outside the database file, in
// AnchorPath (madoguchi.db.audit-head, 0600): "SEQ:HASH\n", the format
// `audit verify --anchor` takes. A check holds the log to it: the entry
// SEQ must still be there with that hash (its MAC is checked with the rest
// of the chain), and a log with keyed entries but no anchor file is broken.
//
// When it is written. Append writes the head it finds (the entry before
// the new ones, committed by an earlier transaction) inside the caller's
// transaction, which holds the database's write lock: appends by two
// processes on one file write it one after the other, and it is never
// ahead of a committed entry. A failure to write it fails the append, so
// the action rolls back. Record also writes its own entry after its commit,
// and a whole check moves it to the head it verified. So the anchor lags
// the log by at most one transaction (the newest hook's, until the next
// append or check); verify accepts any anchored entry up to the head, never
// one past it. The write is atomic (a temporary file, fsync, rename) and
// never moves the anchor back: a write that finds a higher seq keeps it, so
// an anchor a shortened log no longer reaches keeps showing it.
//
// What it does not stop: whoever can write the data folder can also
// delete or roll back this file together with the database (to a copy of
// both taken earlier). Catching that needs the head kept off this PC: the
// "last entry" line `audit verify` prints, checked with --anchor.

// AnchorSuffix names the anchor file after the database file.
const AnchorSuffix = ".audit-head"

// AnchorPath is the anchor file of db: beside it, "" for a database with
// no path.
func AnchorPath(db *store.DB) string {
	if db == nil || db.Path == "" {
		return ""
	}
	return db.Path + AnchorSuffix
}

// WriteAnchor anchors the log of the database file dbPath at the head of
// rep, a check that found it whole: for a restore, which puts a checked log
// in place of one whose anchor it moved aside.
func WriteAnchor(dbPath string, rep Report) error {
	if !rep.OK() || rep.LastSeq == 0 {
		return nil
	}
	hash, err := hex.DecodeString(rep.LastHash)
	if err != nil {
		return fmt.Errorf("write audit anchor: %w", err)
	}
	return writeAnchor(dbPath+AnchorSuffix, anchorPoint{seq: rep.LastSeq, hash: hash})
}

// readAnchor reads the anchor at path; ok is false when there is no file.
func readAnchor(path string) (a anchorPoint, ok bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return anchorPoint{}, false, nil
	}
	if err != nil {
		return anchorPoint{}, false, fmt.Errorf("read audit anchor: %w", err)
	}
	if a, err = parseAnchor(strings.TrimSpace(string(data))); err != nil {
		return anchorPoint{}, false, fmt.Errorf("audit anchor %s: %w", path, err)
	}
	return a, true, nil
}

// writeAnchor makes a the anchor at path, unless the anchor there names a
// later entry. An unreadable anchor is not replaced: it is evidence, and
// appends fail until an administrator has looked at it.
func writeAnchor(path string, a anchorPoint) error {
	if path == "" || a.seq < 1 {
		return nil
	}
	old, ok, err := readAnchor(path)
	if err != nil {
		return err
	}
	if ok && old.seq >= a.seq {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp") // 0600
	if err != nil {
		return fmt.Errorf("write audit anchor: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing left to remove
	_, err = fmt.Fprintf(tmp, "%d:%s\n", a.seq, hex.EncodeToString(a.hash))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		return fmt.Errorf("write audit anchor: %w", err)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// anchored completes what a walk found with the anchor check, and turns it
// into the report.
func (w walker) anchored(ctx context.Context, db *store.DB, f found) (Report, error) {
	var seq int64
	if w.Anchor != "" && f.brk == nil {
		brk, a, err := anchorBreak(ctx, db, w.Anchor, f.last)
		if err != nil {
			return Report{}, err
		}
		f.brk, seq = brk, a
	}
	rep, err := f.report(ctx, db)
	rep.Anchor, rep.Keyless = seq, w.Key == nil
	return rep, err
}

// anchorBreak holds a log that chains whole up to last against the anchor
// at path, and returns the anchored seq (0 when none).
func anchorBreak(ctx context.Context, db *store.DB, path string, last link) (*Break, int64, error) {
	a, ok, err := readAnchor(path)
	switch {
	case err != nil || (!ok && last.keyed):
		// Unreadable or missing while the log is keyed: the anchor was there.
		return &Break{Seq: last.seq, Kind: KindNoAnchor}, 0, nil
	case !ok:
		return nil, 0, nil
	case a.seq > last.seq:
		return &Break{Seq: last.seq + 1, Kind: KindDeleted}, a.seq, nil
	}
	holds, err := a.holds(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	if !holds {
		return &Break{Seq: a.seq, Kind: KindChanged}, a.seq, nil
	}
	return nil, a.seq, nil
}
