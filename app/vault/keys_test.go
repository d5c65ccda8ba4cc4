package vault

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
)

func TestPassphraseUnlocks(t *testing.T) {
	ctx := context.Background()
	v, db := unlockedVault(t)
	sealed, _ := v.Seal([]byte("山田 太郎"))

	for _, c := range []struct {
		name, passphrase string
		wantID           string
	}{
		{"wrong", "correct horse battery stapler", "vault.error.wrongPassphrase"},
		{"empty", "", "vault.error.wrongPassphrase"},
		{"case differs", strings.ToUpper(testPassphrase), "vault.error.wrongPassphrase"},
		{"very long", strings.Repeat("長", 100000), "vault.error.wrongPassphrase"},
		{"right", testPassphrase, ""},
		{"right, typed full-width with an IME", "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ　ｓｔａｐｌｅ", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			locked := openVault(t, db, nil)
			err := locked.Unlock(ctx, c.passphrase)
			if got := problemID(err); got != c.wantID {
				t.Fatalf("unlock: %v; want problem %q", err, c.wantID)
			}
			if c.wantID != "" {
				if !errors.Is(err, ErrWrongPassphrase) || locked.State() != StateLocked {
					t.Fatalf("after a wrong passphrase: %v, state %v", err, locked.State())
				}
				if strings.Contains(err.Error(), c.passphrase) && c.passphrase != "" {
					t.Fatal("the error repeats the passphrase")
				}
				return
			}
			if got, err := locked.Open(sealed); err != nil || string(got) != "山田 太郎" {
				t.Fatalf("open after unlock = %q, %v", got, err)
			}
		})
	}
}

