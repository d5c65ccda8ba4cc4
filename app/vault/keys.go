package vault

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"madoguchi/app/problem"
	"madoguchi/app/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations create the vault's table of wrapped keys. Apply them before Open.
var Migrations = store.Embedded("vault", migrationFiles)

// Resealer re-encrypts every sealed value one package owns, and rebuilds
// its blind-index terms. The vault does not know other packages' tables, so
// each owner provides one; Setup and Rotate call them all inside their one
// transaction. A resealer reads each sealed value, passes it through
// rk.Reseal and writes the result back, using only tx. It must not call the
// Vault's own methods: the vault is busy with the rotation and they would
// wait for it forever; rk offers what it needs.
type Resealer func(ctx context.Context, tx *sql.Tx, rk *Rekey) error

// Rekey is what Setup and Rotate hand each Resealer: the old key (if any)
// and the new one.
type Rekey struct {
	to, from *dataKey
}

// Reseal opens a value sealed under the old key, the new one or none
// (legacy 0x00), and seals it under the new key, so a value resealed twice
// stays readable.
func (rk *Rekey) Reseal(sealed []byte) ([]byte, error) {
	plain, err := rk.Open(sealed)
	if err != nil {
		return nil, err
	}
	return seal(rk.to, plain)
}

// Seal seals plain under the new key: for a value a resealer derives anew
// from what it opened (an index card), rather than passes through Reseal.
func (rk *Rekey) Seal(plain []byte) ([]byte, error) {
	return seal(rk.to, plain)
}

// Open reads a value sealed under the old key, the new one or none.
func (rk *Rekey) Open(sealed []byte) ([]byte, error) {
	return open(sealed, rk.to, rk.from)
}

// Blinder makes blind-index terms under the new key: after the rotation
// every term must be recomputed with it, in the same transaction.
func (rk *Rekey) Blinder() *Blinder {
	return newBlinder(rk.to.blind)
}

// What wraps a data key: the wrapped_by column.
const (
	wrapPassphrase = "passphrase"
	wrapKeyring    = "keyring"
)

// keyringPrefix names keyring entries. The rest of the name is random,
// drawn once per data key when its keyring wrap is first written, and kept
// in that wrap's row (params): every desk on one database finds the key
// under the same name in its own keyring, and two databases used from one
// PC (or two keys of one database) never share or overwrite an entry.
const keyringPrefix = "madoguchi-vault-"

// keyringLabel is the HKDF info of the keyring secret: the secret a desk
// keeps in its keyring for a data key, and under which the data key's one
// keyring wrap in vault_keys is made. It is derived from the data key, so
// every desk that opens the key with the passphrase stores the same secret
// under the same name, and no desk's unlocking replaces the wrap another
// desk's keyring opens. Like the blind and audit keys it is never the data
// key itself, and without the database's wrap it opens nothing.
const keyringLabel = "madoguchi keyring v1"

func deriveKeyringKey(raw []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, raw, nil, keyringLabel, dataKeyLen)
}

// lockKeys is the store.Serialize name of every change to vault_keys: on
// PostgreSQL two desks setting up, rotating or adding the keyring wrap at
// once go one after the other.
const lockKeys = "vault keys"

// timeFormat is fixed-width UTC, like the other packages' timestamps.
const timeFormat = "2006-01-02T15:04:05.000Z"

type kdfParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

func defaultKDF() kdfParams {
	return kdfParams{memory: kdfMemory, time: kdfTime, threads: kdfThreads}
}

func (p kdfParams) String() string {
	return fmt.Sprintf("argon2id$v=%d$m=%d,t=%d,p=%d", argon2.Version, p.memory, p.time, p.threads)
}

func (p kdfParams) derive(pass, salt []byte) []byte {
	return argon2.IDKey(pass, salt, p.time, p.memory, p.threads, dataKeyLen)
}

// parseKDF reads "argon2id$v=19$m=..,t=..,p=.." within sane bounds.
func parseKDF(s string) (kdfParams, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 3 || parts[0] != "argon2id" || parts[1] != "v="+strconv.Itoa(argon2.Version) {
		return kdfParams{}, fmt.Errorf("%w: key parameters %q", ErrDamaged, s)
	}
	var p kdfParams
	for _, kv := range strings.Split(parts[2], ",") {
		k, val, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return kdfParams{}, fmt.Errorf("%w: key parameters %q", ErrDamaged, s)
		}
		switch k {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n > 255 {
				return kdfParams{}, fmt.Errorf("%w: key parameters %q", ErrDamaged, s)
			}
			p.threads = uint8(n)
		}
	}
	if p.memory < 8*uint32(p.threads) || p.memory > maxKDFMemory || p.time < 1 || p.time > maxKDFTime || p.threads < 1 {
		return kdfParams{}, fmt.Errorf("%w: key parameters %q out of bounds", ErrDamaged, s)
	}
	return p, nil
}

