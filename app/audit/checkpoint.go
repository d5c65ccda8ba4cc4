package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"madoguchi/app/store"
)

// # The checkpoint
//
// A verification that finds the chain whole can leave a checkpoint (table
// audit_checkpoint): its newest entry's seq and hash. VerifySinceCheckpoint
// starts there, so the window's check reads what was written since the last
// check, not the whole log. It first checks that the checkpoint holds: the
// entry is there, its content still gives its hash, and that hash is the one
// recorded. If not, it walks the whole chain instead.
//
// The whole walk (Verify) holds the log against the checkpoint too: a log
// rewritten from some entry on, every hash recomputed, still chains, but no
// longer gives the checkpointed entry the hash recorded; that is reported as
// a change of that entry. Editing or deleting the checkpoint row is reported
// the same way, or undoes nothing: without a checkpoint the next check walks
// everything.
//
// What a check from the checkpoint does not see is an entry before it that
// was changed since, while the checkpointed entry still holds: the whole
// walk (`madoguchi audit verify`) does.

// readCheckpoint returns the checkpoint; ok is false when there is none,
// and when the log predates the table (a backup checked before a restore
// migrates it).
func readCheckpoint(ctx context.Context, db *store.DB) (cp link, ok bool, err error) {
	ok, err = db.TableExists(ctx, db, "audit_checkpoint")
	if err != nil || !ok {
		return link{}, false, wrapCheckpoint("read", err)
	}
	err = db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_checkpoint WHERE id = 1`).Scan(&cp.seq, &cp.hash)
	if errors.Is(err, sql.ErrNoRows) {
		return link{}, false, nil
	}
	return cp, err == nil, wrapCheckpoint("read", err)
}

// checkpointHolds reports whether the checkpointed entry is still there,
// still gives its hash, that hash is the one recorded, and its MAC holds
// (under m, when there is a key). It sets cp.keyed as the entry is.
func checkpointHolds(ctx context.Context, db *store.DB, cp *link, m *macer) (bool, error) {
	r := row{seq: cp.seq}
	col, err := macColumn(ctx, db)
	if err != nil {
		return false, err
	}
	err = db.QueryRowContext(ctx,
		`SELECT at, user_id, role, action, record_type, record_id, reason_digest, prev_hash, hash, `+col+` FROM audit_log WHERE seq = ?`, cp.seq).
		Scan(&r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &r.reasonDigest, &r.prevHash, &r.hash, &r.mac)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read checkpointed entry %d: %w", cp.seq, err)
	}
	sum, _ := r.sum(nil)
	cp.keyed = r.mac != nil
	return bytes.Equal(sum[:], r.hash) && bytes.Equal(r.hash, cp.hash) && (r.mac == nil || m == nil || hmac.Equal(m.of(r.seq, r.hash), r.mac)), nil
}

// checkpointBreak is where a chain that walked whole up to last departs
// from the checkpoint cp, nil where it does not.
func checkpointBreak(ctx context.Context, db *store.DB, cp, last link, m *macer) (*Break, error) {
	if cp.seq > last.seq { // the entries up to the checkpointed one were there
		return &Break{Seq: last.seq + 1, Kind: KindDeleted}, nil
	}
	ok, err := checkpointHolds(ctx, db, &cp, m)
	if err != nil || ok {
		return nil, err
	}
	return &Break{Seq: cp.seq, Kind: KindChanged}, nil
}

// saveCheckpoint moves the checkpoint to the newest entry of rep, a check
// that found the chain whole, at the time at. It never moves it back: two
// desks may check at once.
func saveCheckpoint(ctx context.Context, db *store.DB, rep Report, at time.Time) error {
	if !rep.OK() || rep.LastSeq == 0 {
		return nil
	}
	hash, err := hex.DecodeString(rep.LastHash)
	if err != nil {
		return wrapCheckpoint("save", err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO audit_checkpoint (id, seq, hash, verified_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, verified_at = excluded.verified_at
		WHERE excluded.seq >= audit_checkpoint.seq`,
		rep.LastSeq, hash, at.UTC().Format(timeFormat))
	return wrapCheckpoint("save", err)
}

func wrapCheckpoint(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s audit checkpoint: %w", what, err)
}
