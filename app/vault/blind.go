package vault

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// # Blind index
//
// Sealed values cannot be searched by SQL. A package that must find rows by
// a sealed item (a birth date, a name) also stores blind-index terms: keyed
// hashes of the item's normalised value, which SQL can compare for equality
// and nothing else. The key is derived from the data key with HKDF, under
// its own label, so a term never equals a hash anyone can compute without
// the data key, and the data key itself is never used for two purposes.
//
// A term is the first 8 bytes of HMAC-SHA-256(blind key, len(domain) ||
// domain || value), the length in one byte, as a signed 64-bit integer:
// small in an index, the same type in SQLite and PostgreSQL. 64 bits make an
// accidental collision so rare that owners can afford to check every row they
// find against the opened value: a collision costs one needless decryption,
// never a wrong answer.
//
// What a copy of the database file gives away through terms, and why that is
// accepted, is in docs/data-protection.md ("Blind index").

// blindLabel is the HKDF info that derives the blind-index key. A new use of
// the data key takes a new label; changing this one orphans every term.
const blindLabel = "madoguchi blind index v1"

// plainBlindKey is the blind key of a plain vault (tests of other packages):
// such a vault writes plaintext anyway, so its terms protect nothing.
var plainBlindKey = []byte("madoguchi plain vault: no data key, terms protect nothing")

func deriveBlindKey(dataKey []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, dataKey, nil, blindLabel, 32)
}

// Blinder computes blind-index terms under one key. It is not safe for
// concurrent use: take one per goroutine (Vault.Blinder, Rekey.Blinder).
type Blinder struct {
	mac hash.Hash
	sum []byte
}

func newBlinder(key []byte) *Blinder {
	return &Blinder{mac: hmac.New(sha256.New, key), sum: make([]byte, 0, sha256.Size)}
}

// Term is the blind-index term of value in domain. The domain (chosen by the
// owning package: "birth", "name.prefix") keeps equal values of different
// items apart.
func (b *Blinder) Term(domain, value string) int64 {
	if len(domain) > 255 {
		panic("vault: blind-index domain longer than 255 bytes") // a constant of the caller's
	}
	b.mac.Reset()
	b.mac.Write([]byte{byte(len(domain))}) // so no domain and value run into another pair
	b.mac.Write([]byte(domain))
	b.mac.Write([]byte(value))
	b.sum = b.mac.Sum(b.sum[:0])
	return int64(binary.BigEndian.Uint64(b.sum))
}

// Blinder returns a Blinder under the current data key's blind key. A vault
// that is locked or not set up cannot make terms, as it cannot seal.
func (v *Vault) Blinder() (*Blinder, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	switch v.state {
	case StatePlain:
		return newBlinder(plainBlindKey), nil
	case StateUnlocked:
		return newBlinder(v.key.blind), nil
	case StateNeedsSetup:
		return nil, fail("vault.error.notSetUp", ErrNotSetUp, "blind index")
	default:
		return nil, fail("vault.error.locked", ErrLocked, "blind index")
	}
}
