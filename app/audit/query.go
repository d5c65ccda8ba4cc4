package audit

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"madoguchi/app/vault"
)

// Filter selects entries; zero fields select everything.
type Filter struct {
	From       time.Time // entries at or after
	To         time.Time // entries before
	UserID     int64
	Action     Action
	RecordType string
	RecordID   int64
}

// Query returns the entries matching f in seq order, with their reasons
// opened (the vault must be unlocked when any has a reason). It does not
// verify the chain: run Verify for that. A reason whose ciphertext does
// not match the digest the chain covers is the problem
// audit.error.reasonChanged.
func (l *Log) Query(ctx context.Context, f Filter) ([]Entry, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC().Format(timeFormat))
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC().Format(timeFormat))
	}
	if f.UserID != 0 {
		add("user_id = ?", f.UserID)
	}
	if f.Action != "" {
		add("action = ?", string(f.Action))
	}
	if f.RecordType != "" {
		add("record_type = ?", f.RecordType)
	}
	if f.RecordID != 0 {
		add("record_id = ?", f.RecordID)
	}
	q := `SELECT seq, at, user_id, role, action, record_type, record_id, reason, reason_digest, hash FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := l.db.QueryContext(ctx, q+" ORDER BY seq", args...)
	if err != nil {
		return nil, fmt.Errorf("query audit log: %w", err)
	}
	var stored []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.seq, &r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &r.reason, &r.reasonDigest, &r.hash); err != nil {
			rows.Close()
			return nil, fmt.Errorf("query audit log: %w", err)
		}
		stored = append(stored, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query audit log: %w", err)
	}
	out := make([]Entry, 0, len(stored))
	for _, r := range stored {
		e, err := l.entry(r)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (l *Log) entry(r row) (Entry, error) {
	at, err := time.Parse(timeFormat, r.at)
	if err != nil {
		return Entry{}, fmt.Errorf("audit entry %d: time %q: %w", r.seq, r.at, err)
	}
	e := Entry{
		Seq: r.seq, At: at, UserID: r.userID, Role: r.role, Action: Action(r.action),
		RecordType: r.recordType, RecordID: r.recordID, Hash: hex.EncodeToString(r.hash),
	}
	if r.reason != nil {
		if e.Reason, err = l.openReason(r.seq, r.reason, r.reasonDigest); err != nil {
			return Entry{}, err
		}
	}
	return e, nil
}

// Reseal re-encrypts every sealed reason: pass it to vault.Setup and
// vault.Rotate (it is a vault.Resealer). Only the reason column changes;
// the digest the chain covers stays, so the chain stays whole.
var Reseal = vault.ResealColumn("audit_log", "seq", "reason")
