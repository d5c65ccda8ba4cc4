package people

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeName returns the form of a name used to compare it, not to show
// or store it. Two names are the same name when their forms are equal.
//
// Every name is NFKC-normalised (full-width letters and half-width kana
// become ordinary ones) and loses invisible characters (zero-width spaces,
// direction marks, ideographic variation selectors such as 葛󠄀).
//
// A name in Latin letters only is taken word by word: case, accents (ễ→e,
// đ→d) and punctuation are dropped, and the order of the words is ignored,
// because records write a foreign name family-name-first, given-name-first or
// "FAMILY, Given": "NGUYEN VAN AN", "Van An Nguyen" and "NGUYEN, Van An" all
// give "an nguyen van".
//
// Any other name (kanji, kana) loses all spaces and the separators ・ and =,
// hiragana become katakana (small kana stay small: キョ is not キヨ), a dash
// after kana becomes the long vowel mark ー, traditional and variant kanji
// take their standard form from the embedded table (髙→高, 﨑→崎, 邊→辺), and a
// kanji written twice takes the iteration mark (佐佐木→佐々木). Word order
// is kept: 山田太郎 is not 太郎山田.
func NormalizeName(s string) string {
	s = prepare(s)
	if isLatinOnly(s) {
		return latinName(s)
	}
	return japaneseName(s)
}

// NormalizeReading returns the form of a reading (振り仮名) used to compare
// it: NFKC, no spaces or separators (・ =), hiragana as katakana, and every
// dash-like character as the long vowel mark (ー, ｰ, －, -, − and the like
// are all typed for it). Small kana stay small.
func NormalizeReading(s string) string {
	s = prepare(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || isNameSeparator(r):
			continue
		case isDash(r):
			r = 'ー'
		default:
			r = unicode.ToLower(toKatakana(r))
		}
		b.WriteRune(r)
	}
	return recompose(b.String())
}

func japaneseName(s string) string {
	var b strings.Builder
	var prev rune
	for _, r := range s {
		if unicode.IsSpace(r) || isNameSeparator(r) {
			continue
		}
		r = foldKanji(toKatakana(r))
		switch {
		case isDash(r) && isKana(prev):
			r = 'ー'
		case r == prev && r != '々' && unicode.Is(unicode.Han, r):
			// 佐佐木 and 佐々木 are the same name written two ways.
			b.WriteRune('々')
			continue
		}
		prev = r
		b.WriteRune(unicode.ToLower(r))
	}
	return recompose(b.String())
}

// recompose applies NFKC once more: a voicing mark cut off by a space
// (ｼ ﾞ) joins its kana (ジ) only once the space is gone.
func recompose(s string) string { return norm.NFKC.String(s) }

// latinLetters are letters NFKD does not split into a base letter and an
// accent, spelled as records in Latin letters usually write them.
var latinLetters = map[rune]string{
	'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'ł': "l", 'Ł': "L", 'ø': "o", 'Ø': "O",
	'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE", 'ı': "i", 'þ': "th", 'Þ': "TH", 'ß': "ss", 'ẞ': "SS",
}

func latinName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // the accent split off by NFKD
		case isApostrophe(r):
			continue // O'Brien and OBRIEN
		}
		if repl, ok := latinLetters[r]; ok {
			b.WriteString(repl)
			continue
		}
		b.WriteRune(r)
	}
	// Simple lower-casing, not full case folding: it is stable when applied
	// twice (folding maps Cherokee lower case back to upper case).
	words := strings.FieldsFunc(strings.ToLower(b.String()), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	slices.Sort(words)
	return strings.Join(words, " ")
}

// isLatinOnly reports a name with Latin letters and no kanji or kana.
func isLatinOnly(s string) bool {
	latin := false
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			return false
		case unicode.Is(unicode.Latin, r):
			latin = true
		}
	}
	return latin
}

// prepare is the first step of every normaliser: bytes that are not UTF-8
// become U+FFFD (NFKC stops at them), then NFKC, then cleanInvisible.
func prepare(s string) string {
	return cleanInvisible(norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD")))
}

// cleanInvisible drops characters that do not show but make two equal-looking
// strings differ: format characters (zero-width space, BOM, direction marks),
// controls other than white space, and variation selectors (the IVS that
// register systems attach to kanji such as 葛󠄀 or 辻󠄀). White space becomes
// one plain space.
func cleanInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
			return -1
		}
		return r
	}, s)
}

// toKatakana maps hiragana to the katakana with the same sound; the two
// blocks are parallel, 0x60 apart, from ぁ to ゖ and for ゝゞ.
func toKatakana(r rune) rune {
	if (r >= 'ぁ' && r <= 'ゖ') || r == 'ゝ' || r == 'ゞ' {
		return r + 0x60
	}
	return r
}

// isKana reports katakana (after toKatakana) or the long vowel mark.
func isKana(r rune) bool {
	return (r >= 'ァ' && r <= 'ヺ') || r == 'ー' || r == 'ヽ' || r == 'ヾ'
}

// isNameSeparator reports the marks written between the parts of a name
// (ジョン・スミス, ジョン＝スミス); NFKC has already made ･ and ＝ into ・ and =.
func isNameSeparator(r rune) bool {
	return r == '・' || r == '=' || r == '゠'
}

// isDash reports the characters typed for a long vowel mark or a hyphen.
func isDash(r rune) bool {
	switch r {
	case '-', 'ー', '‐', '‑', '‒', '–', '—', '―', '−', '─', '━', '﹣', 'ｰ':
		return true
	}
	return false
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´':
		return true
	}
	return false
}
