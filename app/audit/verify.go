package audit

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"

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

// Report is the result of Verify.
type Report struct {
	Entries  int64  `json:"entries"`  // rows in the log
	Intact   int64  `json:"intact"`   // entries 1..Intact chain correctly (all of them when OK)
	LastSeq  int64  `json:"lastSeq"`  // when OK: the newest entry, 0 for an empty log
	LastHash string `json:"lastHash"` // when OK: its hash, hex, the value to note down as an anchor
	Broken   *Break `json:"broken"`   // nil when the chain is whole
}

// OK reports whether the whole chain checked out.
func (r Report) OK() bool { return r.Broken == nil }

// Verify walks the chain from the first entry and reports the FIRST broken
// link. It needs no key. A broken chain is a Report with Broken set, not an
// error: errors are for a log that cannot be read.
func Verify(ctx context.Context, db *store.DB) (Report, error) {
	var rep Report
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&rep.Entries); err != nil {
		return rep, fmt.Errorf("verify audit log: %w", err)
	}
	brk, last, err := findBreak(ctx, db)
	if err != nil {
		return rep, err
	}
	if brk != nil {
		rep.Broken, rep.Intact = brk, brk.Seq-1
		return rep, nil
	}
	rep.Intact, rep.LastSeq, rep.LastHash = rep.Entries, last.seq, hex.EncodeToString(last.hash)
	return rep, nil
}

// findBreak returns the first break, or nil and the newest entry.
func findBreak(ctx context.Context, db *store.DB) (*Break, row, error) {
	prev, suspect, gap, err := walk(ctx, db)
	if err != nil || gap != nil {
		return gap, prev, err
	}
	if suspect != nil {
		brk, err := classify(ctx, db, prev, suspect)
		return brk, prev, err
	}
	used, err := highestSeqUsed(ctx, db)
	if err != nil {
		return nil, prev, err
	}
	if used > prev.seq { // the newest entries were deleted
		return &Break{Seq: prev.seq + 1, Kind: KindDeleted}, prev, nil
	}
	return nil, prev, nil
}

// walk reads entries in seq order while they chain. It returns the last
// entry that chains (a genesis placeholder if none), then either the first
// entry that does not chain or the gap where one is missing.
func walk(ctx context.Context, db *store.DB) (prev row, suspect *row, gap *Break, err error) {
	prev = row{hash: make([]byte, hashLen)}
	rows, err := db.QueryContext(ctx,
		`SELECT seq, at, user_id, role, action, record_type, record_id, reason_digest, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return prev, nil, nil, fmt.Errorf("verify audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.seq, &r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &r.reasonDigest, &r.prevHash, &r.hash); err != nil {
			return prev, nil, nil, fmt.Errorf("verify audit log: entry after %d: %w", prev.seq, err)
		}
		if r.seq != prev.seq+1 {
			return prev, nil, &Break{Seq: prev.seq + 1, Kind: KindDeleted}, nil
		}
		if !bytes.Equal(r.chainHash(), r.hash) || !bytes.Equal(r.prevHash, prev.hash) {
			return prev, &r, nil, nil
		}
		prev = r
	}
	if err := rows.Err(); err != nil {
		return prev, nil, nil, fmt.Errorf("verify audit log: %w", err)
	}
	return prev, nil, nil, nil
}

// classify names what happened to r, the first entry that does not chain
// after prev.
func classify(ctx context.Context, db *store.DB, prev row, r *row) (*Break, error) {
	selfOK := bytes.Equal(r.chainHash(), r.hash)
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
		return false, fmt.Errorf("verify audit log: %w", err)
	}
	used, err := highestSeqUsed(ctx, db)
	if err != nil {
		return false, err
	}
	c := *r
	for c.seq = 1; c.seq <= max(top.Int64, used); c.seq++ {
		if c.seq != r.seq && bytes.Equal(c.chainHash(), r.hash) {
			return true, nil
		}
	}
	return false, nil
}
