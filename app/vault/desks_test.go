package vault

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

// Desks of one office: each its own handle on one database (on PostgreSQL
// each with its own data folder, as on its own PC) and its own keyring.

type desk struct {
	db *store.DB
	kr *FileKeyring
	kd string // the keyring's folder
}

// desks opens n desks on one new, migrated database.
func desks(t *testing.T, n int) []desk {
	t.Helper()
	dir, url := testdb.Place(t)
	var out []desk
	for i := range n {
		d := dir
		if url != "" && i > 0 {
			d = t.TempDir() // another PC: only the shared database is the same
		}
		db := testdb.OpenAt(t, d, url)
		if err := db.Migrate(context.Background(), Migrations, intakeMigrations); err != nil {
			t.Fatal(err)
		}
		kd := filepath.Join(t.TempDir(), "keyring")
		out = append(out, desk{db: db, kr: NewFileKeyring(kd), kd: kd})
	}
	return out
}

func (d desk) open(t *testing.T) *Vault {
	t.Helper()
	return openVault(t, d.db, d.kr)
}

// entries lists the names in a desk's keyring.
func (d desk) entries(t *testing.T) []string {
	t.Helper()
	list, err := os.ReadDir(d.kd)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

func keyRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM vault_keys`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The office's data key is wrapped once in the shared database; each desk
// asks for the passphrase once and then opens from its own keyring, without
// taking the keyring away from the desks that unlocked before it.
func TestEachDeskAsksForThePassphraseOnce(t *testing.T) {
	ctx := context.Background()
	d := desks(t, 2)
	if err := d[0].open(t).Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	second := d[1].open(t)
	if second.State() != StateLocked || !errors.Is(second.KeyringError(), ErrNoSecret) {
		t.Fatalf("second desk before the passphrase: %v, %v", second.State(), second.KeyringError())
	}
	if err := second.Unlock(ctx, testPassphrase); err != nil || second.KeyringError() != nil {
		t.Fatalf("second desk's unlock: %v, keyring %v", err, second.KeyringError())
	}
	for round := range 2 {
		for i, dk := range d {
			if v := dk.open(t); v.State() != StateUnlocked {
				t.Fatalf("round %d, desk %d opened %v from its keyring: %v", round, i+1, v.State(), v.KeyringError())
			}
		}
	}
	if n := keyRows(t, d[0].db); n != 2 {
		t.Errorf("vault_keys holds %d rows after two desks unlocked, want 2 (one passphrase wrap, one keyring wrap)", n)
	}
	e0, e1 := d[0].entries(t), d[1].entries(t)
	if len(e0) != 1 || len(e1) != 1 || e0[0] != e1[0] {
		t.Errorf("keyring entries: desk 1 %v, desk 2 %v; want one, the same name", e0, e1)
	}

	// Another database used from desk 1's PC: an entry of its own, and the
	// first database still opens.
	other := desks(t, 1)[0]
	other.kr, other.kd = d[0].kr, d[0].kd
	if err := other.open(t).Setup(ctx, "another office's passphrase"); err != nil {
		t.Fatal(err)
	}
	if names := d[0].entries(t); len(names) != 2 || names[0] == names[1] {
		t.Errorf("one PC, two databases: keyring entries %v, want two names", names)
	}
	for name, dk := range map[string]desk{"first database": d[0], "second database": other} {
		if v := dk.open(t); v.State() != StateUnlocked {
			t.Errorf("%s from the shared keyring: %v, %v", name, v.State(), v.KeyringError())
		}
	}
}

// A keyring wrap made by an older Madoguchi (a random secret, in one desk's
// keyring only) is made again with the shared secret by the first other desk
// that unlocks; the old desk asks for the passphrase once more, then every
// desk opens from its keyring.
func TestOldKeyringWrapIsSharedAfterOneUnlock(t *testing.T) {
	ctx := context.Background()
	d := desks(t, 2)
	if err := d[0].open(t).Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	raw := rawKeyForTest(t, d[0].db)
	var params string
	if err := d[0].db.QueryRow(`SELECT params FROM vault_keys WHERE wrapped_by = 'keyring'`).Scan(&params); err != nil {
		t.Fatal(err)
	}
	name := params[len(wrapKeyring)+1:]
	random := make([]byte, dataKeyLen)
	rand.Read(random)
	old, err := wrapKey(random, 1, wrapKeyring, raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d[0].db.Exec(`UPDATE vault_keys SET wrapped = ? WHERE wrapped_by = 'keyring'`, old); err != nil {
		t.Fatal(err)
	}
	if err := d[0].kr.Set(name, random); err != nil {
		t.Fatal(err)
	}
	if v := d[0].open(t); v.State() != StateUnlocked {
		t.Fatalf("the old wrap no longer opens with its random secret: %v", v.KeyringError())
	}
	if err := d[1].open(t).Unlock(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	first := d[0].open(t)
	if first.State() != StateLocked {
		t.Fatalf("desk 1 with the old secret after the wrap was made again: %v", first.State())
	}
	if err := first.Unlock(ctx, testPassphrase); err != nil || first.KeyringError() != nil {
		t.Fatalf("desk 1's unlock: %v, keyring %v", err, first.KeyringError())
	}
	for i, dk := range d {
		if v := dk.open(t); v.State() != StateUnlocked {
			t.Errorf("desk %d: %v, %v", i+1, v.State(), v.KeyringError())
		}
	}
	if e0, e1 := d[0].entries(t), d[1].entries(t); len(e0) != 1 || len(e1) != 1 || e0[0] != name || e1[0] != name {
		t.Errorf("keyring entries: %v, %v; want %s in each", e0, e1, name)
	}
}

// writeSealed writes plain sealed by v into apps, in a transaction that
// holds the key, as every owning package does.
func writeSealed(ctx context.Context, v *Vault, db *store.DB, id int, plain string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := v.Hold(ctx, tx); err != nil {
			return err
		}
		sealed, err := v.Seal([]byte(plain))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO apps (id, answers) VALUES (?, ?)`, id, sealed)
		return err
	})
}

