// Package audit keeps the tamper-evident audit trail: who did what to which record, chained by SHA-256.
//
// # What an entry holds
//
// Time, user ID, role, action, record type and record ID: identifiers only,
// never a name, an address or an Individual Number. The one free-text field
// is a supervisor's reason (an override, a deletion). A reason can name
// people ("旧姓の山田で記載"), so it is sealed by the vault like any
// other personal data: stored as vault.Seal(salt || text) with a random
// 16-byte salt, beside reason_digest = SHA-256("madoguchi audit reason" ||
// salt || text).
//
// # The chain
//
// hash(n) = SHA-256 over this canonical encoding of entry n:
//
//	"madoguchi audit v1\x00"
//	seq, user_id, record_id            int64, 8 bytes big-endian
//	at, role, action, record_type      uint32 big-endian length, then UTF-8
//	reason_digest, prev_hash           uint32 big-endian length, then bytes
//
// in the order seq, at, user_id, role, action, record_type, record_id,
// reason_digest, prev_hash, where prev_hash is hash(n-1), and 32 zero bytes
// for the first entry. The chain covers the reason through its digest, not
// its ciphertext: so a key rotation re-encrypts reasons (Reseal) without
// breaking the chain. Each entry since keying also carries a MAC of its
// seq and hash under the audit key (chain.go), which Reseal moves to the
// new key at a rotation. The salt, being inside the ciphertext, keeps
// the digest from being guessed by trying likely reasons. A reason whose
// ciphertext was swapped with another entry's fails its digest when read
// (Query).
//
// # What it proves, and what not
//
// Editing, deleting, inserting or reordering entries breaks the chain at
// the first entry touched; recomputing every later hash does not help
// without the data key, since keyed entries carry MACs (chain.go).
// Deleting the newest entries, or all of them, is caught by the anchor file
// (anchor.go: beside an SQLite file, or in each desk's own folder for a
// database on a server). Whoever can replace both the database and the
// anchor file with an earlier pair is caught only by a head noted outside
// the PC: `madoguchi audit verify` prints the last entry's hash to be noted
// and checks a noted one with --anchor SEQ:HASH.
//
// # Many writers
//
// Every desk on the database appends to the one chain. Each append reads
// the head and inserts after it in one transaction that holds the log's
// lock across processes (store.DB.Serialize), so the chain stays one line
// however many desks write at once.
//
// # Checking it
//
// Verify walks the whole chain; `madoguchi audit verify` runs it. The
// window's check (VerifySinceCheckpoint) starts from the checkpoint left by
// the last check that found the chain whole, and reads only the entries
// written since; checkpoint.go says what that does and does not show.
package audit

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations create the audit_log table.
var Migrations = store.Embedded("audit", migrationFiles)

// Action is what was done. Values are stored: never rename one.
type Action string

// The actions. "read" is for opening a sensitive field (the Individual
// Number, an override reason), not for every screen.
const (
	SignIn  Action = "signIn"
	SignOut Action = "signOut"
	// SignInFailed: a wrong password at sign-in, at the idle lock or for a
	// supervisor's override. User ID 0 (no one signed in); record type
	// "user" and the ID of the account the username names, no record when
	// it names none: what was typed is not kept.
	SignInFailed Action = "signInFailed"
	Lock         Action = "lock"   // the idle lock fell
	Unlock       Action = "unlock" // the session was re-opened with the password
	Read         Action = "read"
	Create       Action = "create"
	Change       Action = "change"
	Delete       Action = "delete" // the record of a deletion the law asks for
	Export       Action = "export"
	Print        Action = "print"
	Copy         Action = "copy"     // text copied to the clipboard to leave the desk (a text message to a caller)
	Override     Action = "override" // a supervisor went past a check; has a reason
	Handover     Action = "handover" // the card was given to the applicant
	VaultSetup   Action = "vaultSetup"
	VaultUnlock  Action = "vaultUnlock"
	VaultLocked  Action = "vaultLocked" // a wrong passphrase was given to unlock the data
	KeyRotate    Action = "keyRotate"
	UserCreate   Action = "userCreate"
	UserChange   Action = "userChange" // role, password reset, disabling
	// AccountLocked: wrong passwords in a row locked the account (record
	// type "user"), until the time auth.AccountLockFor says or an
	// administrator's unlock. User ID 0: no one signed in did it.
	AccountLocked Action = "accountLocked"
	// AccountUnlocked: an administrator cleared an account's wrong
	// passwords (record type "user") so its owner can sign in at once.
	AccountUnlocked Action = "accountUnlocked"
)

