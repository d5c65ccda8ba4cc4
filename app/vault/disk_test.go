package vault

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

// Known values, in two batches: the first is checkpointed into the main
// database file, the second is left in WAL frames.
var (
	checkpointed = []string{"山田太郎", "東京都千代田区霞が関一丁目2番3号", "123456789018", "Nguyen Thi Hoa"}
	inWAL        = []string{"佐藤花子", "大阪府大阪市北区中之島1-3-20", "983205673214", "Maria Santos"}
)

// diskFiles writes both batches through v into a fresh database file and
// returns the raw bytes of the file and its -wal while the database is
// still open (closing would checkpoint and delete the WAL).
func diskFiles(t *testing.T, setup func(*store.DB) *Vault) (main, wal []byte) {
	t.Helper()
	testdb.SQLiteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, Migrations); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE people (id INTEGER PRIMARY KEY, value BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	v := setup(db)
	insert := func(values []string) {
		for _, s := range values {
			sealed, err := v.Seal([]byte(s))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`INSERT INTO people (value) VALUES (?)`, sealed); err != nil {
				t.Fatal(err)
			}
		}
	}
	insert(checkpointed)
	var busy, logFrames, done int
	if err := db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil || busy != 0 {
		t.Fatalf("checkpoint: busy %d, %v", busy, err)
	}
	insert(inWAL)
	if main, err = os.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	if wal, err = os.ReadFile(path + "-wal"); err != nil {
		t.Fatal(err)
	}
	if len(wal) <= 32 { // a WAL header alone is 32 bytes
		t.Fatalf("the -wal file has %d bytes: the second batch was not left in WAL frames", len(wal))
	}
	return main, wal
}

// encodings are the byte forms a forensic search would try.
func encodings(s string) map[string][]byte {
	u16 := utf16.Encode([]rune(s))
	le := make([]byte, 0, 2*len(u16))
	be := make([]byte, 0, 2*len(u16))
	for _, c := range u16 {
		le = binary.LittleEndian.AppendUint16(le, c)
		be = binary.BigEndian.AppendUint16(be, c)
	}
	return map[string][]byte{"UTF-8": []byte(s), "UTF-16LE": le, "UTF-16BE": be}
}

func TestNoPlaintextOnDisk(t *testing.T) {
	var dek []byte
	main, wal := diskFiles(t, func(db *store.DB) *Vault {
		v := openVault(t, db, nil)
		if err := v.Setup(context.Background(), testPassphrase); err != nil {
			t.Fatal(err)
		}
		dek = rawKeyForTest(t, db)
		return v
	})
	files := map[string][]byte{"database": main, "-wal": wal}
	for _, s := range append(append([]string{}, checkpointed...), inWAL...) {
		for enc, b := range encodings(s) {
			for name, data := range files {
				if bytes.Contains(data, b) {
					t.Errorf("%s holds %q in %s", name, s, enc)
				}
			}
		}
	}
	for name, data := range files {
		if bytes.Contains(data, dek) {
			t.Errorf("%s holds the unwrapped data key", name)
		}
	}
}

// The control: the same files written without a key DO show every value,
// the first batch in the database file and the second only in the WAL, so
// the search above would have found them.
func TestPlaintextSearchFindsUnsealedValues(t *testing.T) {
	main, wal := diskFiles(t, func(*store.DB) *Vault { return NewPlain() })
	for _, s := range checkpointed {
		if !bytes.Contains(main, []byte(s)) {
			t.Errorf("plain %q not found in the database file", s)
		}
	}
	for _, s := range inWAL {
		if !bytes.Contains(wal, []byte(s)) {
			t.Errorf("plain %q not found in the -wal file", s)
		}
		if bytes.Contains(main, []byte(s)) {
			t.Errorf("plain %q already in the database file: not a test of WAL frames", s)
		}
	}
}

// rawKeyForTest unwraps the live data key with the test passphrase.
func rawKeyForTest(t *testing.T, db *store.DB) []byte {
	t.Helper()
	live, err := liveWraps(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	w := live[wrapPassphrase]
	p, err := parseKDF(w.params)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := unwrapKey(p.derive(normalizePassphrase(testPassphrase), w.salt), w)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