func readSealed(t *testing.T, v *Vault, db *store.DB, id int) (string, error) {
	t.Helper()
	var sealed []byte
	if err := db.QueryRow(`SELECT answers FROM apps WHERE id = ?`, id).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	plain, err := v.Open(sealed)
	return string(plain), err
}

// A desk that still holds the key another desk retired writes nothing under
// it: its transaction fails with vault.error.keyChanged and its vault is
// locked until the data is opened again with the passphrase.
func TestDeskWithARetiredKeyFailsClosed(t *testing.T) {
	ctx := context.Background()
	d := desks(t, 3)
	a := d[0].open(t)
	if err := a.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	b, c := d[1].open(t), d[2].open(t)
	for _, v := range []*Vault{b, c} {
		if err := v.Unlock(ctx, testPassphrase); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeSealed(ctx, b, d[1].db, 1, "before the rotation"); err != nil {
		t.Fatal(err)
	}
	const newPassphrase = "the office's passphrase for 2027"
	if err := a.Rotate(ctx, newPassphrase, appsResealer); err != nil {
		t.Fatal(err)
	}

	err := writeSealed(ctx, b, d[1].db, 2, "after the rotation")
	if !errors.Is(err, ErrKeyChanged) || problemID(err) != "vault.error.keyChanged" {
		t.Fatalf("write with the retired key: %v, want vault.error.keyChanged", err)
	}
	if b.State() != StateLocked || !errors.Is(b.KeyringError(), ErrKeyChanged) {
		t.Fatalf("after the failed write desk 2 is %v, %v; want locked", b.State(), b.KeyringError())
	}
	var n int
	d[0].db.QueryRow(`SELECT COUNT(*) FROM apps`).Scan(&n)
	if n != 1 {
		t.Fatalf("apps holds %d rows: the refused write was made", n)
	}
	if _, err := b.Seal([]byte("x")); !errors.Is(err, ErrLocked) {
		t.Fatalf("seal after the key changed: %v, want ErrLocked", err)
	}
	if err := b.Rotate(ctx, testPassphrase); !errors.Is(err, ErrLocked) {
		t.Fatalf("rotate after the key changed: %v, want ErrLocked", err)
	}

	// Desk 3 has not written since: reading a value under the new key tells
	// it what happened, not "a key this database does not have".
	if _, err := readSealed(t, c, d[2].db, 1); !errors.Is(err, ErrKeyChanged) || c.State() != StateLocked {
		t.Fatalf("desk 3 reading after the rotation: %v, %v; want vault.error.keyChanged and locked", err, c.State())
	}

	// Opened again, desk 2 writes under the live key, and keeps it in its
	// keyring under the rotated key's entry.
	if err := b.Unlock(ctx, testPassphrase); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("the retired passphrase: %v", err)
	}
	if err := b.Unlock(ctx, newPassphrase); err != nil || b.KeyringError() != nil {
		t.Fatalf("unlock with the new passphrase: %v, keyring %v", err, b.KeyringError())
	}
	if err := writeSealed(ctx, b, d[1].db, 2, "after the rotation"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int]string{1: "before the rotation", 2: "after the rotation"} {
		if got, err := readSealed(t, a, d[0].db, id); err != nil || got != want {
			t.Errorf("desk 1 reads %d: %q, %v", id, got, err)
		}
	}
	if v := d[1].open(t); v.State() != StateUnlocked {
		t.Errorf("desk 2 after a restart: %v, %v", v.State(), v.KeyringError())
	}
}