// allActions is every action, in the order a filter lists them.
var allActions = []Action{
	SignIn, SignOut, SignInFailed, Lock, Unlock, Read, Create, Change, Delete, Export, Print,
	Override, Handover, VaultSetup, VaultUnlock, VaultLocked, KeyRotate, UserCreate, UserChange, Copy,
	AccountLocked, AccountUnlocked,
}

// Known reports whether a is one of the actions above.
func (a Action) Known() bool { return slices.Contains(allActions, a) }

// Actions lists every action, in a fixed order, for a filter's choices.
func Actions() []Action { return slices.Clone(allActions) }

// identifier is what role and record type must look like: a fixed name from
// the code, so free text (and personal data in it) cannot slip in.
var identifier = regexp.MustCompile(`^([a-z][a-zA-Z0-9]{0,31})?$`)

// timeFormat is fixed-width UTC, so text order is time order in SQL.
const timeFormat = "2006-01-02T15:04:05.000Z"

const (
	hashLen  = sha256.Size
	saltLen  = 16
	chainTag = "madoguchi audit v1\x00"
)

// Entry is one line of the audit trail.
type Entry struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"userId"` // 0: no known account
	Role       string    `json:"role"`
	Action     Action    `json:"action"`
	RecordType string    `json:"recordType"` // e.g. "application"; "" for none
	RecordID   int64     `json:"recordId"`   // 0 for none, or for a whole kind (an export of the log)
	Reason     string    `json:"reason"`     // free text; sealed at rest
	Hash       string    `json:"hash"`       // hex; set by Append and Query
}

// Sealer is what the log needs of the vault (*vault.Vault is one).
type Sealer interface {
	Seal(plain []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
}

// Keyer gives the audit chain's key (*vault.Vault is one): nil with no
// error when there is no data key yet, so the chain stays plain.
type Keyer interface {
	AuditKey() ([]byte, error)
}

// Holder keeps the data key live for a transaction (*vault.Vault is one):
// Hold fails, with vault.error.keyChanged, when another desk retired the
// key this one would seal reasons and MAC entries with. A sealer that is
// also a Holder is held before every append.
type Holder interface {
	Hold(ctx context.Context, tx *sql.Tx) error
}

// ErrNoKey means the log is keyed but its key is out of reach (a locked
// vault): nothing can be appended, or checked in full, until it is unlocked.
var ErrNoKey = errors.New("audit: the log is keyed and the data key is locked")

// Log appends to and reads the audit trail.
type Log struct {
	mu        sync.Mutex
	lastTx    *sql.Tx // the transaction this Log last appended in (anchorHead)
	lastFirst int64   // the first seq it appended there
	db        *store.DB
	sealer    Sealer
	now       func() time.Time
}

// New returns the log of a migrated database. sealer seals reasons and,
// when it is also a Keyer (the vault), keys the chain; now is the clock (nil
// means time.Now).
func New(db *store.DB, sealer Sealer, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{db: db, sealer: sealer, now: now}
}

// ErrInvalidEntry means an entry breaks the rules above: a programming
// error in the caller, never the user's.
var ErrInvalidEntry = errors.New("audit: invalid entry")

// Append writes e as the next entry inside the caller's transaction, so the
// action and its record commit (or roll back) together. tx must come from
// store.DB.Tx. Before it reads the chain's head, Append holds the data key
// (Holder: it fails with vault.error.keyChanged when another desk retired
// it), then serialises tx with every other append to the log, in every
// process on the database (store.DB.Serialize; on SQLite the immediate
// transaction already does), so that two appends never read the same
// previous entry; the lock holds until tx ends, so append last in a
// transaction. e.At is the log's clock when zero; Seq and Hash are set.
// Line breaks in the reason are stored as "\n".
func (l *Log) Append(ctx context.Context, tx *sql.Tx, e Entry) (Entry, error) {
	out, err := l.AppendAll(ctx, tx, []Entry{e})
	if err != nil {
		return Entry{}, err
	}
	return out[0], nil
}

// entriesPerInsert keeps one INSERT's parameters (12 an entry) under
// SQLite's limit of 32,766.
const entriesPerInsert = 500

// AppendAll writes entries as the next entries of the chain, in order, as
// Append writes one: for a bulk write (madoguchi seed) that would
// otherwise read the chain's end and parse an INSERT per entry.
func (l *Log) AppendAll(ctx context.Context, tx *sql.Tx, entries []Entry) ([]Entry, error) {
	rows := make([]row, len(entries))
	out := make([]Entry, len(entries))
	for i, e := range entries {
		var err error
		if out[i], rows[i], err = l.row(e); err != nil {
			return nil, err
		}
	}
	seq, head, err := l.next(ctx, tx)
	if err != nil {
		return nil, err
	}
	// Reasons are sealed only now, under the key next holds: sealed
	// before, one could be under a key this process rotated away since.
	for i := range rows {
		if out[i].Reason == "" {
			continue
		}
		if rows[i].reason, rows[i].reasonDigest, err = l.sealReason(out[i].Reason); err != nil {
			return nil, err
		}
	}
	m, err := l.appendMacer(head)
	if isNoKey(err) { // locked: held until the key is back
		return out, holdPending(ctx, tx, rows)
	}
	if err != nil {
		return nil, err
	}
	held, err := takePending(ctx, tx)
	if err != nil {
		return nil, err
	}
	// The held rows go first; out (the caller's entries) is the tail.
	rows = append(held, rows...)
	out = append(make([]Entry, len(held)), out...)
	if err := l.anchorHead(ctx, tx, head, seq); err != nil {
		return nil, err
	}
	prev := head.hash
	for i := range rows {
		rows[i].seq, rows[i].prevHash = seq+int64(i), prev
		rows[i].hash = rows[i].chainHash()
		if m != nil {
			rows[i].mac = bytes.Clone(m.of(rows[i].seq, rows[i].hash))
		}
		prev = rows[i].hash
		out[i].Seq, out[i].Hash = rows[i].seq, fmt.Sprintf("%x", rows[i].hash)
	}
	for len(rows) > 0 {
		n := min(len(rows), entriesPerInsert)
		if err := insertRows(ctx, tx, rows[:n]); err != nil {
			return nil, err
		}
		rows = rows[n:]
	}
	return out[len(held):], nil
}

// anchorHead anchors head, the newest entry tx sees, when it is committed:
// not when this Log appended it earlier in the same transaction, which may
// yet roll back (the anchor must never be ahead of the log). tx holds the
// log's lock (next), so nothing else commits meanwhile. The Log remembers
// only the transaction it last appended in; a new transaction that happens
// to reuse that one's address skips one anchoring, which leaves the anchor
// further behind, never ahead. A failure fails the append, and the action
// rolls back.
func (l *Log) anchorHead(ctx context.Context, tx *sql.Tx, head link, first int64) error {
	l.mu.Lock()
	mine := l.lastTx == tx && head.seq >= l.lastFirst
	if !mine {
		l.lastTx, l.lastFirst = tx, first
	}
	l.mu.Unlock()
	if mine {
		return nil
	}
	return markSeen(ctx, l.db, tx, anchorPoint{seq: head.seq, hash: head.hash})
}

// markSeen records a, a committed entry of db's log, as seen: in the
// anchor, and as the highest seq used (store.DB.MarkSequence, which
// SQLite's AUTOINCREMENT does itself at the insert), read through q.
func markSeen(ctx context.Context, db *store.DB, q store.Querier, a anchorPoint) error {
	if err := db.MarkSequence(ctx, q, "audit_log", "seq", a.seq); err != nil {
		return fmt.Errorf("mark audit entry %d: %w", a.seq, err)
	}
	return writeAnchor(AnchorPath(db), a)
}

// key is the chain's key, nil when there is none yet.
func (l *Log) key() ([]byte, error) {
	k, ok := l.sealer.(Keyer)
	if !ok {
		return nil, nil
	}
	return k.AuditKey()
}

// appendMacer keys the entries that follow head: with the data key when
// there is one, plainly only while the log has no keyed entry.
func (l *Log) appendMacer(head link) (*macer, error) {
	key, err := l.key()
	if key != nil && err == nil {
		return newMacer(key), nil
	}
	if head.keyed {
		return nil, fmt.Errorf("%w: %w", ErrNoKey, err)
	}
	return nil, nil
}

// row checks e and turns it into the row to store, without its place in
// the chain (seq, prev_hash, hash) and without its reason, which AppendAll
// seals once it holds the key. e.At is the log's clock when zero.
func (l *Log) row(e Entry) (Entry, row, error) {
	if err := check(e); err != nil {
		return Entry{}, row{}, err
	}
	if e.At.IsZero() {
		e.At = l.now()
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	e.Reason = normalizeReason(e.Reason)
	r := row{
		at: e.At.Format(timeFormat), userID: e.UserID, role: e.Role, action: string(e.Action),
		recordType: e.RecordType, recordID: e.RecordID, reasonDigest: []byte{},
	}
	return e, r, nil
}

func insertRows(ctx context.Context, tx *sql.Tx, rows []row) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO audit_log (seq, at, user_id, role, action, record_type, record_id, reason, reason_digest, prev_hash, hash, mac) VALUES `)
	args := make([]any, 0, 12*len(rows))
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, r.seq, r.at, r.userID, r.role, r.action, r.recordType, r.recordID, r.reason, r.reasonDigest, r.prevHash, r.hash, r.mac)
	}
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return nil
}

