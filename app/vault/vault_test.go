package vault

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

// testKDF keeps Argon2id cheap in tests; TestDefaultKDFUnlocks runs the real one.
var testKDF = kdfParams{memory: 64, time: 1, threads: 1}

const testPassphrase = "correct horse battery staple"

// newDB opens a new migrated database on the test run's engine (testdb).
func newDB(t *testing.T) *store.DB {
	t.Helper()
	return testdb.Migrated(t, Migrations)
}

// openVault is Open with the cheap test KDF.
func openVault(t *testing.T, db *store.DB, kr Keyring) *Vault {
	t.Helper()
	v, err := Open(context.Background(), db, kr)
	if err != nil {
		t.Fatalf("open vault: %v", err)
	}
	v.kdf = testKDF
	return v
}

// unlockedVault is a set-up vault on a fresh database.
func unlockedVault(t *testing.T) (*Vault, *store.DB) {
	t.Helper()
	db := newDB(t)
	v := openVault(t, db, nil)
	if err := v.Setup(context.Background(), testPassphrase); err != nil {
		t.Fatalf("setup: %v", err)
	}
	return v, db
}

// problemID is the message ID of the one problem in err, or "".
func problemID(err error) string {
	if l := problem.From(err); len(l) == 1 {
		return l[0].ID
	}
	return ""
}

var samples = [][]byte{nil, {}, []byte("山田 太郎"), []byte("123456789018"), {0x00, 0x01, 0xff}, bytes.Repeat([]byte("x"), 100000)}

func TestPlainSealOpenRoundTrip(t *testing.T) {
	v := NewPlain()
	for _, plain := range samples {
		sealed, err := v.Seal(plain)
		if err != nil {
			t.Fatalf("seal %.20q: %v", plain, err)
		}
		if len(sealed) != len(plain)+1 || sealed[0] != 0x00 {
			t.Fatalf("seal %.20q = %.20x, want 0x00 prefix then the plaintext", plain, sealed)
		}
		got, err := v.Open(sealed)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("open(seal(%.20q)) = %.20q, %v", plain, got, err)
		}
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	v, _ := unlockedVault(t)
	for _, plain := range samples {
		sealed, err := v.Seal(plain)
		if err != nil {
			t.Fatalf("seal %.20q: %v", plain, err)
		}
		if sealed[0] != 0x01 || len(sealed) != len(plain)+1+4+12+16 {
			t.Fatalf("seal %.20q = %.20x (len %d): want format 0x01 and 33 bytes of overhead", plain, sealed, len(sealed))
		}
		if len(plain) > 0 && bytes.Contains(sealed, plain) {
			t.Fatalf("sealed value contains its plaintext")
		}
		got, err := v.Open(sealed)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("open(seal(%.20q)) = %.20q, %v", plain, got, err)
		}
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	v, _ := unlockedVault(t)
	a, _ := v.Seal([]byte("same"))
	b, _ := v.Seal([]byte("same"))
	if bytes.Equal(a, b) {
		t.Fatal("sealing the same value twice gave the same bytes: the nonce is not random")
	}
}

func TestOpenDoesNotAlias(t *testing.T) {
	for name, v := range map[string]*Vault{"plain": NewPlain(), "aes-gcm": func() *Vault { v, _ := unlockedVault(t); return v }()} {
		sealed, _ := v.Seal([]byte("abc"))
		got, _ := v.Open(sealed)
		for i := range sealed {
			sealed[i] ^= 0xff
		}
		if string(got) != "abc" {
			t.Errorf("%s: Open result changed with its input: %q", name, got)
		}
	}
}

