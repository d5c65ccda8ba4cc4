package audit

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/width"

	"madoguchi/app/store"
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
	// Reason selects entries whose reason contains this text, ignoring case
	// and full-/half-width differences. Reasons are sealed, so this is
	// matched after opening them, over the entries that have a reason only.
	Reason string
}

// where is the SQL condition for every field but Reason, which SQL cannot
// see through the seal: for it, only "has a reason".
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
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
	if f.Reason != "" {
		conds = append(conds, "reason IS NOT NULL")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// reasonMatches reports whether e passes f.Reason.
func (f Filter) reasonMatches(e Entry) bool {
	return f.Reason == "" || strings.Contains(foldText(e.Reason), foldText(f.Reason))
}

// foldText makes "ＡＢＣ", "abc" and "ABC" the same for a search; ｶﾅ becomes カナ.
func foldText(s string) string {
	return strings.ToLower(width.Fold.String(s))
}

// Query returns the entries matching f in seq order, with their reasons
// opened (the vault must be unlocked when any has a reason). It does not
// verify the chain: run Verify for that. A reason whose ciphertext does
// not match the digest the chain covers is the problem
// audit.error.reasonChanged.
func (l *Log) Query(ctx context.Context, f Filter) ([]Entry, error) {
	where, args := f.where()
	return l.entries(ctx, f, where+" ORDER BY seq", args)
}

// Page is one page of a filtered trail, newest first.
type Page struct {
	Entries []Entry `json:"entries"`
	Total   int     `json:"total"` // entries matching the filter, on every page
}

// Newest returns the entries matching f newest first: at most limit of
// them, after skipping offset. Only the reasons of the entries returned are
// opened, unless f.Reason needs every reason to be read.
func (l *Log) Newest(ctx context.Context, f Filter, offset, limit int) (Page, error) {
	offset, limit = max(offset, 0), max(limit, 0)
	where, args := f.where()
	if f.Reason != "" {
		all, err := l.entries(ctx, f, where+" ORDER BY seq DESC", args)
		if err != nil {
			return Page{}, err
		}
		p := Page{Total: len(all), Entries: []Entry{}}
		if offset < len(all) {
			p.Entries = all[offset:min(offset+limit, len(all))]
		}
		return p, nil
	}
	var p Page
	if err := l.db.QueryRowContext(ctx, countSQL+where, args...).Scan(&p.Total); err != nil {
		return Page{}, fmt.Errorf("count audit entries: %w", err)
	}
	var err error
	p.Entries, err = l.entries(ctx, f, where+" ORDER BY seq DESC LIMIT ? OFFSET ?", append(args, limit, offset))
	return p, err
}

// Verify checks this log's whole chain (the package function Verify) and,
// when it is whole, moves the checkpoint to its newest entry.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	c, err := l.check()
	if err != nil {
		return Report{}, err
	}
	rep, err := c.Verify(ctx, l.db)
	return rep, l.moveCheckpoint(ctx, rep, err)
}

// check is what this log's checks hold it against: its key and its anchor.
// A locked vault cannot check a keyed log's MACs: ErrNoKey.
func (l *Log) check() (Check, error) {
	key, err := l.key()
	if err != nil {
		return Check{}, fmt.Errorf("verify audit log: %w: %w", ErrNoKey, err)
	}
	return Check{Key: key, Anchor: AnchorPath(l.db)}, nil
}

// VerifySinceCheckpoint checks the entries written since the checkpoint
// (the package function VerifySinceCheckpoint: the whole chain when there is
// no checkpoint or it does not hold) and, when they chain, moves the
// checkpoint to the newest. This is the window's check: it costs what was
// written since the last one.
func (l *Log) VerifySinceCheckpoint(ctx context.Context) (Report, error) {
	c, err := l.check()
	if err != nil {
		return Report{}, err
	}
	rep, err := c.VerifySinceCheckpoint(ctx, l.db)
	return rep, l.moveCheckpoint(ctx, rep, err)
}