// The real Argon2id parameters, once: the rest of the tests use cheap ones.
func TestDefaultKDFUnlocks(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	v, err := Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := v.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	t.Logf("setup with %v took %v", defaultKDF(), time.Since(start))
	var params string
	if err := db.QueryRow(`SELECT params FROM vault_keys WHERE wrapped_by = 'passphrase'`).Scan(&params); err != nil {
		t.Fatal(err)
	}
	if params != "argon2id$v=19$m=65536,t=3,p=4" {
		t.Fatalf("stored parameters %q", params)
	}
	again, _ := Open(ctx, db, nil)
	if err := again.Unlock(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
}

func TestSetupRules(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	v := openVault(t, db, nil)
	err := v.Setup(ctx, "short pass")
	if l := problem.From(err); len(l) != 1 || l[0].Field != "passphrase" || l[0].ID != "vault.passphrase.error.tooShort" || l[0].Args["Min"] != PassphraseMin {
		t.Fatalf("setup with 10 characters: %v", err)
	}
	if v.State() != StateNeedsSetup {
		t.Fatalf("state after a refused setup = %v", v.State())
	}
	if err := v.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	for name, w := range map[string]*Vault{"same vault": v, "another program": openVault(t, db, nil)} {
		w.state = StateNeedsSetup // as if it had opened before the other's setup
		if err := w.Setup(ctx, "another passphrase"); !errors.Is(err, ErrAlreadySetUp) || problemID(err) != "vault.error.alreadySetUp" {
			t.Errorf("%s: second setup: %v", name, err)
		}
	}
	var n int
	db.QueryRow(`SELECT COUNT(*) FROM vault_keys`).Scan(&n)
	if n != 1 {
		t.Fatalf("vault_keys has %d rows after one setup, want 1", n)
	}
	if err := openVault(t, newDB(t), nil).Unlock(ctx, testPassphrase); !errors.Is(err, ErrNotSetUp) {
		t.Fatalf("unlock before setup: %v", err)
	}
}

// A damaged or tampered key row is reported, never a panic or a hang.
func TestDamagedKeyRow(t *testing.T) {
	ctx := context.Background()
	random := func(n int) []byte {
		b := make([]byte, n)
		rand.Read(b)
		return b
	}
	for _, c := range []struct {
		name, sql string
		args      []any
	}{
		{"params asking for 4 GiB", `UPDATE vault_keys SET params = 'argon2id$v=19$m=4194304,t=3,p=4'`, nil},
		{"params not argon2id", `UPDATE vault_keys SET params = 'scrypt$N=16384'`, nil},
		{"params zero passes", `UPDATE vault_keys SET params = 'argon2id$v=19$m=64,t=0,p=1'`, nil},
		{"wrapped cut", `UPDATE vault_keys SET wrapped = substr(wrapped, 1, 20)`, nil},
		{"wrapped changed", `UPDATE vault_keys SET wrapped = ?`, []any{random(60)}},
		{"key renumbered", `UPDATE vault_keys SET key_id = 7`, nil},
		{"salt changed", `UPDATE vault_keys SET salt = ?`, []any{random(16)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, db := unlockedVault(t)
			if _, err := db.Exec(c.sql, c.args...); err != nil {
				t.Fatal(err)
			}
			v := openVault(t, db, nil)
			err := v.Unlock(ctx, testPassphrase)
			if err == nil || problem.From(err) == nil || v.State() != StateLocked {
				t.Fatalf("unlock: %v, state %v; want a problem and still locked", err, v.State())
			}
		})
	}
}

// memKeyring is a keyring in memory; fail makes Set fail.
type memKeyring struct {
	secrets map[string][]byte
	fail    error
}

func (k *memKeyring) Get(name string) ([]byte, error) {
	s, ok := k.secrets[name]
	if !ok {
		return nil, ErrNoSecret
	}
	return bytes.Clone(s), nil
}

func (k *memKeyring) Set(name string, secret []byte) error {
	if k.fail != nil {
		return k.fail
	}
	if k.secrets == nil {
		k.secrets = map[string][]byte{}
	}
	k.secrets[name] = bytes.Clone(secret)
	return nil
}

func TestKeyringUnlocksWithoutPassphrase(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	kr := NewFileKeyring(filepath.Join(t.TempDir(), "keyring"))
	v := openVault(t, db, kr)
	if err := v.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	if v.KeyringError() != nil {
		t.Fatalf("keyring error after setup: %v", v.KeyringError())
	}
	sealed, _ := v.Seal([]byte("山田 太郎"))

	next := openVault(t, db, kr)
	if next.State() != StateUnlocked || next.KeyringError() != nil {
		t.Fatalf("open with the keyring: state %v, keyring error %v", next.State(), next.KeyringError())
	}
	if got, err := next.Open(sealed); err != nil || string(got) != "山田 太郎" {
		t.Fatalf("open after keyring unlock = %q, %v", got, err)
	}

	// Another PC (or a new account) has an empty keyring: the passphrase
	// unlocks, and the key is then stored in that keyring.
	other := &memKeyring{}
	there := openVault(t, db, other)
	if there.State() != StateLocked || !errors.Is(there.KeyringError(), ErrNoSecret) {
		t.Fatalf("open with an empty keyring: state %v, keyring error %v", there.State(), there.KeyringError())
	}
	if err := there.Unlock(ctx, testPassphrase); err != nil || there.KeyringError() != nil {
		t.Fatalf("unlock: %v, keyring error %v", err, there.KeyringError())
	}
	if again := openVault(t, db, other); again.State() != StateUnlocked {
		t.Fatalf("after unlocking once, the keyring did not open the vault: %v", again.KeyringError())
	}
	if first := openVault(t, db, kr); first.State() != StateUnlocked {
		t.Fatalf("the other PC's unlock took the key from the first keyring: %v", first.KeyringError())
	}
}

func TestKeyringFailuresFallBackToPassphrase(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	kr := &memKeyring{}
	if err := openVault(t, db, kr).Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	for name := range kr.secrets {
		kr.secrets[name] = bytes.Repeat([]byte{7}, 32) // someone else's secret
	}
	v := openVault(t, db, kr)
	if v.State() != StateLocked || v.KeyringError() == nil {
		t.Fatalf("open with a wrong keyring secret: state %v, keyring error %v", v.State(), v.KeyringError())
	}

	// A keyring that cannot store: setup still works with the passphrase alone.
	db2 := newDB(t)
	broken := &memKeyring{fail: errors.New("secret service not running")}
	w := openVault(t, db2, broken)
	if err := w.Setup(ctx, testPassphrase); err != nil || w.State() != StateUnlocked {
		t.Fatalf("setup with a failing keyring: %v, %v", err, w.State())
	}
	if w.KeyringError() == nil {
		t.Fatal("KeyringError does not say the keyring failed")
	}
	if err := openVault(t, db2, broken).Unlock(ctx, testPassphrase); err != nil {
		t.Fatalf("unlock with the passphrase after a failing keyring: %v", err)
	}
}

func TestFileKeyring(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "madoguchi", "keyring")
	kr := NewFileKeyring(dir)
	if _, err := kr.Get("madoguchi-vault-1"); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("get before set: %v", err)
	}
	secret := []byte{0, 1, 2, 0xff}
	if err := kr.Set("madoguchi-vault-1", secret); err != nil {
		t.Fatal(err)
	}
	if err := kr.Set("madoguchi-vault-1", secret); err != nil { // replacing works
		t.Fatal(err)
	}
	if got, err := kr.Get("madoguchi-vault-1"); err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("get = %x, %v", got, err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "madoguchi-vault-1"): 0o600} {
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %o", path, info.Mode().Perm(), err, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("keyring directory holds %d files, want 1 (no temporary files left)", len(entries))
	}
	os.Chmod(filepath.Join(dir, "madoguchi-vault-1"), 0o644)
	if _, err := kr.Get("madoguchi-vault-1"); !errors.Is(err, ErrKeyringUnsafe) {
		t.Fatalf("get a world-readable secret: %v, want ErrKeyringUnsafe", err)
	}
	for _, name := range []string{"", "../x", "a/b", ".hidden", strings.Repeat("a", 65)} {
		if err := kr.Set(name, secret); err == nil {
			t.Errorf("set %q: accepted", name)
		}
	}
}

