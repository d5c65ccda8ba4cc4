package audit

import (
	"context"
	"crypto/sha256"
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
// entries (and lowering the highest seq used: sqlite_sequence, or the
// server's sequence), or every entry, leaves what remains valid. So the
// head is also kept outside the database, in AnchorPath (0600): "SEQ:HASH\n",
// the format `audit verify --anchor` takes. A check holds the log to it:
// the entry SEQ must still be there with that hash (its MAC is checked with
// the rest of the chain). Entries after it, appended since by this desk or
// any other, are what a log does: only a log that no longer holds the
// anchored entry (cut or rewritten) is broken.
//
// Where it is. Beside an SQLite file (madoguchi.db.audit-head), shared by
// every process that writes the file; a log with keyed entries but no
// anchor file there is broken, since the file was there. A database on a
// server has no folder of its own on this PC: each desk keeps its anchor in
// its own data folder (server-HASH.audit-head, HASH from the database's
// URL, so that two databases never share one). It is the newest entry that
// desk saw; a desk that has not yet seen the log has none, which is no
// sign of tampering, and a check anchors what it finds whole. What one
// desk's anchor shows is the log up to that desk's last append or check:
// entries only other desks saw are guarded by theirs.
//
// When it is written. Append writes the head it finds (the entry before
// the new ones, committed by an earlier transaction) inside the caller's
// transaction, which holds the log's lock (next): appends by any process
// on the database run one after the other, and the anchor is never ahead
// of a committed entry. A failure to write it fails the append, so the
// action rolls back. Record also writes its own entry after its commit,
// and a whole check moves it to the head it verified. So the anchor lags
// what the desk wrote by at most one transaction (the newest hook's, until
// the next append or check). A check reads it before it walks the log, so
// it is never ahead of what the walk reads. The write is atomic (a
// temporary file, fsync, rename) and never moves the anchor back: a write
// that finds a higher seq keeps it, so an anchor a shortened log no longer
// reaches keeps showing it.
//
// What it does not stop: whoever can write the data folder can also
// delete or roll back this file together with the database (to a copy of
// both taken earlier). Catching that needs the head kept off this PC: the
// "last entry" line `audit verify` prints, checked with --anchor.

// AnchorSuffix names the anchor file after the database file.
const AnchorSuffix = ".audit-head"

// AnchorPath is the anchor file of db: beside an SQLite file; for a
// database on a server, in this desk's own data folder, named after the
// database (a hash of db.Name()) so that two databases never share one.
// "" when there is neither (no anchor is kept).
func AnchorPath(db *store.DB) string {
	switch {
	case db == nil:
		return ""
	case db.Path != "":
		return db.Path + AnchorSuffix
	case db.Dir != "":
		sum := sha256.Sum256([]byte(db.Name()))
		return filepath.Join(db.Dir, "server-"+hex.EncodeToString(sum[:8])+AnchorSuffix)
	}
	return ""
}

// deskAnchor reports whether db's anchor is this desk's own, not one kept
// beside the database by every process that writes it. A desk that has
// not yet seen the log has none, which is no sign of tampering.
func deskAnchor(db *store.DB) bool { return db.Path == "" }

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

// anchorRead is the anchor file as a check read it, before its walk: an
// anchor is written only for a committed entry, so one read first is never
// ahead of what the walk then reads, however many desks append meanwhile.
type anchorRead struct {
	at  anchorPoint
	ok  bool  // there is one
	err error // there is a file, and it cannot be read
}

// readAnchor reads w.Anchor; nil when the check has no anchor.
func (w walker) readAnchor() *anchorRead {
	if w.Anchor == "" {
		return nil
	}
	a, ok, err := readAnchor(w.Anchor)
	return &anchorRead{at: a, ok: ok, err: err}
}

// anchored completes what a walk found with the anchor check, and turns it
// into the report.
func (w walker) anchored(ctx context.Context, db *store.DB, f found, anchor *anchorRead) (Report, error) {
	var seq int64
	if anchor != nil && f.brk == nil {
		brk, a, err := anchorBreak(ctx, db, anchor, f.last)
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
// a, and returns the anchored seq (0 when none). The anchor is the newest
// entry this desk (or, beside an SQLite file, any process on it) saw: the
// log must still hold it, and may have grown past it.
func anchorBreak(ctx context.Context, db *store.DB, a *anchorRead, last link) (*Break, int64, error) {
	switch {
	case a.err != nil || (!a.ok && last.keyed && !deskAnchor(db)):
		// Unreadable, or missing beside the file while the log is keyed:
		// the anchor was there.
		return &Break{Seq: last.seq, Kind: KindNoAnchor}, 0, nil
	case !a.ok:
		return nil, 0, nil
	case a.at.seq > last.seq:
		return &Break{Seq: last.seq + 1, Kind: KindDeleted}, a.at.seq, nil
	}
	holds, err := a.at.holds(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	if !holds {
		return &Break{Seq: a.at.seq, Kind: KindChanged}, a.at.seq, nil
	}
	return nil, a.at.seq, nil
}
