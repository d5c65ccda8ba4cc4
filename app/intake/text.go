package intake

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"madoguchi/app/freetext"
)

// cleanText is the form every typed answer is read in: the shared rule's
// Compared kind (NFKC: full-width letters and digits become half-width,
// half-width katakana full-width, the ideographic space a plain one; every
// run of white space one space; trimmed). Names and addresses are compared
// with other applications', so equal-looking entries must be equal.
func cleanText(s string) string {
	return freetext.Normalize(s, freetext.Compared)
}

// hasDigit reports a decimal digit. Kanji numerals (一郎) are not digits.
func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// toKatakana maps hiragana to the katakana with the same sound. The two
// blocks are parallel, 0x60 apart, from ぁ to ゖ and for ゝゞ.
func toKatakana(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'ぁ' && r <= 'ゖ') || r == 'ゝ' || r == 'ゞ' {
			return r + 0x60
		}
		return r
	}, s)
}

// isReadingRune is what a reading may hold once in katakana: the katakana
// letters, ・ between given and family names, the long vowel mark ー, the
// iteration marks ヽヾ, and the space.
func isReadingRune(r rune) bool {
	return (r >= 'ァ' && r <= 'ヺ') || r == 'ー' || r == '・' || r == 'ヽ' || r == 'ヾ' || r == ' '
}

// digitsOnly NFKC-normalises s and reports whether it is one or more ASCII
// digits, so that full-width ２０２６ is accepted.
func digitsOnly(s string) (string, bool) {
	s = strings.TrimSpace(norm.NFKC.String(s))
	if s == "" {
		return s, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return s, false
		}
	}
	return s, true
}

// dashes are what people and IMEs type for a hyphen; in Japanese input mode
// the minus key gives ー, so it counts as a hyphen in numbers.
const dashes = "-‐‑‒–—―−ー－"

// unifyDashes turns every kind of dash into '-'.
func unifyDashes(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(dashes, r) {
			return '-'
		}
		return r
	}, s)
}

// foldName is the form names are compared in by search: width-normalised,
// lower case, without spaces.
func foldName(s string) string {
	return strings.ToLower(strings.ReplaceAll(cleanText(s), " ", ""))
}

// foldReading is the form readings are compared in by search: katakana,
// without spaces or ・, so やまだ, ﾔﾏﾀﾞ and ヤマダ are equal.
func foldReading(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '・' {
			return -1
		}
		return r
	}, toKatakana(cleanText(s)))
}
