// Package vault encrypts every sensitive field before it is stored (AES-256-GCM under a per-database data key).
//
// # Sealed values
//
// Each sealed value starts with a 1-byte format prefix, so old rows stay
// readable when the format changes and need no migration:
//
//	0x00 | plaintext                                   legacy: read, never written once a key is set
//	0x01 | key ID (uint32 BE) | nonce (12) | AES-256-GCM ciphertext and tag (16)
//
// The format byte and key ID are the GCM additional data, so changing either
// fails authentication. Open rejects any prefix it does not know instead of
// guessing. A value does not name the row it belongs to, so someone able to
// write the database file can move a sealed value from one row to another of
// the same kind; catching that needs Seal to take the row as additional data
// (a later change of this API).
//
// # Keys
//
// One random 32-byte data key (DEK) per database seals every value. It is
// stored only wrapped (AES-256-GCM) in vault_keys:
//
//   - by a key-encryption key derived with Argon2id from the administrator's
//     passphrase, set at first run (Setup), parameters and salt stored with
//     the wrap;
//   - and, optionally, by a 32-byte key held in the operating system's
//     keyring (Keyring), so that the program starts without the passphrase
//     on a PC that holds that keyring entry. The key is derived from the
//     data key (HKDF, its own label), so every desk of a shared database
//     keeps the same secret under the same entry name after asking for the
//     passphrase once, and the database holds one keyring wrap per data key
//     whatever the number of desks (keys.go, addKeyringWrap).
//
// Open tries the keyring; if that fails the vault stays locked until Unlock
// is given the passphrase, and meanwhile Seal fails instead of writing
// plaintext. Rotate makes a new data key, re-encrypts every sealed value
// through the Resealers the owning packages provide, all in one transaction,
// and retires the old key (its wrapped copies are erased). Other desks still
// holding the retired key fail closed (live.go, Hold).
//
// # Crypto-shredding the Individual Number (not done; a later issue)
//
// The My Number Act requires deleting the Individual Number irrecoverably
// once its task ends. Deleting a row does not do that: SQLite leaves freed
// pages and WAL frames on disk, and backups keep the row. With one data key
// per database, the only way to make an old copy unreadable is to rotate the
// whole database. Per-record keys would fix this: a table
// vault_record_keys(record_type, record_id, wrapped) holding a random key per
// application, wrapped by the data key; the Individual Number sealed with
// that record key (a new format byte naming record key instead of data key).
// Deleting the number then means deleting its record-key row (with
// PRAGMA secure_delete on, and the deletion recorded in the audit log):
// every copy of the ciphertext, in free pages, WAL or old backups, becomes
// unreadable as soon as the backups holding that record-key row expire.
package vault

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"madoguchi/app/problem"
	"madoguchi/app/store"
)

// Format prefixes. Never reuse or renumber one: rows on disk carry them.
const (
	formatPlain  byte = 0x00
	formatAESGCM byte = 0x01
)

// headerLen is the part of a 0x01 value that is authenticated but not
// encrypted: the format byte and the key ID.
const headerLen = 1 + keyIDLen

// Errors, for errors.Is. Each comes joined with a problem the user can act
// on, so the desk shows the problem and tests can match the sentinel.
var (
	// ErrUnknownFormat means a sealed value has no prefix or one this version
	// cannot read (for example a row written by a newer Madoguchi).
	ErrUnknownFormat = errors.New("vault: unknown sealed format")
	// ErrDamaged means a sealed value fails authentication: it was changed
	// outside Madoguchi, truncated or damaged on disk.
	ErrDamaged = errors.New("vault: sealed value fails authentication")
	// ErrUnknownKey means a value was sealed with a key this vault does not
	// hold (another database's, or one retired by a rotation).
	ErrUnknownKey = errors.New("vault: sealed with a key this database does not hold")
	// ErrLocked means the data key has not been unlocked yet.
	ErrLocked = errors.New("vault: locked")
	// ErrNotSetUp means no data key exists yet: run Setup.
	ErrNotSetUp = errors.New("vault: not set up")
	// ErrAlreadySetUp means Setup was called on a database that has a key.
	ErrAlreadySetUp = errors.New("vault: already set up")
	// ErrWrongPassphrase means the passphrase does not unwrap the data key.
	ErrWrongPassphrase = errors.New("vault: wrong passphrase")
)