// A desk that rotates with a key another desk already retired changes
// nothing.
func TestRotationWithARetiredKeyIsRefused(t *testing.T) {
	ctx := context.Background()
	d := desks(t, 2)
	a := d[0].open(t)
	if err := a.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	b := d[1].open(t)
	if err := b.Unlock(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if err := a.Rotate(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if err := b.Rotate(ctx, testPassphrase); !errors.Is(err, ErrKeyChanged) || b.State() != StateLocked {
		t.Fatalf("second rotation with the retired key: %v, %v", err, b.State())
	}
	if live, err := a.liveKeyID(ctx, d[0].db, lockNone); err != nil || live != 2 {
		t.Fatalf("live key after the refused rotation: %d, %v; want 2", live, err)
	}
	if err := writeSealed(ctx, a, d[0].db, 1, "x"); err != nil {
		t.Fatalf("the rotating desk after the refused rotation: %v", err)
	}
}

// A rotation and the transactions of other desks never interleave: a
// rotation waits for a transaction that holds the key, and re-seals what it
// wrote; a transaction that begins during a rotation waits for it, then
// fails closed.
func TestRotationAndWritersTakeTurns(t *testing.T) {
	ctx := context.Background()
	d := desks(t, 2)
	a := d[0].open(t)
	if err := a.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	b := d[1].open(t)
	if err := b.Unlock(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}

	// Desk 2 holds the key and writes; desk 1's rotation waits for it.
	tx, err := d[1].db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := b.Hold(ctx, tx); err != nil {
		t.Fatal(err)
	}
	sealed, _ := b.Seal([]byte("written while the rotation waited"))
	if _, err := tx.ExecContext(ctx, `INSERT INTO apps (id, answers) VALUES (1, ?)`, sealed); err != nil {
		t.Fatal(err)
	}
	rotated := make(chan error, 1)
	go func() { rotated <- a.Rotate(ctx, testPassphrase, appsResealer) }()
	select {
	case err := <-rotated:
		t.Fatalf("the rotation did not wait for the desk holding the key: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-rotated; err != nil {
		t.Fatal(err)
	}
	var stored []byte
	d[0].db.QueryRow(`SELECT answers FROM apps WHERE id = 1`).Scan(&stored)
	if keyIDOf(stored) != 2 {
		t.Fatalf("the value written while the rotation waited is under key %d, want 2", keyIDOf(stored))
	}
	if got, err := a.Open(stored); err != nil || string(got) != "written while the rotation waited" {
		t.Fatalf("after the rotation: %q, %v", got, err)
	}

	// Desk 1 rotates again; desk 2, opened again with key 2, begins a write
	// while the rotation is under way: it waits, then fails closed.
	if err := b.Unlock(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	inside, release := make(chan struct{}), make(chan struct{})
	slow := func(context.Context, *sql.Tx, *Rekey) error {
		close(inside)
		<-release
		return nil
	}
	go func() { rotated <- a.Rotate(ctx, testPassphrase, appsResealer, slow) }()
	<-inside
	wrote := make(chan error, 1)
	go func() { wrote <- writeSealed(ctx, b, d[1].db, 2, "during the rotation") }()
	select {
	case err := <-wrote:
		t.Fatalf("a write went through during the rotation: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if err := <-rotated; err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("write begun during the rotation: %v, want ErrKeyChanged", err)
	}
	var n int
	d[0].db.QueryRow(`SELECT COUNT(*) FROM apps`).Scan(&n)
	if n != 1 {
		t.Fatalf("apps holds %d rows, want 1", n)
	}
}
