package audit

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"sync"

	"madoguchi/app/problem"
	"madoguchi/app/store"
)

// Kind is how the chain is broken.
type Kind string

const (
	// KindChanged: an entry's content no longer matches its hash (edited),
	// or it matches but the next entry does not point to it (edited and
	// re-hashed).
	KindChanged Kind = "changed"
	// KindDeleted: an entry is missing; Seq is the first missing one.
	KindDeleted Kind = "deleted"
	// KindReordered: an entry is intact but sits at another position.
	KindReordered Kind = "reordered"
	// KindBadGenesis: the first entry does not start the chain.
	KindBadGenesis Kind = "badGenesis"
	// KindNoAnchor: the log has keyed entries but the anchor file (anchor.go)
	// is unreadable, or missing beside an SQLite database; Seq is the newest
	// entry.
	KindNoAnchor Kind = "noAnchor"
)

// Break is the first place where the chain is not what was written.
type Break struct {
	Seq  int64 `json:"seq"`
	Kind Kind  `json:"kind"`
}

// Problem is the break as a message for the window.
func (b *Break) Problem() *problem.Problem {
	return problem.New("audit.error.chain."+string(b.Kind), map[string]any{"Seq": b.Seq})
}

// Report is the result of Verify or VerifySinceCheckpoint.
type Report struct {
	Entries  int64  `json:"entries"`  // rows in the log
	Intact   int64  `json:"intact"`   // entries 1..Intact chain correctly (all of them when OK; up to Since by an earlier check)
	LastSeq  int64  `json:"lastSeq"`  // when OK: the newest entry, 0 for an empty log
	LastHash string `json:"lastHash"` // when OK: its hash, hex, the value to note down as an anchor
	Broken   *Break `json:"broken"`   // nil when the chain is whole
	// Since is 0 when this check walked the chain from its first entry.
	// Otherwise it started from the checkpoint an earlier check left: entry
	// Since still has the hash that check found, and only the entries after
	// it were read now.
	Since  int64 `json:"since"`
	Walked int64 `json:"walked"` // when OK: the entries this check read (LastSeq - Since)
	// Anchor is the seq the anchor file named (anchor.go), 0 when none was
	// checked. Keyless: the MACs were not checked (no key was given).
	Anchor  int64 `json:"anchor"`
	Keyless bool  `json:"keyless"`
}

// OK reports whether the chain checked out.
func (r Report) OK() bool { return r.Broken == nil }

// Verify walks the chain from the first entry and reports the FIRST broken
// link, without the key and without the anchor: the hashes, and that no
// plain entry follows a keyed one, but not the MACs (Report.Keyless). It is
// what can be checked of a backup before it is restored, with neither its
// key nor its anchor at hand; Check.Verify is the real check. A broken
// chain is a Report with Broken set, not an error: errors are for a log
// that cannot be read. It also holds the log against the checkpoint, if
// there is one (checkpoint.go), and writes nothing.
func Verify(ctx context.Context, db *store.DB) (Report, error) {
	return Check{}.Verify(ctx, db)
}

// Check is what a verification holds the log against.
type Check struct {
	Key    []byte // the audit key (vault.AuditKey); nil: MACs are not checked
	Anchor string // the anchor file (AnchorPath); "": not checked
}

// Verify is the package's Verify, checking the MACs under c.Key and the head
// against c.Anchor.
func (c Check) Verify(ctx context.Context, db *store.DB) (Report, error) {
	rep, err := c.walker().whole(ctx, db)
	if err != nil {
		return Report{}, fmt.Errorf("verify audit log: %w", err)
	}
	return rep, nil
}

// VerifySinceCheckpoint is Verify for the entries after the checkpoint: it
// checks that the checkpointed entry still holds and walks only the entries
// written since. Without a checkpoint, or with one that does not hold, it
// walks the whole chain (Since is then 0), which reports what changed. It
// writes nothing.
func VerifySinceCheckpoint(ctx context.Context, db *store.DB) (Report, error) {
	return Check{}.VerifySinceCheckpoint(ctx, db)
}

