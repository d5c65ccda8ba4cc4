package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	v := New()
	for _, plain := range [][]byte{nil, {}, []byte("山田 太郎"), {0x00, 0x01, 0xff}} {
		sealed, err := v.Seal(plain)
		if err != nil {
			t.Fatalf("seal %q: %v", plain, err)
		}
		if len(sealed) != len(plain)+1 || sealed[0] != 0x00 {
			t.Fatalf("seal %q = %x, want 0x00 prefix then the plaintext", plain, sealed)
		}
		got, err := v.Open(sealed)
		if err != nil {
			t.Fatalf("open %x: %v", sealed, err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("open(seal(%q)) = %q", plain, got)
		}
	}
}

func TestOpenDoesNotAlias(t *testing.T) {
	v := New()
	sealed, _ := v.Seal([]byte("abc"))
	got, _ := v.Open(sealed)
	sealed[1] = 'X'
	if string(got) != "abc" {
		t.Fatalf("Open result changed with its input: %q", got)
	}
}

func TestOpenRejectsUnknownFormats(t *testing.T) {
	v := New()
	for _, sealed := range [][]byte{nil, {}, {0x01, 'a'}, {0x02}, {0xff, 'x', 'y'}, []byte(`{"name":"x"}`)} {
		got, err := v.Open(sealed)
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Open(%x) = %q, %v; want ErrUnknownFormat", sealed, got, err)
		}
	}
}