// appsResealer and handoversResealer are what app/intake would register:
// every sealed column of every row, through reseal, in the caller's
// transaction. They mirror intake_applications.answers and the nullable
// intake_handovers.reason.
var (
	appsResealer      = ResealColumn("apps", "id", "answers")
	handoversResealer = ResealColumn("handovers", "application_id", "reason")
)

// intakeMigrations are the two tables, written as a package writes its
// migrations, so that the store translates them for the run's engine.
var intakeMigrations = store.Migrations{Owner: "vaulttest", FS: fstest.MapFS{
	"001_tables.sql": &fstest.MapFile{Data: []byte(`
CREATE TABLE apps (id INTEGER PRIMARY KEY, answers BLOB NOT NULL);
CREATE TABLE handovers (application_id INTEGER PRIMARY KEY, reason BLOB);
`)},
}}

func intakeTables(t *testing.T, db *store.DB) {
	t.Helper()
	if err := db.Migrate(context.Background(), Migrations, intakeMigrations); err != nil {
		t.Fatal(err)
	}
}

// sealedColumns returns every sealed value in the two tables by row.
func sealedColumns(t *testing.T, db *store.DB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	rows, err := db.Query(`SELECT 'apps/' || id, answers FROM apps UNION ALL
		SELECT 'handovers/' || application_id, reason FROM handovers WHERE reason IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var v []byte
		rows.Scan(&k, &v)
		out[k] = v
	}
	return out
}

func keyIDOf(sealed []byte) uint32 {
	if len(sealed) < headerLen || sealed[0] != formatAESGCM {
		return 0
	}
	return uint32(sealed[1])<<24 | uint32(sealed[2])<<16 | uint32(sealed[3])<<8 | uint32(sealed[4])
}

func TestSetupEncryptsLegacyValues(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	intakeTables(t, db)
	plain := NewPlain() // what Madoguchi wrote before the vault had a key
	for i, answers := range []string{`{"name":"山田 太郎"}`, `{"name":"Tran Van A"}`} {
		sealed, _ := plain.Seal([]byte(answers))
		db.Exec(`INSERT INTO apps (id, answers) VALUES (?, ?)`, i+1, sealed)
	}
	reason, _ := plain.Seal([]byte("旧姓で記載されていたため"))
	db.Exec(`INSERT INTO handovers VALUES (1, ?), (2, NULL)`, reason)

	v := openVault(t, db, nil)
	if err := v.Setup(ctx, testPassphrase, appsResealer, handoversResealer); err != nil {
		t.Fatal(err)
	}
	got := sealedColumns(t, db)
	if len(got) != 3 {
		t.Fatalf("%d sealed values after setup, want 3", len(got))
	}
	for k, sealed := range got {
		if keyIDOf(sealed) != 1 {
			t.Errorf("%s still in format 0x%02x after setup", k, sealed[0])
		}
	}
	if p, err := v.Open(got["handovers/1"]); err != nil || string(p) != "旧姓で記載されていたため" {
		t.Fatalf("handover reason after setup = %q, %v", p, err)
	}
}

func TestRotateReencryptsAndRetiresOldKey(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	intakeTables(t, db)
	kr := &memKeyring{}
	v := openVault(t, db, kr)
	if err := v.Setup(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"apps/1": `{"name":"山田 太郎"}`, "apps/2": `{"name":"Tran Van A"}`, "handovers/1": "旧姓で記載されていたため"}
	for k, plain := range want {
		sealed, _ := v.Seal([]byte(plain))
		table, id, _ := strings.Cut(k, "/")
		col := map[string]string{"apps": "id, answers", "handovers": "application_id, reason"}[table]
		if _, err := db.Exec(`INSERT INTO `+table+` (`+col+`) VALUES (?, ?)`, id, sealed); err != nil {
			t.Fatal(err)
		}
	}
	db.Exec(`INSERT INTO handovers VALUES (2, NULL)`)
	before := sealedColumns(t, db)

	const newPassphrase = "a new passphrase for 2027"
	if err := v.Rotate(ctx, newPassphrase, appsResealer, handoversResealer); err != nil {
		t.Fatal(err)
	}

	after := sealedColumns(t, db)
	for k, plain := range want {
		if keyIDOf(after[k]) != 2 {
			t.Errorf("%s: key %d after rotation, want 2", k, keyIDOf(after[k]))
		}
		if got, err := v.Open(after[k]); err != nil || string(got) != plain {
			t.Errorf("%s after rotation = %q, %v", k, got, err)
		}
		if _, err := v.Open(before[k]); !errors.Is(err, ErrUnknownKey) {
			t.Errorf("%s: a value sealed with the retired key: %v, want ErrUnknownKey", k, err)
		}
	}
	rows, _ := db.Query(`SELECT key_id, wrapped_by, length(wrapped), retired_at IS NOT NULL FROM vault_keys ORDER BY key_id, wrapped_by`)
	var got []string
	for rows.Next() {
		var id, n int
		var by string
		var retired bool
		rows.Scan(&id, &by, &n, &retired)
		state := "live"
		if retired {
			state = "retired"
		}
		got = append(got, strings.Join([]string{string(rune('0' + id)), by, state, map[bool]string{true: "erased", false: "wrapped"}[n == 0]}, " "))
	}
	rows.Close()
	wantRows := []string{"1 keyring retired erased", "1 passphrase retired erased", "2 keyring live wrapped", "2 passphrase live wrapped"}
	if strings.Join(got, "; ") != strings.Join(wantRows, "; ") {
		t.Fatalf("vault_keys after rotation:\n got %q\nwant %q", got, wantRows)
	}

	// After a restart: the keyring opens the new key; the old passphrase no
	// longer unlocks, the new one does.
	if again := openVault(t, db, kr); again.State() != StateUnlocked {
		t.Fatalf("keyring after rotation: %v", again.KeyringError())
	}
	locked := openVault(t, db, nil)
	if err := locked.Unlock(ctx, testPassphrase); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("old passphrase after rotation: %v", err)
	}
	if err := locked.Unlock(ctx, newPassphrase); err != nil {
		t.Fatal(err)
	}
	if got, err := locked.Open(after["apps/1"]); err != nil || string(got) != want["apps/1"] {
		t.Fatalf("after restart = %q, %v", got, err)
	}
}

// If any resealer fails, nothing changes: the old key stays, every value
// stays as it was and still opens.
func TestFailedRotationChangesNothing(t *testing.T) {
	ctx := context.Background()
	v, db := unlockedVault(t)
	intakeTables(t, db)
	sealed, _ := v.Seal([]byte(`{"name":"山田 太郎"}`))
	db.Exec(`INSERT INTO apps VALUES (1, ?)`, sealed)
	boom := errors.New("disk full")
	failing := func(context.Context, *sql.Tx, *Rekey) error { return boom }

	err := v.Rotate(ctx, "a new passphrase for 2027", appsResealer, failing)
	if !errors.Is(err, boom) {
		t.Fatalf("rotate with a failing resealer: %v", err)
	}
	if got := sealedColumns(t, db)["apps/1"]; !bytes.Equal(got, sealed) {
		t.Fatal("a failed rotation changed a stored value")
	}
	if got, err := v.Open(sealed); err != nil || string(got) != `{"name":"山田 太郎"}` {
		t.Fatalf("open after failed rotation = %q, %v", got, err)
	}
	if s, _ := v.Seal([]byte("x")); keyIDOf(s) != 1 {
		t.Fatalf("after a failed rotation the vault seals with key %d", keyIDOf(s))
	}
	if err := openVault(t, db, nil).Unlock(ctx, testPassphrase); err != nil {
		t.Fatalf("old passphrase after a failed rotation: %v", err)
	}
	if err := v.Rotate(ctx, "short"); problemID(err) != "vault.passphrase.error.tooShort" {
		t.Fatalf("rotate with a short passphrase: %v", err)
	}
	if err := openVault(t, db, nil).Rotate(ctx, testPassphrase); !errors.Is(err, ErrLocked) {
		t.Fatalf("rotate while locked: %v", err)
	}
}

// Seal from other goroutines waits for a rotation and then uses the new
// key; run with -race.
func TestRotateWhileSealing(t *testing.T) {
	ctx := context.Background()
	v, _ := unlockedVault(t)
	done := make(chan [][]byte)
	go func() {
		var out [][]byte
		for i := 0; i < 200; i++ {
			s, err := v.Seal([]byte("x"))
			if err != nil {
				t.Error(err)
			}
			out = append(out, s)
		}
		done <- out
	}()
	if err := v.Rotate(ctx, testPassphrase); err != nil {
		t.Fatal(err)
	}
	sealed := <-done
	for _, s := range sealed {
		if id := keyIDOf(s); id != 1 && id != 2 {
			t.Fatalf("sealed with key %d", id)
		}
	}
	if s, _ := v.Seal([]byte("x")); keyIDOf(s) != 2 {
		t.Fatalf("after rotation the vault seals with key %d", keyIDOf(s))
	}
}