// VerifySinceCheckpoint is the package's VerifySinceCheckpoint under c.
func (c Check) VerifySinceCheckpoint(ctx context.Context, db *store.DB) (Report, error) {
	rep, err := c.walker().sinceCheckpoint(ctx, db)
	if err != nil {
		return Report{}, fmt.Errorf("verify audit log: %w", err)
	}
	return rep, nil
}

// walker is how a verification reads the log: in up to parts ranges of
// seqs side by side, each on its own connection, because reading rows
// through SQLite and hashing them is all the time a verification takes
// and both scale with the cores. A range holds minPart entries at least.
type walker struct {
	parts   int
	minPart int64
	Check
}

func defaultWalker() walker {
	return walker{parts: runtime.GOMAXPROCS(0), minPart: 10_000}
}

func (c Check) walker() walker {
	w := defaultWalker()
	w.Check = c
	return w
}

// whole walks every entry, then holds the result against the checkpoint: a
// log rewritten, every hash recomputed, from some entry up to or past the
// checkpointed one still chains, but no longer gives that entry the hash
// recorded.
func (w walker) whole(ctx context.Context, db *store.DB) (Report, error) {
	// Read before the walk, so that a checkpoint or an anchor another desk
	// saves meanwhile is never ahead of what this walk reads.
	anchor := w.readAnchor()
	cp, hasCheckpoint, err := readCheckpoint(ctx, db)
	if err != nil {
		return Report{}, err
	}
	found, err := w.findBreak(ctx, db, genesis())
	if err != nil {
		return Report{}, err
	}
	if hasCheckpoint && (found.brk == nil || found.brk.Seq > cp.seq) {
		brk, err := checkpointBreak(ctx, db, cp, found.last, newMacer(w.Key))
		if err != nil {
			return Report{}, err
		}
		if brk != nil {
			found.brk = brk
		}
	}
	return w.anchored(ctx, db, found, anchor)
}

// sinceCheckpoint walks the entries after the checkpoint when it holds, and
// the whole chain otherwise.
func (w walker) sinceCheckpoint(ctx context.Context, db *store.DB) (Report, error) {
	anchor := w.readAnchor() // before the walk, as in whole
	cp, ok, err := readCheckpoint(ctx, db)
	if err == nil && ok {
		ok, err = checkpointHolds(ctx, db, &cp, newMacer(w.Key))
	}
	if err != nil {
		return Report{}, err
	}
	if !ok {
		return w.whole(ctx, db)
	}
	found, err := w.findBreak(ctx, db, cp)
	if err != nil {
		return Report{}, err
	}
	rep, err := w.anchored(ctx, db, found, anchor)
	if err != nil {
		return Report{}, err
	}
	rep.Since = cp.seq
	return rep, nil
}

// found is what a walk found.
type found struct {
	brk  *Break // the first break, nil when none
	last link   // the newest entry when whole
	read int64  // entries read
}

func (f found) report(ctx context.Context, db *store.DB) (Report, error) {
	if f.brk == nil {
		// A whole chain holds the entries 1 to last.seq, each once.
		return Report{Entries: f.last.seq, Intact: f.last.seq, LastSeq: f.last.seq,
			LastHash: hex.EncodeToString(f.last.hash), Walked: f.read}, nil
	}
	rep := Report{Broken: f.brk, Intact: f.brk.Seq - 1}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&rep.Entries); err != nil {
		return Report{}, fmt.Errorf("count entries: %w", err)
	}
	return rep, nil
}

