package card

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"unicode/utf8"

	"madoguchi/app/card/virtual"
	"madoguchi/app/mynumber"
)

// Fuzz targets for every decoder of bytes that come from the card. Their
// seed corpora are in testdata/fuzz/<target>/, made from the virtual card
// by TestWriteFuzzSeeds (CARD_WRITE_SEEDS=1 go test -run TestWriteFuzzSeeds).
// `make fuzz` runs each target briefly.

func FuzzDecodeToken(f *testing.F) {
	f.Add(bytes.Repeat([]byte{' '}, tokenFileLen))
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := decodeToken(b)
		if err != nil {
			return
		}
		switch tok {
		case TokenCard, TokenSmartphone, TokenOldCard, TokenUnknown:
		default:
			t.Fatalf("token %q", tok)
		}
	})
}

func FuzzDecodeNumber(f *testing.F) {
	f.Add([]byte("\xFF\x10\x0C123456789018\xFF\xFF"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, tlv, err := decodeNumber(b)
		if err != nil {
			return
		}
		if !mynumber.CheckDigitOK(n) || !bytes.HasPrefix(b, tlv) || !bytes.Contains(tlv, []byte(n)) {
			t.Fatalf("accepted a number that fails its check, or a TLV not from the input")
		}
	})
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func FuzzDecodeBasic(f *testing.F) {
	f.Add([]byte{0xFF, 0x20, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		info, tlv, err := decodeBasic(b)
		if err != nil {
			return
		}
		if !utf8.ValidString(info.Name) || !utf8.ValidString(info.Address) || !sexCodes[info.Sex] ||
			!isoDate.MatchString(info.BirthDate) || !bytes.HasPrefix(b, tlv) || info.Number != "" {
			t.Fatalf("accepted inconsistent basic items")
		}
	})
}

func FuzzDecodeAPInfo(f *testing.F) {
	f.Add([]byte{0xFF, 0x40, 0x06, 0xDF, 0x41, 0x04, 0x01, 0x01, 0x4D, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeAPInfo(b)
	})
}

func FuzzDecodeCert(f *testing.F) {
	f.Add([]byte{0x30, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeCert(b)
		if err == nil && c == nil {
			t.Fatal("no certificate and no error")
		}
	})
}

func FuzzDecodeChipSig(f *testing.F) {
	f.Add([]byte{0xFF, 0x30, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decodeChipSig(b)
		if err == nil && (len(s.numberHash) != sha256Len || len(s.basicHash) != sha256Len || len(s.sig) == 0) {
			t.Fatal("accepted a signature file without its parts")
		}
	})
}

func FuzzDecodeChipCert(f *testing.F) {
	f.Add([]byte{0x7F, 0x21, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeChipCert(b)
		if err != nil {
			return
		}
		if len(c.issuer) != cvRefLen || len(c.subject) != cvRefLen || c.key == nil || c.key.N.Sign() == 0 ||
			!bytes.Contains(b, c.body) {
			t.Fatal("accepted a certificate without its parts")
		}
		// Whatever the key, checking a signature with it must not panic.
		_ = verifySHA256(c.key, c.body, c.sig)
	})
}

// answerStream plays back card answers framed as 2-byte length + bytes;
// when it runs out the card answers 6F00.
type answerStream struct{ b []byte }

func (s *answerStream) Transmit(context.Context, []byte) ([]byte, error) {
	if len(s.b) < 2 {
		return []byte{0x6F, 0x00}, nil
	}
	n := int(binary.BigEndian.Uint16(s.b))
	s.b = s.b[2:]
	n = min(n, len(s.b))
	ans := s.b[:n]
	s.b = s.b[n:]
	return ans, nil
}

// FuzzReadBasicAnswers feeds ReadBasic arbitrary answers: it must neither
// panic nor send the PIN against the safety rule nor return data that
// breaks the decoders' promises.
func FuzzReadBasicAnswers(f *testing.F) {
	f.Add([]byte{0x00, 0x02, 0x90, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		triesSeen := -1 // from the last empty VERIFY; -1: not low
		stream := &answerStream{b: b}
		tr := TransportFunc(func(ctx context.Context, apdu []byte) ([]byte, error) {
			if len(apdu) > 4 && apdu[1] == 0x20 && (triesSeen == 0 || triesSeen == 1) {
				t.Fatalf("PIN sent with %d tries left and no confirmation", triesSeen)
			}
			ans, err := stream.Transmit(ctx, apdu)
			if len(apdu) == 4 && apdu[1] == 0x20 && len(ans) >= 2 {
				switch sw := uint16(ans[len(ans)-2])<<8 | uint16(ans[len(ans)-1]); {
				case sw&0xFFF0 == 0x63C0:
					triesSeen = int(sw & 0x0F)
				case sw == 0x6983 || sw == 0x6984:
					triesSeen = 0
				default:
					triesSeen = -1
				}
			}
			return ans, err
		})
		info, err := ReadBasic(context.Background(), tr, NewPIN("1234"), ReadOptions{WithNumber: true})
		if err != nil {
			if info != nil {
				t.Fatal("result with an error")
			}
			return
		}
		if !mynumber.CheckDigitOK(info.Number) || !sexCodes[info.Sex] || !isoDate.MatchString(info.BirthDate) {
			t.Fatal("returned data its decoders should have refused")
		}
	})
}

// TestWriteFuzzSeeds writes the seed corpora from a virtual card. It runs
// only when asked: CARD_WRITE_SEEDS=1 go test -run TestWriteFuzzSeeds ./app/card
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("CARD_WRITE_SEEDS") == "" {
		t.Skip("set CARD_WRITE_SEEDS=1 to rewrite testdata/fuzz")
	}
	ext := newCard(t, nil)
	short := newCard(t, func(p *virtual.Persona) {
		p.ExtendedAPDU = false
		p.BirthDate = "1975-00-00"
		p.Sex = "9"
		p.Name = "NGUYEN VAN AN"
		p.Token = virtual.TokenOldCard
	})
	read := func(c *virtual.Card, aid []byte, fid uint16) []byte {
		tr := TransportFunc(func(_ context.Context, a []byte) ([]byte, error) { return c.Transmit(a), nil })
		ctx := context.Background()
		r := &reader{t: tr}
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(r.selectApp(ctx, aid, "app"))
		if bytes.Equal(aid, aidCardInfo) {
			_, err := r.verify(ctx, efInfoPIN, NewPIN(c.Persona().PINs.CardInfo.Value), true)
			must(err)
		}
		must(r.selectEF(ctx, fid))
		var out []byte
		for off := 0; ; off += 256 {
			data, sw, err := exchange(ctx, tr, []byte{0x00, 0xB0, byte(off >> 8), byte(off), 0x00})
			must(err)
			if sw != swOK {
				break
			}
			out = append(out, data...)
			if len(data) < 256 {
				break
			}
		}
		return out
	}
	seeds := map[string][][]byte{}
	add := func(target string, bs ...[]byte) { seeds[target] = append(seeds[target], bs...) }
	cut := func(b []byte) []byte { return b[:len(b)/2] }
	for _, c := range []*virtual.Card{ext, short} {
		number := read(c, aidCardInfo, efInfoNumber)
		basic := read(c, aidCardInfo, efInfoBasic)
		sig := read(c, aidCardInfo, efInfoSignature)
		cvc := read(c, aidCardInfo, efInfoCert)
		ap := read(c, aidCardInfo, efInfoAPInfo)
		token := read(c, aidJPKI, efJPKIToken)
		cert := read(c, aidJPKI, efJPKIAuthCert)
		add("FuzzTLV", number, basic, sig, cvc, ap, cut(basic))
		add("FuzzDecodeToken", token)
		add("FuzzDecodeNumber", number, cut(number))
		add("FuzzDecodeBasic", basic, cut(basic))
		add("FuzzDecodeAPInfo", ap)
		add("FuzzDecodeCert", cert, cut(cert))
		add("FuzzDecodeChipSig", sig, cut(sig))
		add("FuzzDecodeChipCert", cvc, cut(cvc))

		// A whole ReadBasic, answers recorded.
		var stream []byte
		tr := TransportFunc(func(_ context.Context, a []byte) ([]byte, error) {
			ans := c.Transmit(a)
			stream = binary.BigEndian.AppendUint16(stream, uint16(len(ans)))
			stream = append(stream, ans...)
			return ans, nil
		})
		if _, err := ReadBasic(context.Background(), tr, NewPIN("1234"), ReadOptions{WithNumber: true}); err != nil {
			t.Fatal(err)
		}
		add("FuzzReadBasicAnswers", stream)
	}
	wrongCheck := bytes.Clone(seeds["FuzzDecodeNumber"][0])
	wrongCheck[14] = '7'
	add("FuzzDecodeNumber", wrongCheck)
	add("FuzzTLV", []byte{0x30, 0x80, 0x00, 0x00}, []byte{0x04, 0x83, 0x00, 0x00, 0x01, 0xAA}, []byte{0x5F, 0x81, 0x81, 0x01, 0x00})

	for target, list := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, b := range list {
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b)))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%02d", i)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