// fail joins the problem id with the sentinel, so problem.From and
// errors.Is both find what they look for. detail never holds plaintext.
func fail(id string, sentinel error, detail string) error {
	return errors.Join(problem.New(id, nil), fmt.Errorf("%w: %s", sentinel, detail))
}

// State is where a vault is in its life.
type State int

// The zero State is StateLocked, so a zero Vault refuses to seal rather
// than write plaintext.
const (
	// StateLocked means a key exists but was not unlocked: call Unlock.
	StateLocked State = iota
	// StatePlain is a vault without a key (NewPlain): it writes format 0x00.
	StatePlain
	// StateNeedsSetup means the database has no data key yet: call Setup.
	StateNeedsSetup
	// StateUnlocked means Seal encrypts and Open decrypts.
	StateUnlocked
)

func (s State) String() string {
	switch s {
	case StatePlain:
		return "plain"
	case StateNeedsSetup:
		return "needsSetup"
	case StateLocked:
		return "locked"
	case StateUnlocked:
		return "unlocked"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// dataKey is an unwrapped data key, ready to seal and open, with the
// blind-index key (blind.go) and the audit chain's key (auditkey.go)
// derived from it.
type dataKey struct {
	id    uint32
	aead  cipher.AEAD
	blind []byte
	audit []byte
}

func newDataKey(id uint32, raw []byte) (*dataKey, error) {
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, fmt.Errorf("data key %d: %w", id, err)
	}
	aead, err := cipher.NewGCM(block) // 12-byte nonce, 16-byte tag
	if err != nil {
		return nil, fmt.Errorf("data key %d: %w", id, err)
	}
	blind, err := deriveBlindKey(raw)
	if err != nil {
		return nil, fmt.Errorf("data key %d: %w", id, err)
	}
	audit, err := deriveAuditKey(raw)
	if err != nil {
		return nil, fmt.Errorf("data key %d: %w", id, err)
	}
	return &dataKey{id: id, aead: aead, blind: blind, audit: audit}, nil
}

// Vault seals and opens sensitive values. It is safe for concurrent use.
type Vault struct {
	db      *store.DB // nil for a plain vault
	keyring Keyring   // nil: no keyring wrap, the passphrase is asked at each start
	kdf     kdfParams // for new passphrase wraps; tests lower it

	mu         sync.RWMutex
	state      State
	key        *dataKey // the current key; nil unless unlocked
	keyringErr error    // why the keyring did not (or could not) hold the key
}

// NewPlain returns a vault without a key: it writes format 0x00 (plaintext)
// and reads only that. It is for tests of other packages and for tools that
// never touch a real database; the program uses Open.
func NewPlain() *Vault {
	return &Vault{state: StatePlain}
}

// New returns a plain vault, like NewPlain.
//
// Deprecated: kept only so that callers compile until they use Open (the
// program) or NewPlain (tests). It writes plaintext.
func New() *Vault {
	return NewPlain()
}

// State reports whether the vault is plain, needs setup, locked or unlocked.
func (v *Vault) State() State {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.state
}

// KeyringError says why the keyring did not unlock the vault at Open, or why
// the key could not be stored in it at Setup, Unlock or Rotate; nil when the
// keyring worked or none was given. Its text names no secret.
func (v *Vault) KeyringError() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keyringErr
}