// Record appends e in a transaction of its own, for events that change
// nothing else (sign-in, sign-out, a failed sign-in, a print). For an
// action that only reads or shows something, call it before the action and
// give nothing out when it fails (its error wraps ErrNotRecorded).
func (l *Log) Record(ctx context.Context, e Entry) (Entry, error) {
	var out Entry
	err := l.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = l.Append(ctx, tx, e)
		return err
	})
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %w", ErrNotRecorded, err)
	}
	// Committed: mark it now rather than at the next append. A failure
	// here leaves the marks one transaction behind, which verify accepts;
	// the next append writes them or fails.
	if hash, err := hex.DecodeString(out.Hash); err == nil && out.Seq > 0 {
		_ = markSeen(ctx, l.db, l.db, anchorPoint{seq: out.Seq, hash: hash})
	}
	return out, nil
}

func check(e Entry) error {
	switch {
	case !e.Action.Known():
		return fmt.Errorf("%w: unknown action %q", ErrInvalidEntry, e.Action)
	case !identifier.MatchString(e.Role):
		return fmt.Errorf("%w: role must be an identifier", ErrInvalidEntry)
	case !identifier.MatchString(e.RecordType):
		return fmt.Errorf("%w: record type must be an identifier", ErrInvalidEntry)
	case e.UserID < 0 || e.RecordID < 0:
		return fmt.Errorf("%w: negative ID", ErrInvalidEntry)
	case e.RecordID != 0 && e.RecordType == "":
		return fmt.Errorf("%w: a record ID needs its record type", ErrInvalidEntry)
	}
	return nil
}