// Every byte after the format byte is authenticated: any change is refused,
// never opened as something else.
func TestTamperedValueFails(t *testing.T) {
	v, _ := unlockedVault(t)
	sealed, err := v.Seal([]byte("東京都千代田区霞が関1-2-3"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(sealed); i++ {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(sealed)
			bad[i] ^= bit
			got, err := v.Open(bad)
			if err == nil {
				t.Fatalf("byte %d ^ %02x: opened as %q", i, bit, got)
			}
			wantErr, wantID := ErrDamaged, "vault.error.damaged"
			if i < headerLen { // the key ID
				wantErr, wantID = ErrUnknownKey, "vault.error.unknownKey"
			}
			if !errors.Is(err, wantErr) || problemID(err) != wantID {
				t.Fatalf("byte %d ^ %02x: %v; want %v with problem %s", i, bit, err, wantErr, wantID)
			}
		}
	}
	for _, n := range []int{0, 1, headerLen, headerLen + nonceLen, len(sealed) - 1} {
		if _, err := v.Open(sealed[:n]); err == nil {
			t.Errorf("value cut to %d bytes opened", n)
		}
	}
}

// Two databases both number their first key 1: a value copied from one into
// the other must not open.
func TestValueFromAnotherDatabaseFails(t *testing.T) {
	a, _ := unlockedVault(t)
	b, _ := unlockedVault(t)
	sealed, _ := a.Seal([]byte("x"))
	if _, err := b.Open(sealed); !errors.Is(err, ErrDamaged) {
		t.Fatalf("open another database's value: %v, want ErrDamaged", err)
	}
}

func TestLegacyPlainValuesStayReadable(t *testing.T) {
	legacy := append([]byte{0x00}, "山田 太郎"...)
	unlocked, db := unlockedVault(t)
	locked := openVault(t, db, nil)
	fresh := openVault(t, newDB(t), nil)
	for name, v := range map[string]*Vault{"unlocked": unlocked, "locked": locked, "needs setup": fresh, "plain": NewPlain(), "zero": {}} {
		got, err := v.Open(legacy)
		if err != nil || string(got) != "山田 太郎" {
			t.Errorf("%s: open legacy value = %q, %v", name, got, err)
		}
	}
	sealed, _ := unlocked.Seal([]byte("山田 太郎"))
	if sealed[0] != 0x01 {
		t.Errorf("a vault with a key wrote format 0x%02x", sealed[0])
	}
}

func TestOpenRejectsUnknownFormats(t *testing.T) {
	v, _ := unlockedVault(t)
	for _, sealed := range [][]byte{nil, {}, {0x02}, {0xff, 'x', 'y'}, []byte(`{"name":"x"}`)} {
		got, err := v.Open(sealed)
		if !errors.Is(err, ErrUnknownFormat) || problemID(err) != "vault.error.damaged" {
			t.Errorf("Open(%x) = %q, %v; want ErrUnknownFormat", sealed, got, err)
		}
	}
}

// A vault that has a key but is locked, or is not set up yet, never falls
// back to writing plaintext.
func TestNoPlaintextWithoutKey(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	fresh := openVault(t, db, nil)
	if fresh.State() != StateNeedsSetup {
		t.Fatalf("state of a new database = %v", fresh.State())
	}
	if got, err := fresh.Seal([]byte("x")); got != nil || !errors.Is(err, ErrNotSetUp) || problemID(err) != "vault.error.notSetUp" {
		t.Fatalf("seal before setup = %x, %v", got, err)
	}
	if err := fresh.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	sealed, _ := fresh.Seal([]byte("x"))
	locked := openVault(t, db, nil)
	if locked.State() != StateLocked {
		t.Fatalf("state after setup, no keyring = %v", locked.State())
	}
	if got, err := locked.Seal([]byte("x")); got != nil || !errors.Is(err, ErrLocked) || problemID(err) != "vault.error.locked" {
		t.Fatalf("seal while locked = %x, %v", got, err)
	}
	if got, err := locked.Open(sealed); got != nil || !errors.Is(err, ErrLocked) {
		t.Fatalf("open while locked = %q, %v", got, err)
	}
	var zero Vault
	if got, err := zero.Seal([]byte("x")); got != nil || !errors.Is(err, ErrLocked) {
		t.Fatalf("seal with a zero Vault = %x, %v", got, err)
	}
	if err := zero.Unlock(ctx, testPassphrase); err == nil {
		t.Fatal("unlock of a zero Vault succeeded")
	}
}
