package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// source is the random stream every choice is drawn from, in a fixed
// order, so that one seed always gives the same people.
type source struct{ r *rand.Rand }

func newSource(seed uint64) source {
	return source{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (s source) n(k int) int                   { return s.r.IntN(k) }
func (s source) chance(p float64) bool         { return s.r.Float64() < p }
func (s source) pick(list []namePart) namePart { return list[s.r.IntN(len(list))] }

// zipf picks an index favouring the start: the top surnames are common.
func (s source) zipf(n int) int {
	return min(int(float64(n)*s.r.Float64()*s.r.Float64()), n-1)
}

// weighted picks an index with the probabilities of the running totals cum
// (see cumulative).
func (s source) weighted(cum []int) int {
	x := s.r.IntN(cum[len(cum)-1])
	i, _ := slices.BinarySearch(cum, x+1)
	return i
}

// choose picks one value by weight.
func (s source) choose(w []weighted) string {
	total := 0
	for _, x := range w {
		total += x.weight
	}
	x := s.r.IntN(total)
	for _, v := range w {
		if x < v.weight {
			return v.value
		}
		x -= v.weight
	}
	return w[len(w)-1].value
}

var kanjiDigits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// kanjiNumber writes 0 to 99 in kanji numerals, as in 二十三番.
func kanjiNumber(n int) string {
	switch {
	case n < 10:
		return kanjiDigits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(kanjiDigits[n%10], "〇")
	}
	return kanjiDigits[n/10] + "十" + strings.TrimPrefix(kanjiDigits[n%10], "〇")
}

// wide writes printable ASCII in full width (ＡＢＣ１２３) and the space
// as the ideographic space: what a Japanese input method left on types.
// NFKC undoes it, so intake reads the same value.
func wide(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ':
			return '　'
		case r > ' ' && r <= '~':
			return r - '!' + '！'
		}
		return r
	}, s)
}

// toWideDigits writes only the digits in full width.
func toWideDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// hiragana maps katakana to hiragana; ー and ・ stay.
func hiragana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'ァ' && r <= 'ヶ' {
			return r - 0x60
		}
		return r
	}, s)
}

var halfKana = func() map[rune]string {
	full := []rune("ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー・")
	half := []rune("ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ･")
	m := make(map[rune]string, 2*len(full))
	for i, r := range full {
		m[r] = string(half[i])
	}
	voiced := []rune("ガギグゲゴザジズゼゾダヂヅデドバビブベボ")
	plain := []rune("カキクケコサシスセソタチツテトハヒフヘホ")
	for i, r := range voiced {
		m[r] = m[plain[i]] + "ﾞ"
	}
	for i, r := range []rune("パピプペポ") {
		m[r] = m[[]rune("ハヒフヘホ")[i]] + "ﾟ"
	}
	m['ヴ'] = "ｳﾞ"
	return m
}()

// halfWidth writes katakana in half width (ﾀﾅｶ), as older systems export
// them; a letter with no half-width form stays as it is.
func halfWidth(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if h, ok := halfKana[r]; ok {
			b.WriteString(h)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// readingSlips are the one-letter slips made in readings: a long vowel for
// ウ, a small letter for a large one, a voiced sound for an unvoiced one.
var readingSlips = func() map[rune]rune {
	m := map[rune]rune{}
	for _, pair := range strings.Fields(`ウー ツッ ヨョ ユュ ヤャ シジ ズヅ キギ トド タダ カガ サザ ハバ ホボ`) {
		r := []rune(pair)
		m[r[0]], m[r[1]] = r[1], r[0]
	}
	return m
}()

// slip changes one letter of a katakana reading as a slip would, the k-th
// of those that can slip (k taken modulo their number); it returns s
// unchanged when no letter can.
func slip(s string, k int) string {
	var at []int
	for i, r := range s {
		if _, ok := readingSlips[r]; ok {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return s
	}
	i := at[k%len(at)]
	r, size := utf8.DecodeRuneInString(s[i:])
	return s[:i] + string(readingSlips[r]) + s[i+size:]
}

// swapVariant replaces the k-th character that has a variant form (髙 for
// 高), k taken modulo their number; false when none has.
func swapVariant(s string, k int) (string, bool) {
	var at []int
	for i, r := range s {
		if _, ok := variantRunes[r]; ok {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return s, false
	}
	i := at[k%len(at)]
	r, size := utf8.DecodeRuneInString(s[i:])
	return s[:i] + string(variantRunes[r]) + s[i+size:], true
}

// pad2 writes n with two digits.
func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// titleCase writes NGUYEN VAN AN as Nguyen Van An.
func titleCase(s string) string {
	b := []byte(s)
	start := true
	for i, c := range b {
		if c >= 'A' && c <= 'Z' && !start {
			b[i] = c + 'a' - 'A'
		}
		start = !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')
	}
	return string(b)
}
