package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"testing"
)

// The audit key is HKDF of the data key under its own label: neither the
// data key nor the blind key.
func TestAuditKeyIsDerivedUnderItsOwnLabel(t *testing.T) {
	v, db := unlockedVault(t)
	raw := rawKeyForTest(t, db)
	want, err := deriveAuditKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	blind, _ := deriveBlindKey(raw)
	got, err := v.AuditKey()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || bytes.Equal(got, raw) || bytes.Equal(got, blind) {
		t.Fatalf("audit key %x: want %x, distinct from the data and blind keys", got, want)
	}
}

func TestAuditKeyByState(t *testing.T) {
	db := newDB(t)
	v := openVault(t, db, nil)
	if k, err := v.AuditKey(); k != nil || err != nil {
		t.Fatalf("before setup: %x, %v; want no key, no error", k, err)
	}
	if k, err := NewPlain().AuditKey(); k != nil || err != nil {
		t.Fatalf("plain vault: %x, %v; want no key, no error", k, err)
	}
	if err := v.Setup(context.Background(), testPassphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := openVault(t, db, nil).AuditKey(); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked vault: %v, want ErrLocked", err)
	}
}

// A rotation hands resealers the old and the new audit key, and the vault
// keys with the new one afterwards.
func TestRotationHandsBothAuditKeys(t *testing.T) {
	v, _ := unlockedVault(t)
	before, _ := v.AuditKey()
	var from, to []byte
	capture := func(_ context.Context, _ *sql.Tx, rk *Rekey) error {
		from, to = rk.AuditKeys()
		return nil
	}
	if err := v.Rotate(context.Background(), testPassphrase, capture); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	after, _ := v.AuditKey()
	if !bytes.Equal(from, before) || !bytes.Equal(to, after) || bytes.Equal(before, after) {
		t.Fatalf("from %x to %x; vault before %x, after %x", from, to, before, after)
	}
}