// findBreak walks the entries after from and finds the first break.
func (w walker) findBreak(ctx context.Context, db *store.DB, from link) (found, error) {
	// Read before the walk, so that an entry appended while it runs is
	// never taken for a deleted one.
	used, err := highestSeqUsed(ctx, db, db)
	if err != nil {
		return found{}, err
	}
	s, err := w.walk(ctx, db, from)
	f := found{brk: s.gap, last: s.last, read: s.read}
	if err != nil || s.gap != nil {
		return f, err
	}
	if s.suspect != nil {
		f.brk, err = classify(ctx, db, s.last, s.suspect, newMacer(w.Key))
		return f, err
	}
	if used > s.last.seq { // the newest entries were deleted
		f.brk = &Break{Seq: s.last.seq + 1, Kind: KindDeleted}
	}
	return f, nil
}

// walk reads the entries after from in seq order while they chain. The
// segment it returns has no first: its last is the last entry that chains
// (from if none), then either the first entry that does not chain or the
// gap where one is missing.
func (w walker) walk(ctx context.Context, db *store.DB, from link) (segment, error) {
	var top int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM audit_log`).Scan(&top); err != nil {
		return segment{last: from}, fmt.Errorf("read newest seq: %w", err)
	}
	spans := w.spans(from, top)
	segs := make([]segment, len(spans))
	errs := make([]error, len(spans))
	var wg sync.WaitGroup
	for i, sp := range spans {
		wg.Go(func() { segs[i], errs[i] = readSegment(ctx, db, sp, newMacer(w.Key)) })
	}
	wg.Wait()
	out := segment{last: from}
	m := newMacer(w.Key)
	for i, s := range segs {
		out.read += s.read
		// In seq order, so that a break comes before a later read error,
		// as it would in one pass.
		if errs[i] != nil {
			return out, errs[i]
		}
		if out.last, out.suspect, out.gap = s.after(out.last, m); out.suspect != nil || out.gap != nil {
			return out, nil
		}
	}
	return out, nil
}

// span is a range of seqs, both ends included.
type span struct{ lo, hi int64 }

// spans cuts the seqs after from, up to top, into ranges of about as many
// entries. From the genesis the first range starts at the lowest seq there
// can be, so that a row slipped in below seq 1 is read; the last range has
// no end, so that entries appended during the walk are read too.
func (w walker) spans(from link, top int64) []span {
	first := from.seq + 1
	n := max(top-first+1, 0)
	parts := max(1, min(int64(w.parts), n/max(w.minPart, 1)))
	out := make([]span, parts)
	lo := first
	for i := range parts {
		out[i] = span{lo: lo, hi: first + n/parts*(i+1) - 1}
		lo = out[i].hi + 1
	}
	if from.seq == 0 {
		out[0].lo = math.MinInt64
	}
	out[parts-1].hi = math.MaxInt64
	return out
}

// segment is what reading one span found.
type segment struct {
	first   *row   // its first entry, not yet checked against the one before; nil when none
	last    link   // the last entry that chains from first (first itself at least)
	suspect *row   // the first entry after first that does not chain from last
	gap     *Break // or the first entry missing after last
	read    int64  // entries read
}

// after checks that s continues the chain after prev and returns the last
// entry that chains, then the first entry that does not or the first gap.
func (s segment) after(prev link, m *macer) (link, *row, *Break) {
	if s.first == nil {
		return prev, nil, nil
	}
	if s.first.seq != prev.seq+1 {
		return prev, nil, &Break{Seq: prev.seq + 1, Kind: KindDeleted}
	}
	if ok, _ := s.first.chains(prev, nil, m); !ok {
		return prev, s.first, nil
	}
	return s.last, s.suspect, s.gap
}

// walkSQL reads entries; %s is macColumn's.
const walkSQL = `SELECT seq, at, user_id, role, action, record_type, record_id, reason_digest, prev_hash, hash, %s
	FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq`

// macColumn is what to read for an entry's MAC: the column, or NULL in a
// log from before migration 004 (a backup checked before it is migrated),
// whose entries are all plain.
func macColumn(ctx context.Context, db *store.DB) (string, error) {
	has, err := db.ColumnExists(ctx, db, "audit_log", "mac")
	if err != nil {
		return "", fmt.Errorf("read audit log columns: %w", err)
	}
	if has {
		return "mac", nil
	}
	return "NULL", nil
}

// readSegment reads the entries of sp in seq order while they chain from
// the first. Text columns scan into strings the driver has made anyway and
// blobs into RawBytes, and the encoding buffer is reused: a row costs no
// allocation here beyond the driver's own.
func readSegment(ctx context.Context, db *store.DB, sp span, m *macer) (segment, error) {
	var s segment
	col, err := macColumn(ctx, db)
	if err != nil {
		return s, err
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(walkSQL, col), sp.lo, sp.hi)
	if err != nil {
		return s, fmt.Errorf("read entries: %w", err)
	}
	defer rows.Close()
	var r row
	var digest, prevHash, hash, mac sql.RawBytes
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(&r.seq, &r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &digest, &prevHash, &hash, &mac); err != nil {
			return s, fmt.Errorf("entry after %d: %w", s.last.seq, err)
		}
		r.reasonDigest, r.prevHash, r.hash, r.mac = digest, prevHash, hash, mac
		s.read++
		if s.first == nil {
			first := r.clone()
			s.first, s.last = &first, link{seq: r.seq, hash: bytes.Clone(r.hash), keyed: r.mac != nil}
			continue
		}
		if r.seq != s.last.seq+1 {
			s.gap = &Break{Seq: s.last.seq + 1, Kind: KindDeleted}
			return s, nil
		}
		var ok bool
		if ok, buf = r.chains(s.last, buf, m); !ok {
			suspect := r.clone()
			s.suspect = &suspect
			return s, nil
		}
		s.last.seq, s.last.hash, s.last.keyed = r.seq, append(s.last.hash[:0], r.hash...), r.mac != nil
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("read entries: %w", err)
	}
	return s, nil
}

// clone copies r out of the buffers it was scanned into.
func (r *row) clone() row {
	c := *r
	c.reason, c.reasonDigest = bytes.Clone(r.reason), bytes.Clone(r.reasonDigest)
	c.prevHash, c.hash, c.mac = bytes.Clone(r.prevHash), bytes.Clone(r.hash), bytes.Clone(r.mac)
	return c
}

// classify names what happened to r, the first entry that does not chain
// after prev.
func classify(ctx context.Context, db *store.DB, prev link, r *row, m *macer) (*Break, error) {
	// An entry whose MAC fails, or a plain one after a keyed one, was
	// changed: its hash may be consistent, but not written with the key.
	selfOK := bytes.Equal(r.chainHash(), r.hash) && r.keyOK(prev, m)
	if !selfOK {
		moved, err := movedFrom(ctx, db, r)
		if err != nil {
			return nil, err
		}
		if moved {
			return &Break{Seq: r.seq, Kind: KindReordered}, nil
		}
	}
	switch {
	case r.seq == 1 && !bytes.Equal(r.prevHash, prev.hash):
		return &Break{Seq: 1, Kind: KindBadGenesis}, nil
	case !selfOK:
		return &Break{Seq: r.seq, Kind: KindChanged}, nil
	default:
		// r is consistent but does not point to prev: prev was edited and
		// its hash recomputed.
		return &Break{Seq: prev.seq, Kind: KindChanged}, nil
	}
}

// movedFrom reports whether r's content is an intact entry written at
// another seq: it tries every seq the log has used. This runs once per
// Verify, on the first break only.
func movedFrom(ctx context.Context, db *store.DB, r *row) (bool, error) {
	var top sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(seq) FROM audit_log`).Scan(&top); err != nil {
		return false, fmt.Errorf("read newest seq: %w", err)
	}
	used, err := highestSeqUsed(ctx, db, db)
	if err != nil {
		return false, err
	}
	c := *r
	var buf []byte
	for c.seq = 1; c.seq <= max(top.Int64, used); c.seq++ {
		var sum [hashLen]byte
		if sum, buf = c.sum(buf); c.seq != r.seq && bytes.Equal(sum[:], r.hash) {
			return true, nil
		}
	}
	return false, nil
}
