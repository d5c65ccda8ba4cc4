package auth

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// testCost is the least Argon2id allows: the tests of everything else than
// the cost itself stay fast. TestHashPasswordFormat runs the real one.
var testCost = HashCost{MemoryKiB: 64, Passes: 1, Lanes: 1}

// The real cost, once: RFC 9106's second recommended option, above the
// OWASP minimum the hashes had before (19 MiB, 2 passes, 1 lane).
func TestHashPasswordFormat(t *testing.T) {
	phc, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "$argon2id$v=19$m=65536,t=3,p=4$"
	if !strings.HasPrefix(phc, prefix) {
		t.Fatalf("hash %q does not start with %q", phc, prefix)
	}
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		t.Fatalf("own hash does not parse: %v", err)
	}
	if p != DefaultHashCost() || p != (HashCost{MemoryKiB: 65536, Passes: 3, Lanes: 4}) || len(salt) != 16 || len(key) != 32 {
		t.Fatalf("params %+v, salt %d bytes, key %d bytes; want 64 MiB, 3 passes, 4 lanes, 16, 32", p, len(salt), len(key))
	}
	if old := (HashCost{MemoryKiB: 19456, Passes: 2, Lanes: 1}); uint64(p.MemoryKiB)*uint64(p.Passes) <= uint64(old.MemoryKiB)*uint64(old.Passes) {
		t.Fatalf("cost %+v is not above the OWASP minimum %+v", p, old)
	}
	if strings.Contains(phc, "correct horse") {
		t.Fatal("hash contains the password")
	}
}

func TestVerifyPassword(t *testing.T) {
	const pw = "correct horse battery"
	phc, err := hashPassword(pw, testCost)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		input string
		want  bool
	}{
		{"same password", pw, true},
		{"wrong password", "correct horse battery!", false},
		{"different case", "Correct horse battery", false},
		{"empty", "", false},
		{"full-width input matches half-width hash", "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := VerifyPassword(phc, tc.input)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("VerifyPassword = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHashPasswordSalted(t *testing.T) {
	a, err := hashPassword("same password here", testCost)
	if err != nil {
		t.Fatal(err)
	}
	b, err := hashPassword("same password here", testCost)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two hashes of the same password are equal: salt is not random")
	}
}

// A hash made with other parameters must still verify, proving they are
// read from the string rather than assumed.
func TestVerifyPasswordReadsParams(t *testing.T) {
	salt := []byte("0123456789abcdef")
	tests := []struct{ m, t, p uint32 }{
		{8192, 1, 2},
		{32768, 3, 1},
		{19456, 2, 4},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("m=%d,t=%d,p=%d", tc.m, tc.t, tc.p), func(t *testing.T) {
			key := argon2.IDKey([]byte("a long password"), salt, tc.t, tc.m, uint8(tc.p), 32)
			phc := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", tc.m, tc.t, tc.p, b64.EncodeToString(salt), b64.EncodeToString(key))
			ok, err := VerifyPassword(phc, "a long password")
			if err != nil || !ok {
				t.Fatalf("VerifyPassword = %v, %v; want true", ok, err)
			}
			ok, err = VerifyPassword(phc, "another password")
			if err != nil || ok {
				t.Fatalf("wrong password: VerifyPassword = %v, %v; want false", ok, err)
			}
		})
	}
}

// A hash is replaced at sign-in when it was made at another cost than the
// service's, whichever way the cost moved.
func TestNeedsRehash(t *testing.T) {
	salt := b64.EncodeToString([]byte("0123456789abcdef"))
	key := b64.EncodeToString(make([]byte, 32))
	phc := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	tests := []struct {
		name   string
		phc    string
		rehash bool
	}{
		{"the OWASP minimum of earlier versions", phc("m=19456,t=2,p=1"), true},
		{"the current cost", phc("m=65536,t=3,p=4"), false},
		{"more than the current cost", phc("m=131072,t=3,p=4"), true},
		{"other lanes", phc("m=65536,t=3,p=1"), true},
		{"a short key", "$argon2id$v=19$m=65536,t=3,p=4$" + salt + "$" + b64.EncodeToString(make([]byte, 16)), true},
		{"damaged: left to VerifyPassword", "$argon2id$v=19$garbage", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := needsRehash(tc.phc, DefaultHashCost()); got != tc.rehash {
				t.Errorf("needsRehash = %v, want %v", got, tc.rehash)
			}
		})
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	salt := b64.EncodeToString([]byte("0123456789abcdef"))
	key := b64.EncodeToString(make([]byte, 32))
	good := "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key
	if _, err := VerifyPassword(good, "x"); err != nil {
		t.Fatalf("control case rejected: %v", err)
	}
	tests := map[string]string{
		"empty":              "",
		"no leading dollar":  strings.TrimPrefix(good, "$"),
		"argon2i":            strings.Replace(good, "argon2id", "argon2i", 1),
		"bcrypt":             "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
		"old version":        strings.Replace(good, "v=19", "v=16", 1),
		"missing version":    "$argon2id$m=19456,t=2,p=1$" + salt + "$" + key,
		"params reordered":   strings.Replace(good, "m=19456,t=2,p=1", "t=2,m=19456,p=1", 1),
		"param missing":      strings.Replace(good, "m=19456,t=2,p=1", "m=19456,t=2", 1),
		"param not a number": strings.Replace(good, "t=2", "t=two", 1),
		"negative memory":    strings.Replace(good, "m=19456", "m=-1", 1),
		"zero time":          strings.Replace(good, "t=2", "t=0", 1),
		"zero threads":       strings.Replace(good, "p=1", "p=0", 1),
		"memory too large":   strings.Replace(good, "m=19456", "m=4194304", 1),
		"memory below 8*p":   strings.Replace(good, "m=19456,t=2,p=1", "m=8,t=2,p=4", 1),
		"salt not base64":    "$argon2id$v=19$m=19456,t=2,p=1$!!!$" + key,
		"salt too short":     "$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString([]byte("abc")) + "$" + key,
		"hash too short":     "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + b64.EncodeToString([]byte("short")),
		"padded base64":      "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "=",
		"extra field":        good + "$extra",
		"missing hash":       "$argon2id$v=19$m=19456,t=2,p=1$" + salt,
	}
	for name, phc := range tests {
		t.Run(name, func(t *testing.T) {
			ok, err := VerifyPassword(phc, "x")
			if err == nil || ok {
				t.Fatalf("VerifyPassword(%q) = %v, %v; want error", phc, ok, err)
			}
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("error %v is not ErrMalformedHash", err)
			}
			if len(phc) > 10 && strings.Contains(err.Error(), phc) {
				t.Fatal("error message repeats the stored hash")
			}
		})
	}
}
