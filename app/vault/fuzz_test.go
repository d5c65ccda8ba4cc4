package vault

import (
	"bytes"
	"testing"
)

// FuzzOpen: any bytes from the database either open or give an error,
// never a panic; and under the key only what was sealed with it opens (one
// value, sealed afresh in each fuzzing process).
func FuzzOpen(f *testing.F) {
	key, err := newDataKey(1, bytes.Repeat([]byte{0x42}, dataKeyLen))
	if err != nil {
		f.Fatal(err)
	}
	v := &Vault{state: StateUnlocked, key: key}
	good, _ := v.Seal([]byte("山田 太郎"))
	for _, seed := range [][]byte{good, {}, {0x00}, {0x01}, {0x01, 0, 0, 0, 1}, append([]byte{0x00}, "x"...), bytes.Repeat([]byte{0x01}, 40)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sealed []byte) {
		plain, err := v.Open(sealed)
		if err != nil {
			return
		}
		if len(sealed) > 0 && sealed[0] == formatAESGCM && string(plain) != "山田 太郎" {
			t.Fatalf("forged value %x opened as %q", sealed, plain)
		}
	})
}
