package vault

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"testing"
)

func blinder(t *testing.T, v *Vault) *Blinder {
	t.Helper()
	b, err := v.Blinder()
	if err != nil {
		t.Fatalf("blinder: %v", err)
	}
	return b
}

// A term is HMAC-SHA-256 under a key derived from the data key, never a hash
// of the value alone: recomputed here from the raw data key by hand.
func TestTermIsKeyedByTheDataKey(t *testing.T) {
	v, db := unlockedVault(t)
	derived, err := deriveBlindKey(rawKeyForTest(t, db))
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, derived)
	mac.Write([]byte("\x05birth1990-04-01"))
	want := int64(binary.BigEndian.Uint64(mac.Sum(nil)))
	if got := blinder(t, v).Term("birth", "1990-04-01"); got != want {
		t.Fatalf("term = %d, want %d", got, want)
	}
	unkeyed := sha256.Sum256([]byte("birth\x001990-04-01"))
	if got := blinder(t, v).Term("birth", "1990-04-01"); got == int64(binary.BigEndian.Uint64(unkeyed[:])) {
		t.Fatal("the term is a plain hash of the value")
	}
}

func TestTermsSeparateDomainsAndDatabases(t *testing.T) {
	a, _ := unlockedVault(t)
	b, _ := unlockedVault(t)
	ba, bb := blinder(t, a), blinder(t, b)
	tests := []struct {
		name string
		x, y int64
		same bool
	}{
		{"same value, same domain", ba.Term("name", "山田"), ba.Term("name", "山田"), true},
		{"same value, other domain", ba.Term("name", "山田"), ba.Term("reading", "山田"), false},
		{"domain and value not run together", ba.Term("name", "a\x00b"), ba.Term("name\x00a", "b"), false},
		{"other value", ba.Term("name", "山田"), ba.Term("name", "山口"), false},
		{"another database's key", ba.Term("name", "山田"), bb.Term("name", "山田"), false},
	}
	for _, tt := range tests {
		if (tt.x == tt.y) != tt.same {
			t.Errorf("%s: equal = %v, want %v", tt.name, tt.x == tt.y, tt.same)
		}
	}
}

// A rotation hands resealers the new key's blinder, and afterwards the vault
// makes terms under the new key: terms written before no longer match.
func TestRotationChangesTerms(t *testing.T) {
	ctx := context.Background()
	v, _ := unlockedVault(t)
	before := blinder(t, v).Term("birth", "1990-04-01")
	var during int64
	capture := func(_ context.Context, _ *sql.Tx, rk *Rekey) error {
		during = rk.Blinder().Term("birth", "1990-04-01")
		return nil
	}
	if err := v.Rotate(ctx, testPassphrase, capture); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	after := blinder(t, v).Term("birth", "1990-04-01")
	if after == before {
		t.Fatal("the rotation kept the blind key")
	}
	if during != after {
		t.Fatalf("resealer's term %d, vault's after rotation %d", during, after)
	}
}

func TestLockedVaultMakesNoTerms(t *testing.T) {
	db := newDB(t)
	v := openVault(t, db, nil)
	if _, err := v.Blinder(); !errors.Is(err, ErrNotSetUp) {
		t.Fatalf("blinder before setup: %v, want ErrNotSetUp", err)
	}
	if err := v.Setup(context.Background(), testPassphrase); err != nil {
		t.Fatal(err)
	}
	locked := openVault(t, db, nil)
	if _, err := locked.Blinder(); !errors.Is(err, ErrLocked) {
		t.Fatalf("blinder of a locked vault: %v, want ErrLocked", err)
	}
}
