package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"madoguchi/app/store"
)

// sealRecord seals plain for rec in its own transaction.
func sealRecord(t *testing.T, v *Vault, rec Record, plain string) []byte {
	t.Helper()
	var sealed []byte
	err := v.db.Tx(context.Background(), func(tx *sql.Tx) (err error) {
		sealed, err = v.SealRecord(context.Background(), tx, rec, []byte(plain))
		return err
	})
	if err != nil {
		t.Fatalf("SealRecord(%s): %v", rec, err)
	}
	return sealed
}

func TestRecordValues(t *testing.T) {
	ctx := context.Background()
	v, db := unlockedVault(t)
	a, b := Record{"intake.number", 1}, Record{"intake.number", 2}
	sealedA := sealRecord(t, v, a, "123456789018")
	sealedB := sealRecord(t, v, b, "983205673214")

	tests := []struct {
		name   string
		rec    Record
		sealed []byte
		want   string
		err    error
	}{
		{"own record opens", a, sealedA, "123456789018", nil},
		{"second record opens", b, sealedB, "983205673214", nil},
		{"a value moved to another record fails", b, sealedA, "", ErrDamaged},
		{"another kind with the same ID fails", Record{"lostcard.number", 1}, sealedA, "", ErrShredded},
		{"truncated value fails", a, sealedA[:10], "", ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.OpenRecord(ctx, db, tt.rec, tt.sealed)
			if !errors.Is(err, tt.err) {
				t.Fatalf("OpenRecord: err %v, want %v", err, tt.err)
			}
			if string(got) != tt.want {
				t.Errorf("OpenRecord = %q, want %q", got, tt.want)
			}
		})
	}
	if bytes.Contains(sealedA, []byte("123456789018")) {
		t.Error("the sealed value holds the plaintext")
	}
}

// TestShredMakesEveryCopyUnreadable is the promise of destruction: a copy
// of the sealed value taken before (a backup, a free page) stays unreadable
// even with the data key, and the key's row is gone from the file and WAL.
func TestShredMakesEveryCopyUnreadable(t *testing.T) {
	ctx := context.Background()
	v, db := unlockedVault(t)
	rec := Record{"intake.number", 7}
	copyBefore := sealRecord(t, v, rec, "123456789018")
	var wrapped []byte
	if err := db.QueryRow(`SELECT wrapped FROM vault_record_keys`).Scan(&wrapped); err != nil {
		t.Fatal(err)
	}
	var existed bool
	err := db.Tx(ctx, func(tx *sql.Tx) (err error) {
		existed, err = v.Shred(ctx, tx, rec)
		return err
	})
	if err != nil || !existed {
		t.Fatalf("Shred = %v, %v; want true, nil", existed, err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := v.OpenRecord(ctx, db, rec, copyBefore); !errors.Is(err, ErrShredded) || problemID(err) != "vault.error.shredded" {
		t.Errorf("OpenRecord after Shred: %v, want ErrShredded with its problem", err)
	}
	for _, name := range []string{db.Path, db.Path + "-wal"} {
		if db.Engine != store.SQLite {
			break // the server's files are its own; the row is gone (ErrShredded above)
		}
		raw, err := os.ReadFile(name)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, wrapped[8:]) {
			t.Errorf("%s still holds the shredded record key", name)
		}
	}
	if again, err := shredIn(ctx, v, rec); err != nil || again {
		t.Errorf("second Shred = %v, %v; want false, nil", again, err)
	}
}

func shredIn(ctx context.Context, v *Vault, rec Record) (existed bool, err error) {
	err = v.db.Tx(ctx, func(tx *sql.Tx) (err error) {
		existed, err = v.Shred(ctx, tx, rec)
		return err
	})
	return existed, err
}

func TestRotateKeepsRecordValuesReadable(t *testing.T) {
	ctx := context.Background()
	v, db := unlockedVault(t)
	rec := Record{"intake.number", 3}
	sealed := sealRecord(t, v, rec, "123456789000")
	if err := v.Rotate(ctx, testPassphrase); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	got, err := v.OpenRecord(ctx, db, rec, sealed)
	if err != nil || string(got) != "123456789000" {
		t.Fatalf("after rotation OpenRecord = %q, %v", got, err)
	}
}

func TestRecordValuesNeedAnUnlockedVault(t *testing.T) {
	ctx := context.Background()
	v, db := unlockedVault(t)
	rec := Record{"intake.number", 4}
	sealed := sealRecord(t, v, rec, "123456789050")
	locked := openVault(t, db, nil)
	if _, err := locked.OpenRecord(ctx, db, rec, sealed); !errors.Is(err, ErrLocked) {
		t.Errorf("locked OpenRecord: %v, want ErrLocked", err)
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := locked.SealRecord(ctx, tx, Record{"intake.number", 5}, []byte("x"))
		return err
	})
	if !errors.Is(err, ErrLocked) {
		t.Errorf("locked SealRecord: %v, want ErrLocked", err)
	}
}

func TestCheckPassphrase(t *testing.T) {
	tests := []struct {
		pass, confirm string
		want          []string // field:id
	}{
		{"correct horse battery staple", "correct horse battery staple", nil},
		{"ｃｏｒｒｅｃｔ horse battery", "correct horse battery", nil}, // full width from an IME
		{"short", "short", []string{"passphrase:vault.passphrase.error.tooShort"}},
		{"correct horse battery staple", "correct horse battery stapel", []string{"passphraseConfirm:vault.passphrase.error.mismatch"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range CheckPassphrase(tt.pass, tt.confirm) {
			got = append(got, p.Field+":"+p.ID)
		}
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("CheckPassphrase(%q, %q) = %v, want %v", tt.pass, tt.confirm, got, tt.want)
		}
	}
}