// normalizeReason trims the reason and writes every line break as "\n", so
// it reads back the same from a CSV export.
func normalizeReason(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

// lastEntrySQL reads the newest entry off the end of the seq key: SQLite's
// rowid, PostgreSQL's primary-key index. One lookup at any size.
const lastEntrySQL = `SELECT seq, hash, mac IS NOT NULL FROM audit_log ORDER BY seq DESC LIMIT 1`

// auditLock is the name appends serialise on (store.DB.Serialize).
const auditLock = "audit_log"

// next waits for every other append to the log to end (auditLock), then
// returns the new entry's seq and the newest entry (the genesis when
// none), which it follows. The seq follows the highest ever used, not the
// highest still there, so deleted newest entries leave a gap that Verify
// reports.
//
// Before the log's lock it holds the data key, when the sealer can
// (Holder): an entry keyed or sealed with a key another desk retired could
// not be checked or opened again. The order is always the key, then the
// log: a rotation holds the key's row and then appends, so an append that
// took the log first and then waited for the key would deadlock with it.
// A hook in a transaction that already holds the key holds it again, which
// costs one lookup.
func (l *Log) next(ctx context.Context, tx *sql.Tx) (int64, link, error) {
	if h, ok := l.sealer.(Holder); ok {
		if err := h.Hold(ctx, tx); err != nil {
			return 0, link{}, fmt.Errorf("append audit entry: %w", err)
		}
	}
	if err := l.db.Serialize(ctx, tx, auditLock); err != nil {
		return 0, link{}, fmt.Errorf("append audit entry: %w", err)
	}
	head := genesis()
	err := tx.QueryRowContext(ctx, lastEntrySQL).Scan(&head.seq, &head.hash, &head.keyed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, link{}, fmt.Errorf("read last audit entry: %w", err)
	}
	used, err := highestSeqUsed(ctx, l.db, tx)
	if err != nil {
		return 0, link{}, err
	}
	return max(head.seq, used) + 1, head, nil
}

// highestSeqUsed is the highest seq the log was ever given, 0 for none
// (store.DB.LastSequence). On PostgreSQL, where a sequence cannot roll
// back with a transaction, it is marked only for committed entries (markSeen),
// so it trails the log by the newest transaction's entries until the next
// append, Record or whole check.
func highestSeqUsed(ctx context.Context, db *store.DB, q store.Querier) (int64, error) {
	used, _, err := db.LastSequence(ctx, q, "audit_log", "seq")
	if err != nil {
		return 0, fmt.Errorf("read highest audit seq: %w", err)
	}
	return used, nil
}

func (l *Log) sealReason(reason string) (sealed, digest []byte, err error) {
	salted := make([]byte, saltLen, saltLen+len(reason))
	if _, err := rand.Read(salted); err != nil {
		return nil, nil, fmt.Errorf("audit reason salt: %w", err)
	}
	salted = append(salted, reason...)
	if sealed, err = l.sealer.Seal(salted); err != nil {
		return nil, nil, fmt.Errorf("seal audit reason: %w", err)
	}
	return sealed, reasonDigest(salted), nil
}

// openReason opens a sealed reason and checks it against the digest the
// chain covers.
func (l *Log) openReason(seq int64, sealed, digest []byte) (string, error) {
	salted, err := l.sealer.Open(sealed)
	if err != nil {
		return "", fmt.Errorf("open reason of audit entry %d: %w", seq, err)
	}
	if len(salted) < saltLen || subtle.ConstantTimeCompare(reasonDigest(salted), digest) != 1 {
		return "", errors.Join(problem.New("audit.error.reasonChanged", map[string]any{"Seq": seq}),
			fmt.Errorf("audit entry %d: reason does not match its digest", seq))
	}
	return string(salted[saltLen:]), nil
}

func reasonDigest(salted []byte) []byte {
	h := sha256.New()
	h.Write([]byte("madoguchi audit reason\x00"))
	h.Write(salted)
	return h.Sum(nil)
}
