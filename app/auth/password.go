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

// Argon2id parameters for new hashes: the OWASP minimum (19 MiB, 2 passes,
// 1 lane), chosen so a sign-in stays quick on an old counter PC. Stored
// hashes carry their own parameters, so these can be raised later without
// breaking existing accounts.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
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

type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
}

// normalizePassword applies NFKC, so a password typed with a Japanese IME in
// full-width mode (ｐａｓｓ) matches the same password typed half-width, as
// NIST SP 800-63B recommends. Hash and verify must both go through here.
func normalizePassword(pw string) []byte {
	return []byte(norm.NFKC.String(pw))
}

// HashPassword returns an Argon2id PHC string
// ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) with a fresh random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read random salt: %w", err)
	}
	p := argonParams{memory: argonMemory, time: argonTime, threads: argonThreads}
	key := argon2.IDKey(normalizePassword(pw), salt, p.time, p.memory, p.threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC string phc, using the
// parameters written in phc. A malformed phc is an error, not a mismatch, so
// a damaged row is noticed instead of silently locking the user out.
func VerifyPassword(phc, pw string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey(normalizePassword(pw), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// parsePHC splits "$argon2id$v=19$m=..,t=..,p=..$salt$hash" into its parts.
func parsePHC(phc string) (argonParams, []byte, []byte, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" {
		return argonParams{}, nil, nil, fmt.Errorf("%w: expected 5 fields", ErrMalformedHash)
	}
	if parts[1] != "argon2id" {
		return argonParams{}, nil, nil, fmt.Errorf("%w: algorithm is not argon2id", ErrMalformedHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return argonParams{}, nil, nil, fmt.Errorf("%w: unsupported version", ErrMalformedHash)
	}
	p, err := parseParams(parts[3])
	if err != nil {
		return argonParams{}, nil, nil, err
	}
	salt, err := decodeField(parts[4], "salt", minSaltLen, maxKeyLen)
	if err != nil {
		return argonParams{}, nil, nil, err
	}
	key, err := decodeField(parts[5], "hash", minKeyLen, maxKeyLen)
	if err != nil {
		return argonParams{}, nil, nil, err
	}
	return p, salt, key, nil
}

// parseParams reads "m=19456,t=2,p=1": each key exactly once, in PHC order.
func parseParams(s string) (argonParams, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return argonParams{}, fmt.Errorf("%w: expected m, t and p", ErrMalformedHash)
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return argonParams{}, fmt.Errorf("%w: expected parameter %s", ErrMalformedHash, name)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return argonParams{}, fmt.Errorf("%w: parameter %s is not a number", ErrMalformedHash, name)
		}
		vals[i] = n
	}
	p := argonParams{memory: uint32(vals[0]), time: uint32(vals[1])}
	if vals[2] < 1 || vals[2] > 255 || vals[1] < 1 || vals[1] > maxTime ||
		vals[0] < 8*vals[2] || vals[0] > maxMemory {
		return argonParams{}, fmt.Errorf("%w: parameters out of range", ErrMalformedHash)
	}
	p.threads = uint8(vals[2])
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

// dummyHash is a hash of a random password, made on first use. Checking a
// sign-in for an unknown username against it costs the same time as a real
// check, so response time does not reveal which usernames exist.
type dummyHash struct {
	once sync.Once
	phc  string
	err  error
}

func (d *dummyHash) get() (string, error) {
	d.once.Do(func() {
		pw := make([]byte, 24)
		if _, err := rand.Read(pw); err != nil {
			d.err = fmt.Errorf("make dummy hash: %w", err)
			return
		}
		d.phc, d.err = HashPassword(b64.EncodeToString(pw))
	})
	return d.phc, d.err
}