// wrap is one row of vault_keys that is not retired.
type wrap struct {
	keyID   uint32
	by      string
	wrapped []byte
	salt    []byte
	params  string
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// liveWraps reads the current key's wraps by kind. All live rows must name
// the same key: anything else is a damaged table.
func liveWraps(ctx context.Context, q querier) (map[string]wrap, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT key_id, wrapped_by, wrapped, salt, params FROM vault_keys WHERE retired_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("read vault keys: %w", err)
	}
	defer rows.Close()
	out := map[string]wrap{}
	for rows.Next() {
		var w wrap
		var id int64
		if err := rows.Scan(&id, &w.by, &w.wrapped, &w.salt, &w.params); err != nil {
			return nil, fmt.Errorf("read vault keys: %w", err)
		}
		w.keyID = uint32(id)
		for _, other := range out {
			if other.keyID != w.keyID {
				return nil, fail("vault.error.damaged", ErrDamaged, "vault_keys holds two live keys")
			}
		}
		out[w.by] = w
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read vault keys: %w", err)
	}
	return out, nil
}

// Open returns the vault of db, whose tables must be migrated. With no key
// in db the vault needs Setup; otherwise it tries kr (nil: no keyring) and
// is unlocked if the keyring holds this database's key, else locked until
// Unlock. A keyring that fails is not an error: KeyringError says why, and
// the passphrase still works.
func Open(ctx context.Context, db *store.DB, kr Keyring) (*Vault, error) {
	v := &Vault{db: db, keyring: kr, kdf: defaultKDF()}
	live, err := liveWraps(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	if len(live) == 0 {
		v.state = StateNeedsSetup
		return v, nil
	}
	v.state = StateLocked
	if kr == nil {
		return v, nil
	}
	w, ok := live[wrapKeyring]
	if !ok {
		v.keyringErr = fmt.Errorf("vault: this database's key is not in the keyring yet: %w", ErrNoSecret)
		return v, nil
	}
	kek, err := kr.Get(strings.TrimPrefix(w.params, wrapKeyring+"$"))
	if err != nil {
		v.keyringErr = fmt.Errorf("vault: read keyring: %w", err)
		return v, nil
	}
	raw, err := unwrapKey(kek, w)
	if err != nil {
		v.keyringErr = fmt.Errorf("vault: the keyring's secret does not open this database's key: %w", err)
		return v, nil
	}
	if v.key, err = newDataKey(w.keyID, raw); err != nil {
		return nil, fmt.Errorf("open vault: %w", err)
	}
	v.state = StateUnlocked
	return v, nil
}

// Setup creates the database's data key at first run, wraps it with
// passphrase (and the keyring, if any), and encrypts every legacy 0x00
// value through resealers, all in one transaction. The passphrase must be
// PassphraseMin characters or more (problem on field "passphrase").
func (v *Vault) Setup(ctx context.Context, passphrase string, resealers ...Resealer) error {
	pass, err := checkPassphrase(passphrase)
	if err != nil {
		return err
	}
	if v.db == nil {
		return errors.New("vault setup: a plain vault has no database")
	}
	tx, err := v.db.BeginTx(ctx, nil) // before the lock: see Rotate
	if err != nil {
		return fmt.Errorf("vault setup: begin: %w", err)
	}
	defer tx.Rollback()
	// Another desk setting up at the same moment finishes first, and this
	// one then finds its key (ErrAlreadySetUp).
	if err := v.db.Serialize(ctx, tx, lockKeys); err != nil {
		return fmt.Errorf("vault setup: %w", err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	live, err := liveWraps(ctx, tx)
	if err != nil {
		return fmt.Errorf("vault setup: %w", err)
	}
	if len(live) > 0 || v.state != StateNeedsSetup {
		return fail("vault.error.alreadySetUp", ErrAlreadySetUp, "setup")
	}
	key, keyringErr, err := v.newKey(ctx, tx, pass)
	if err != nil {
		return fmt.Errorf("vault setup: %w", err)
	}
	if err := runResealers(ctx, tx, resealers, key, nil); err != nil {
		return fmt.Errorf("vault setup: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("vault setup: commit: %w", err)
	}
	v.key, v.state, v.keyringErr = key, StateUnlocked, keyringErr
	return nil
}

// Unlock opens the data key with the administrator's passphrase. A wrong
// passphrase is the problem vault.error.wrongPassphrase. On an unlocked
// vault it only checks the passphrase. If a keyring was given to Open and
// did not hold the key, the key is stored in it now (see KeyringError).
func (v *Vault) Unlock(ctx context.Context, passphrase string) error {
	raw, id, err := v.unlock(ctx, passphrase)
	if err != nil || raw == nil {
		return err
	}
	// Outside the vault's lock: writing takes the database's lock, and a
	// writer holding that one may be waiting in Seal.
	keyringErr := v.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := v.db.Serialize(ctx, tx, lockKeys); err != nil {
			return err
		}
		keyringErr, err := v.addKeyringWrap(ctx, tx, id, raw)
		if err != nil {
			return err
		}
		return keyringErr
	})
	v.mu.Lock()
	v.keyringErr = keyringErr
	v.mu.Unlock()
	return nil
}

// unlock checks the passphrase and unlocks the vault. It returns the raw
// data key only when the keyring should now be given it.
func (v *Vault) unlock(ctx context.Context, passphrase string) (raw []byte, id uint32, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch {
	case v.state == StatePlain || v.db == nil:
		return nil, 0, errors.New("vault unlock: a plain vault has no key")
	case v.state == StateNeedsSetup:
		return nil, 0, fail("vault.error.notSetUp", ErrNotSetUp, "unlock")
	}
	live, err := liveWraps(ctx, v.db)
	if err != nil {
		return nil, 0, fmt.Errorf("vault unlock: %w", err)
	}
	w, ok := live[wrapPassphrase]
	if !ok {
		return nil, 0, fail("vault.error.damaged", ErrDamaged, "no passphrase wrap")
	}
	p, err := parseKDF(w.params)
	if err != nil {
		return nil, 0, errors.Join(problem.New("vault.error.damaged", nil), fmt.Errorf("vault unlock: %w", err))
	}
	raw, err = unwrapKey(p.derive(normalizePassphrase(passphrase), w.salt), w)
	if errors.Is(err, errUnwrap) {
		return nil, 0, fail("vault.error.wrongPassphrase", ErrWrongPassphrase, "unlock")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("vault unlock: %w", err)
	}
	if v.state == StateUnlocked {
		return nil, 0, nil
	}
	if v.key, err = newDataKey(w.keyID, raw); err != nil {
		return nil, 0, fmt.Errorf("vault unlock: %w", err)
	}
	v.state = StateUnlocked
	if v.keyring == nil || v.keyringErr == nil {
		return nil, 0, nil
	}
	return raw, w.keyID, nil
}

// Rotate makes a new data key wrapped by passphrase (the current one to
// keep it, a new one to change it; the caller asks for it twice and checks
// that whoever asks is an administrator) and by a new keyring secret if the
// vault has a keyring. In ONE transaction it retires the old key, erasing
// its wrapped copies, and re-encrypts every sealed value through
// resealers; if anything fails nothing changes and the old key stays.
//
// Other goroutines' Seal and Open wait until the rotation ends. Other desks
// on the database keep the retired key in memory: every transaction of
// theirs that writes sealed values begins with Hold, which a rotation
// waits for (on PostgreSQL; on SQLite one transaction writes at a time), so
// that what they wrote before is re-sealed with the rest, and which fails
// afterwards with ErrKeyChanged, locking their vault until the data is
// opened again. A desk that rotates with a key another desk has already
// retired fails the same way.
func (v *Vault) Rotate(ctx context.Context, passphrase string, resealers ...Resealer) error {
	pass, err := checkPassphrase(passphrase)
	if err != nil {
		return err
	}
	if v.db == nil {
		return errors.New("vault rotate: a plain vault has no key")
	}
	// Take the database's write lock first and the vault's second: a writer
	// holding the database lock may be waiting in Seal, never the reverse.
	// On PostgreSQL the database's lock is the live key's row, taken for
	// update: it waits for every transaction that holds the key (Hold) and
	// makes the ones that come later wait for the rotation.
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("vault rotate: begin: %w", err)
	}
	defer tx.Rollback()
	if err := v.db.Serialize(ctx, tx, lockKeys); err != nil {
		return fmt.Errorf("vault rotate: %w", err)
	}
	live, err := v.liveKeyID(ctx, tx, lockForUpdate)
	if err != nil {
		return fmt.Errorf("vault rotate: %w", err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.state != StateUnlocked {
		return fail("vault.error.locked", ErrLocked, "rotate")
	}
	if live != v.key.id {
		return v.retiredLocked("rotate")
	}
	if _, err := tx.ExecContext(ctx,
		`UPDATE vault_keys SET retired_at = ?, wrapped = ? WHERE retired_at IS NULL`, stamp(), []byte{}); err != nil {
		return fmt.Errorf("vault rotate: retire key %d: %w", v.key.id, err)
	}
	key, keyringErr, err := v.newKey(ctx, tx, pass)
	if err != nil {
		return fmt.Errorf("vault rotate: %w", err)
	}
	if err := runResealers(ctx, tx, resealers, key, v.key); err != nil {
		return fmt.Errorf("vault rotate: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("vault rotate: commit: %w", err)
	}
	v.key, v.keyringErr = key, keyringErr
	return nil
}

// newKey creates a data key numbered after every key the table has known,
// and writes its passphrase wrap and, when possible, its keyring wrap. A
// failing keyring is returned apart: the passphrase wrap is enough.
func (v *Vault) newKey(ctx context.Context, tx *sql.Tx, pass []byte) (key *dataKey, keyringErr, err error) {
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(key_id), 0) FROM vault_keys`).Scan(&last); err != nil {
		return nil, nil, fmt.Errorf("number new key: %w", err)
	}
	id := uint32(last + 1)
	raw := make([]byte, dataKeyLen)
	salt := make([]byte, kdfSaltLen)
	if _, err := rand.Read(raw); err != nil {
		return nil, nil, fmt.Errorf("new data key: %w", err)
	}
	if _, err := rand.Read(salt); err != nil {
		return nil, nil, fmt.Errorf("new key salt: %w", err)
	}
	wrapped, err := wrapKey(v.kdf.derive(pass, salt), id, wrapPassphrase, raw)
	if err != nil {
		return nil, nil, err
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO vault_keys (key_id, wrapped_by, wrapped, salt, params, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, wrapPassphrase, wrapped, salt, v.kdf.String(), stamp())
	if err != nil {
		return nil, nil, fmt.Errorf("store key %d: %w", id, err)
	}
	if v.keyring != nil {
		if keyringErr, err = v.addKeyringWrap(ctx, tx, id, raw); err != nil {
			return nil, nil, err
		}
	}
	if key, err = newDataKey(id, raw); err != nil {
		return nil, nil, err
	}
	return key, keyringErr, nil
}

// addKeyringWrap stores the keyring secret of data key id (deriveKeyringKey)
// in this desk's keyring, under the name the key's keyring wrap in the
// database gives, and writes that wrap if the key has none yet. Another
// desk's entry is never replaced: every desk stores the same secret under
// the same name. A wrap an older Madoguchi made with a random secret is made
// again, under the same name, with the derived one: a desk whose keyring
// holds the old secret then asks for the passphrase once more.
//
// keyringErr is why the keyring could not take the secret: the passphrase
// still opens the key, so callers report it apart. err is a failure of the
// database, which ends the transaction. The caller serializes on lockKeys.
func (v *Vault) addKeyringWrap(ctx context.Context, tx *sql.Tx, id uint32, raw []byte) (keyringErr, err error) {
	// Unlock writes after letting go of the vault: make sure no rotation
	// retired this key in between.
	live, err := v.liveKeyID(ctx, tx, lockNone)
	if err != nil {
		return nil, err
	}
	if live != id {
		return fmt.Errorf("vault: key %d was retired before it could be stored in the keyring", id), nil
	}
	kek, err := deriveKeyringKey(raw)
	if err != nil {
		return nil, fmt.Errorf("keyring secret: %w", err)
	}
	wrapped, err := wrapKey(kek, id, wrapKeyring, raw)
	if err != nil {
		return nil, err
	}
	var params string
	var old []byte
	err = tx.QueryRowContext(ctx,
		`SELECT wrapped, params FROM vault_keys WHERE key_id = ? AND wrapped_by = ? AND retired_at IS NULL`, id, wrapKeyring).
		Scan(&old, &params)
	name, named := strings.CutPrefix(params, wrapKeyring+"$")
	switch {
	case errors.Is(err, sql.ErrNoRows):
		suffix := make([]byte, 8)
		if _, err := rand.Read(suffix); err != nil {
			return nil, fmt.Errorf("keyring name: %w", err)
		}
		name = keyringPrefix + hex.EncodeToString(suffix)
		// The keyring first: a failing keyring leaves the database as it was.
		if err := v.keyring.Set(name, kek); err != nil {
			return fmt.Errorf("vault: store key in keyring: %w", err), nil
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO vault_keys (key_id, wrapped_by, wrapped, params, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, wrapKeyring, wrapped, wrapKeyring+"$"+name, stamp())
		if err != nil {
			return nil, fmt.Errorf("store keyring wrap: %w", err)
		}
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read keyring wrap: %w", err)
	case !named || !validName.MatchString(name):
		return nil, fail("vault.error.damaged", ErrDamaged, "keyring wrap names no keyring entry")
	}
	if err := v.keyring.Set(name, kek); err != nil {
		return fmt.Errorf("vault: store key in keyring: %w", err), nil
	}
	if _, err := unwrapKey(kek, wrap{keyID: id, by: wrapKeyring, wrapped: old}); err == nil {
		return nil, nil // the wrap every desk's entry opens
	}
	if _, err := tx.ExecContext(ctx, `UPDATE vault_keys SET wrapped = ? WHERE key_id = ? AND wrapped_by = ?`,
		wrapped, id, wrapKeyring); err != nil {
		return nil, fmt.Errorf("replace keyring wrap: %w", err)
	}
	return nil, nil
}

// runResealers runs the vault's own resealer and every owner's, from the
// old key (nil at Setup) to the new one.
func runResealers(ctx context.Context, tx *sql.Tx, resealers []Resealer, to, from *dataKey) error {
	rk := &Rekey{to: to, from: from}
	all := append([]Resealer{resealRecordKeys}, resealers...)
	for i, r := range all {
		if err := r(ctx, tx, rk); err != nil {
			return fmt.Errorf("reseal (resealer %d of %d): %w", i+1, len(all), err)
		}
	}
	return nil
}

// errUnwrap means a wrap does not open with the key given: for a passphrase
// wrap, the wrong passphrase.
var errUnwrap = errors.New("vault: key does not unwrap")

// wrapAAD binds a wrap to its key number and kind, so a wrap copied into
// another row does not open.
func wrapAAD(id uint32, by string) []byte {
	aad := binary.BigEndian.AppendUint32([]byte("madoguchi vault wrap\x00"), id)
	return append(aad, by...)
}

func wrapKey(kek []byte, id uint32, by string, raw []byte) ([]byte, error) {
	aead, err := gcm(kek)
	if err != nil {
		return nil, err
	}
	out := make([]byte, nonceLen, nonceLen+len(raw)+tagLen)
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("wrap key: read random nonce: %w", err)
	}
	return aead.Seal(out, out[:nonceLen], raw, wrapAAD(id, by)), nil
}

func unwrapKey(kek []byte, w wrap) ([]byte, error) {
	if len(w.wrapped) != nonceLen+dataKeyLen+tagLen {
		return nil, fail("vault.error.damaged", ErrDamaged, fmt.Sprintf("wrapped key has %d bytes", len(w.wrapped)))
	}
	aead, err := gcm(kek)
	if err != nil {
		return nil, err
	}
	raw, err := aead.Open(nil, w.wrapped[:nonceLen], w.wrapped[nonceLen:], wrapAAD(w.keyID, w.by))
	if err != nil {
		return nil, errUnwrap
	}
	return raw, nil
}

func gcm(key []byte) (cipher.AEAD, error) {
	if len(key) != dataKeyLen {
		return nil, fmt.Errorf("%w: key has %d bytes", errUnwrap, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("key cipher: %w", err)
	}
	return cipher.NewGCM(block)
}

// normalizePassphrase applies NFKC, as app/auth does for passwords, so a
// passphrase typed with a Japanese IME in full-width mode opens the vault
// like the same passphrase typed half-width.
func normalizePassphrase(s string) []byte {
	return []byte(norm.NFKC.String(s))
}

// CheckPassphrase reports the problems of a new passphrase and its
// confirmation (fields "passphrase" and "passphraseConfirm"), so a first-run
// screen can show them with its other fields' before anything is created.
func CheckPassphrase(passphrase, confirm string) problem.List {
	var probs problem.List
	if _, err := checkPassphrase(passphrase); err != nil {
		probs = append(probs, problem.From(err)...)
	} else if norm.NFKC.String(passphrase) != norm.NFKC.String(confirm) {
		probs.Add(problem.OnField("passphraseConfirm", "vault.passphrase.error.mismatch", nil))
	}
	return probs
}

func checkPassphrase(s string) ([]byte, error) {
	pass := normalizePassphrase(s)
	if utf8.RuneCount(pass) < PassphraseMin {
		return nil, problem.OnField("passphrase", "vault.passphrase.error.tooShort", map[string]any{"Min": PassphraseMin})
	}
	return pass, nil
}

func stamp() string {
	return time.Now().UTC().Format(timeFormat)
}