// Seal returns plain encrypted under the current data key, ready to store.
// A plain vault returns it with the 0x00 prefix; a vault that has a key
// but is locked (or not set up) fails rather than write plaintext.
func (v *Vault) Seal(plain []byte) ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	switch v.state {
	case StatePlain:
		out := make([]byte, 0, len(plain)+1)
		out = append(out, formatPlain)
		return append(out, plain...), nil
	case StateUnlocked:
		return seal(v.key, plain)
	case StateNeedsSetup:
		return nil, fail("vault.error.notSetUp", ErrNotSetUp, "seal")
	default:
		return nil, fail("vault.error.locked", ErrLocked, "seal")
	}
}

// Open returns the plain value of a sealed one. Legacy 0x00 values open in
// any state. The result never aliases sealed, so callers may keep it after
// reusing their buffer. A value sealed under a newer key than this vault's
// fails with ErrKeyChanged when the database confirms that another desk
// rotated (the vault is then locked, see Hold), else with ErrUnknownKey.
func (v *Vault) Open(sealed []byte) ([]byte, error) {
	plain, newer, err := v.open(sealed)
	if newer {
		if cerr := v.CheckKey(context.Background(), v.db); errors.Is(cerr, ErrKeyChanged) {
			return nil, cerr
		}
	}
	return plain, err
}

// open is Open under the vault's lock; newer reports a value sealed under a
// key numbered after this vault's.
func (v *Vault) open(sealed []byte) (plain []byte, newer bool, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if len(sealed) > 0 && sealed[0] == formatAESGCM {
		switch v.state {
		case StateUnlocked:
		case StateNeedsSetup:
			return nil, false, fail("vault.error.notSetUp", ErrNotSetUp, "open")
		default:
			return nil, false, fail("vault.error.locked", ErrLocked, "open")
		}
	}
	plain, err = open(sealed, v.key)
	if errors.Is(err, ErrUnknownKey) && v.db != nil {
		newer = binary.BigEndian.Uint32(sealed[1:headerLen]) > v.key.id
	}
	return plain, newer, err
}

// seal encrypts plain under k with a fresh random nonce.
func seal(k *dataKey, plain []byte) ([]byte, error) {
	out := make([]byte, headerLen+nonceLen, headerLen+nonceLen+len(plain)+tagLen)
	out[0] = formatAESGCM
	binary.BigEndian.PutUint32(out[1:headerLen], k.id)
	if _, err := rand.Read(out[headerLen:]); err != nil {
		return nil, fmt.Errorf("seal: read random nonce: %w", err)
	}
	nonce := out[headerLen:]
	return k.aead.Seal(out, nonce, plain, out[:headerLen]), nil
}

// open reads a sealed value with any of keys (the current one; during a
// rotation also the new one). Which key is tried is decided by the key ID
// in the value, never by trial.
func open(sealed []byte, keys ...*dataKey) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, fail("vault.error.damaged", ErrUnknownFormat, "empty value")
	}
	switch sealed[0] {
	case formatPlain:
		return append([]byte{}, sealed[1:]...), nil
	case formatAESGCM:
		if len(sealed) < headerLen+nonceLen+tagLen {
			return nil, fail("vault.error.damaged", ErrDamaged, "value too short")
		}
		id := binary.BigEndian.Uint32(sealed[1:headerLen])
		for _, k := range keys {
			if k == nil || k.id != id {
				continue
			}
			nonce := sealed[headerLen : headerLen+nonceLen]
			plain, err := k.aead.Open(nil, nonce, sealed[headerLen+nonceLen:], sealed[:headerLen])
			if err != nil {
				return nil, fail("vault.error.damaged", ErrDamaged, fmt.Sprintf("key %d", id))
			}
			if plain == nil {
				plain = []byte{} // an empty value opens as empty, like 0x00 does
			}
			return plain, nil
		}
		return nil, fail("vault.error.unknownKey", ErrUnknownKey, fmt.Sprintf("key %d", id))
	default:
		return nil, fail("vault.error.damaged", ErrUnknownFormat, fmt.Sprintf("prefix 0x%02x", sealed[0]))
	}
}