// moveCheckpoint saves the newest entry of rep as the checkpoint when the
// check that made rep ran (err nil) and found the chain whole.
func (l *Log) moveCheckpoint(ctx context.Context, rep Report, err error) error {
	if err != nil {
		return err
	}
	if err := saveCheckpoint(ctx, l.db, rep, l.now()); err != nil {
		return fmt.Errorf("verify audit log: %w", err)
	}
	return advanceAnchor(ctx, l.db, rep)
}

// advanceAnchor moves the anchor, and the highest seq used (markSeen), to
// the head of rep, a check that found the chain whole with its key, so a
// hook's entries do not wait for the next append to be marked.
func advanceAnchor(ctx context.Context, db *store.DB, rep Report) error {
	if !rep.OK() || rep.Keyless || rep.LastSeq == 0 {
		return nil
	}
	hash, err := hex.DecodeString(rep.LastHash)
	if err == nil {
		err = markSeen(ctx, db, db, anchorPoint{seq: rep.LastSeq, hash: hash})
	}
	if err != nil {
		return fmt.Errorf("verify audit log: %w", err)
	}
	return nil
}

// The queries of Newest and Query, completed by Filter.where and an ORDER
// BY: the indexes of audit_log are there for them (index_test.go checks
// which one each filter uses).
const (
	countSQL   = `SELECT COUNT(*) FROM audit_log`
	entriesSQL = `SELECT seq, at, user_id, role, action, record_type, record_id, reason, reason_digest, hash FROM audit_log`
)

// entries runs the query tail (WHERE ..., ORDER BY ...) and opens the
// reasons of the rows it returns, keeping those that pass f.Reason.
func (l *Log) entries(ctx context.Context, f Filter, tail string, args []any) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, entriesSQL+tail, args...)
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
		if f.reasonMatches(e) {
			out = append(out, e)
		}
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
//
// It also re-MACs the chain: the rotation erases the old data key, and with
// it the old audit key. Each keyed entry whose MAC holds under the old key
// gets its MAC under the new one; one whose MAC does not hold keeps it, so
// the break stays visible after the rotation rather than being laundered.
// The cost is a pass over the keyed entries inside the rotation's
// transaction (docs/data-protection.md gives the time at a million).
func Reseal(ctx context.Context, tx *sql.Tx, rk *vault.Rekey) error {
	if err := resealReasons(ctx, tx, rk); err != nil {
		return err
	}
	return remac(ctx, tx, rk)
}

var resealReasons = vault.ResealColumn("audit_log", "seq", "reason")

// remac moves every keyed entry whose MAC holds from the old audit key to
// the new. Only the mac column changes (the append-only trigger allows it).
func remac(ctx context.Context, tx *sql.Tx, rk *vault.Rekey) error {
	from, to := rk.AuditKeys()
	if from == nil { // Setup: nothing was keyed before
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, hash, mac FROM audit_log WHERE mac IS NOT NULL ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("re-MAC audit log: %w", err)
	}
	type keyed struct {
		seq       int64
		hash, mac []byte
	}
	var all []keyed // read all first: no writes while the cursor is open
	for rows.Next() {
		var k keyed
		if err := rows.Scan(&k.seq, &k.hash, &k.mac); err != nil {
			rows.Close()
			return fmt.Errorf("re-MAC audit log: %w", err)
		}
		all = append(all, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("re-MAC audit log: %w", err)
	}
	update, err := tx.PrepareContext(ctx, `UPDATE audit_log SET mac = ? WHERE seq = ?`)
	if err != nil {
		return fmt.Errorf("re-MAC audit log: %w", err)
	}
	defer update.Close()
	old, fresh := newMacer(from), newMacer(to)
	for _, k := range all {
		if !hmac.Equal(old.of(k.seq, k.hash), k.mac) {
			continue
		}
		if _, err := update.ExecContext(ctx, fresh.of(k.seq, k.hash), k.seq); err != nil {
			return fmt.Errorf("re-MAC audit entry %d: %w", k.seq, err)
		}
	}
	return nil
}
