package people

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"髙橋 一郎", "NGUYEN, Van An", "ｼﾞｮｰｼﾞ", "佐佐木", "葛\U000E0100西", "〒100-8916 東京都千代田区霞が関二丁目8番1号 霞ハイツ101号室",
	"北海道札幌市中央区北一条西二丁目1番地", "2ー8ー1", "一番町23番地3", "大字上野字中村123-4-5-6", "十字", "〒", "1985年4月1日", "",
}

// Names and readings come from cards, forms and other systems: any string
// must normalise without panicking, to valid UTF-8, and normalising twice
// must change nothing (or stored forms would drift from fresh ones).
func FuzzNormalizeName(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, fn := range map[string]func(string) string{"NormalizeName": NormalizeName, "NormalizeReading": NormalizeReading} {
			once := fn(s)
			if !utf8.ValidString(once) {
				t.Fatalf("%s(%q) = %q, not UTF-8", name, s, once)
			}
			if twice := fn(once); twice != once {
				t.Fatalf("%s not stable: %q → %q → %q", name, s, once, twice)
			}
		}
	})
}

// Addresses: no panic, valid UTF-8, and the place-and-block part normalises
// to itself.
func FuzzNormalizeAddress(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := NormalizeAddress(s)
		if !utf8.ValidString(a.Main) || !utf8.ValidString(a.Building) {
			t.Fatalf("NormalizeAddress(%q) = %q, not UTF-8", s, a)
		}
		if again := NormalizeAddress(a.Main); again.Main != a.Main {
			t.Fatalf("Main not stable: %q → %q → %q (building %q)", s, a.Main, again.Main, again.Building)
		}
	})
}

func FuzzNormalizeBirthDate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := NormalizeBirthDate(s)
		if err != nil {
			return
		}
		if again, err := NormalizeBirthDate(d); err != nil || again != d {
			t.Fatalf("%q → %q → %q, %v", s, d, again, err)
		}
	})
}
