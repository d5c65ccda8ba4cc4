package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Argon2id parameters for new hashes: RFC 9106's second recommended option
// (§4: 64 MiB, 3 passes, 4 lanes), the one it gives for when the first (2 GiB)
// is too much memory, and the same the data passphrase uses (app/vault).
//
// Why not the OWASP minimum the hashes had (19 MiB, 2 passes, 1 lane):
// OWASP's Password Storage Cheat Sheet lists 19 MiB/2 passes, 46 MiB/1 pass,
// 12 MiB/3, 9 MiB/4 and 7 MiB/5 as EQUIVALENT minimums, so 46 MiB with one
// pass would not have been stronger, only different. 64 MiB with 3 passes
// costs an attacker about 5 times the work per guess of the old setting
// (memory × passes) and needs 3.4 times the memory on each core or GPU lane.
// The 4 lanes let Argon2id fill the memory on both cores of a counter PC.
// Measured on a shared 2-core machine: 0.19 s a hash with both cores already
// busy (0.06 s for the old setting), 0.6 s when overloaded four times over
// (0.08 s); a counter PC, mostly idle when someone signs in, stays well
// under the ~0.5 s a sign-in may take. A stored hash with
// other parameters is rehashed with these at its next successful sign-in
// (SignIn): each hash carries its own parameters, so old ones still verify.
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 3
	argonThreads = 4
	saltLen      = 16
	keyLen       = 32
)

// Bounds on parameters read back from a stored hash. They stop a damaged or
// tampered row from making one sign-in allocate gigabytes or run for minutes.
const (
	maxMemory  = 1024 * 1024 // KiB (1 GiB)
	maxTime    = 100
	minSaltLen = 8
	minKeyLen  = 16
	maxKeyLen  = 64
)

// ErrMalformedHash means a stored password hash could not be parsed. The
// message never includes the hash itself.
var ErrMalformedHash = errors.New("malformed password hash")

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// HashCost is the Argon2id work of one password hash. Production uses
// DefaultHashCost; tests lower it (Service.WithHashCost), as app/vault's
// tests lower its key derivation, and one test checks the real one.
type HashCost struct {
	MemoryKiB uint32
	Passes    uint32
	Lanes     uint8
}

// DefaultHashCost is the cost of new hashes: see argonMemory.
func DefaultHashCost() HashCost {
	return HashCost{MemoryKiB: argonMemory, Passes: argonTime, Lanes: argonThreads}
}

// normalizePassword applies NFKC, so a password typed with a Japanese IME in
// full-width mode (ｐａｓｓ) matches the same password typed half-width, as
// NIST SP 800-63B recommends. Hash and verify must both go through here.
func normalizePassword(pw string) []byte {
	return []byte(norm.NFKC.String(pw))
}

// HashPassword returns an Argon2id PHC string
// ($argon2id$v=19$m=65536,t=3,p=4$salt$hash) with a fresh random salt, at
// DefaultHashCost.
func HashPassword(pw string) (string, error) {
	return hashPassword(pw, DefaultHashCost())
}

func hashPassword(pw string, c HashCost) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read random salt: %w", err)
	}
	key := argon2.IDKey(normalizePassword(pw), salt, c.Passes, c.MemoryKiB, c.Lanes, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, c.MemoryKiB, c.Passes, c.Lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// needsRehash reports whether a stored hash was made with another cost
// than c, or another salt or key length, so that the next successful
// sign-in replaces it. A hash that does not parse is not rehashed here:
// VerifyPassword has already refused it.
func needsRehash(phc string, c HashCost) bool {
	p, salt, key, err := parsePHC(phc)
	return err == nil && (p != c || len(salt) != saltLen || len(key) != keyLen)
}

// VerifyPassword reports whether pw matches the PHC string phc, using the
// parameters written in phc. A malformed phc is an error, not a mismatch, so
// a damaged row is noticed instead of silently locking the user out.
func VerifyPassword(phc, pw string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey(normalizePassword(pw), salt, p.Passes, p.MemoryKiB, p.Lanes, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// parsePHC splits "$argon2id$v=19$m=..,t=..,p=..$salt$hash" into its parts.
func parsePHC(phc string) (HashCost, []byte, []byte, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" {
		return HashCost{}, nil, nil, fmt.Errorf("%w: expected 5 fields", ErrMalformedHash)
	}
	if parts[1] != "argon2id" {
		return HashCost{}, nil, nil, fmt.Errorf("%w: algorithm is not argon2id", ErrMalformedHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return HashCost{}, nil, nil, fmt.Errorf("%w: unsupported version", ErrMalformedHash)
	}
	p, err := parseParams(parts[3])
	if err != nil {
		return HashCost{}, nil, nil, err
	}
	salt, err := decodeField(parts[4], "salt", minSaltLen, maxKeyLen)
	if err != nil {
		return HashCost{}, nil, nil, err
	}
	key, err := decodeField(parts[5], "hash", minKeyLen, maxKeyLen)
	if err != nil {
		return HashCost{}, nil, nil, err
	}
	return p, salt, key, nil
}

// parseParams reads "m=19456,t=2,p=1": each key exactly once, in PHC order.
func parseParams(s string) (HashCost, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return HashCost{}, fmt.Errorf("%w: expected m, t and p", ErrMalformedHash)
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return HashCost{}, fmt.Errorf("%w: expected parameter %s", ErrMalformedHash, name)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return HashCost{}, fmt.Errorf("%w: parameter %s is not a number", ErrMalformedHash, name)
		}
		vals[i] = n
	}
	p := HashCost{MemoryKiB: uint32(vals[0]), Passes: uint32(vals[1])}
	if vals[2] < 1 || vals[2] > 255 || vals[1] < 1 || vals[1] > maxTime ||
		vals[0] < 8*vals[2] || vals[0] > maxMemory {
		return HashCost{}, fmt.Errorf("%w: parameters out of range", ErrMalformedHash)
	}
	p.Lanes = uint8(vals[2])
	return p, nil
}

func decodeField(s, name string, minLen, maxLen int) ([]byte, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not base64", ErrMalformedHash, name)
	}
	if len(b) < minLen || len(b) > maxLen {
		return nil, fmt.Errorf("%w: %s has the wrong length", ErrMalformedHash, name)
	}
	return b, nil
}

// dummyHash is a hash of a random password, made on first use at the
// service's cost. Checking a sign-in for an unknown username against it
// costs the same time as a real check, so response time does not reveal
// which usernames exist. (An account whose hash still has older parameters
// answers at their cost until its next sign-in rehashes it.)
type dummyHash struct {
	once sync.Once
	phc  string
	err  error
}

func (d *dummyHash) get(c HashCost) (string, error) {
	d.once.Do(func() {
		pw := make([]byte, 24)
		if _, err := rand.Read(pw); err != nil {
			d.err = fmt.Errorf("make dummy hash: %w", err)
			return
		}
		d.phc, d.err = hashPassword(b64.EncodeToString(pw), c)
	})
	return d.phc, d.err
}
