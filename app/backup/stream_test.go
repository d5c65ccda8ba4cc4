package backup

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
)

// testAEAD is AES-256-GCM under a fixed key: the stream's tests need no
// passphrase (Argon2id costs 64 MiB a call).
func testAEAD(t testing.TB, keyByte byte) cipher.AEAD {
	t.Helper()
	block, err := aes.NewCipher(bytes.Repeat([]byte{keyByte}, 32))
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	return aead
}

var testHeader = []byte("MADOGUCHI-BACKUP-2\nsalt............")

// sealed seals plain as a stream, without the header.
func sealed(t testing.TB, plain []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := newSealWriter(&out, testAEAD(t, 1), testHeader)
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func opened(t testing.TB, stream []byte, keyByte byte) ([]byte, error) {
	t.Helper()
	return io.ReadAll(newOpenReader(bytes.NewReader(stream), testAEAD(t, keyByte), testHeader))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{7})
	r.Read(b)
	return b
}

// TestStreamRoundTrip: what is sealed opens unchanged, at the sizes where
// chunks begin and end.
func TestStreamRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 5} {
		plain := randomBytes(n)
		got, err := opened(t, sealed(t, plain), 1)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%d bytes: %d back, %v", n, len(got), err)
		}
	}
}

// TestStreamRefusesChanges: a stream cut short (even between chunks), with
// a chunk dropped, moved, repeated or changed, or under another key, does
// not open; what was read before the damage is never the whole.
func TestStreamRefusesChanges(t *testing.T) {
	plain := randomBytes(3*chunkSize + 100)
	whole := sealed(t, plain)
	const c = chunkSize + tagSize // one sealed full chunk
	chunk := func(i int) []byte { return whole[i*c : min((i+1)*c, len(whole))] }
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name   string
		stream []byte
		key    byte
		want   error
	}{
		{"another key", whole, 2, errWrongKey},
		{"first chunk changed", join([]byte{whole[0] ^ 1}, whole[1:]), 1, errWrongKey},
		{"nothing after the header", nil, 1, errWrongKey},
		{"cut after the first chunk", whole[:c], 1, errDamaged},
		{"cut after the third chunk", whole[:3*c], 1, errDamaged},
		{"cut inside the last chunk", whole[:len(whole)-1], 1, errDamaged},
		{"cut inside the second chunk", whole[:c+100], 1, errDamaged},
		{"second chunk dropped", join(chunk(0), chunk(2), chunk(3)), 1, errDamaged},
		{"second and third swapped", join(chunk(0), chunk(2), chunk(1), chunk(3)), 1, errDamaged},
		{"second repeated", join(chunk(0), chunk(1), chunk(1), chunk(2), chunk(3)), 1, errDamaged},
		{"a byte of the third changed", join(whole[:2*c+5], []byte{whole[2*c+5] ^ 0x80}, whole[2*c+6:]), 1, errDamaged},
		{"a chunk added after the last", join(whole, chunk(1)), 1, errDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := opened(t, tt.stream, tt.key)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if bytes.Equal(got, plain) {
				t.Error("the whole database came out of a changed stream")
			}
		})
	}
}

// TestStreamMemory: sealing and opening hold a chunk, not the database
// (format 1 held all of it, twice, to write a backup).
func TestStreamMemory(t *testing.T) {
	const size = 32 << 20
	src := io.LimitReader(rand.NewChaCha8([32]byte{1}), size)
	pr, pw := io.Pipe()
	go func() {
		w := newSealWriter(pw, testAEAD(t, 1), testHeader)
		_, err := io.Copy(w, src)
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n, err := io.Copy(io.Discard, newOpenReader(pr, testAEAD(t, 1), testHeader))
	runtime.ReadMemStats(&after)
	if err != nil || n != size {
		t.Fatalf("%d bytes through, %v", n, err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("%d MiB allocated to seal and open %d MiB, want a few chunks", grew>>20, size>>20)
	}
}
