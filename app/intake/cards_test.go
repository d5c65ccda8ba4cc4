package intake

import (
	"testing"
)

func TestCardRoundTrip(t *testing.T) {
	for _, a := range []Answers{
		{},
		{fieldName: "山田 太郎", fieldAlias: "ヤマダ", fieldNameKana: "ヤマダ タロウ", fieldBirthDate: "1990-04-01", "address": "東京都千代田区一番町1-2-3 メゾン101", "sex": "male"},
		{fieldName: "NGUYEN VAN AN", fieldBirthDate: "2001-12-31", "address": "大阪府大阪市北区梅田1丁目"},
	} {
		want := cardOf(a)
		got, err := decodeCard(want.encode())
		if err != nil || got != want {
			t.Fatalf("decode(encode(%+v)) = %+v, %v", want, got, err)
		}
	}
}

// A card that is not one (another format, cut short, with bytes after it)
// is refused, never read as another person's items.
func TestDecodeCardRefusesDamage(t *testing.T) {
	whole := cardOf(Answers{fieldName: "山田 太郎", fieldBirthDate: "1990-04-01"}).encode()
	for name, b := range map[string][]byte{
		"empty":          nil,
		"another format": append([]byte{cardFormat + 1}, whole[1:]...),
		"cut short":      whole[:len(whole)-3],
		"trailing bytes": append(append([]byte{}, whole...), 0),
		"huge length":    {cardFormat, 0xff, 0xff, 0xff, 0xff, 0x0f},
	} {
		if c, err := decodeCard(b); err == nil {
			t.Errorf("%s: decoded %+v", name, c)
		}
	}
}

func FuzzDecodeCard(f *testing.F) {
	f.Add(cardOf(Answers{fieldName: "山田 太郎", fieldBirthDate: "1990-04-01"}).encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeCard(b)
		if err != nil {
			return
		}
		if again, err := decodeCard(c.encode()); err != nil || again != c {
			t.Fatalf("a decoded card does not survive encoding: %+v, %v", again, err)
		}
	})
}
