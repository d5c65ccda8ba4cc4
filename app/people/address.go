package people

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Address is the comparison form of an address, cut where the block number
// ends so that a match can say "same up to the building".
type Address struct {
	// Main runs from the prefecture to the block number, the numbers in
	// Arabic digits joined by hyphens: 東京都千代田区霞ケ関2-8-1.
	Main string `json:"main"`
	// Building is what follows the block number (building, floor, room),
	// without spaces or a final 号室: 中央合同庁舎第2号館101. "" when none.
	Building string `json:"building"`
}

// String is the whole comparison form, the building after a space.
func (a Address) String() string {
	if a.Building == "" {
		return a.Main
	}
	return a.Main + " " + a.Building
}

// NormalizeAddress returns the form of an address used to compare it, not to
// show or store it. "霞が関二丁目8番1号", "霞ヶ関2-8-1", "霞ケ関２丁目８−１" and
// "霞が関二丁目八番一号" all give Main 霞ケ関2-8-1. It applies NFKC, drops a
// leading postcode (〒100-8916), spaces, the 大字 and 字 before a district
// name, and writes ヶ ケ が between kanji as ケ and の ノ between kanji as ノ
// (霞が関, 一の瀬). Kanji numerals become Arabic where they are block numbers
// (二丁目, 八番, 一号) or a 条 (北一条): place names keep theirs (八王子,
// 一番町). Any dash between two numbers is a hyphen (2ー8ー1, 2−8−1). At most
// three numbers belong to the block; a fourth is a room (2-8-1-101).
func NormalizeAddress(s string) Address {
	rs := []rune(prepare(s))
	rs = unifyNumberDashes(rs)
	rs = dropPostcode(rs)
	rs = dropNoise(rs)
	start, end, nums := findBlock(rs)
	if start < 0 {
		return Address{Main: tidyPlace(rs)}
	}
	return Address{
		Main:     tidyPlace(rs[:start]) + strings.Join(nums, "-"),
		Building: tidyBuilding(rs[end:]),
	}
}

// unifyNumberDashes makes every dash-like character between two numbers
// (Arabic or kanji) an ASCII hyphen, dropping the spaces around it.
func unifyNumberDashes(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !isDash(r) {
			out = append(out, r)
			continue
		}
		before := len(out)
		for before > 0 && out[before-1] == ' ' {
			before--
		}
		after := i + 1
		for after < len(rs) && rs[after] == ' ' {
			after++
		}
		if before > 0 && after < len(rs) && isNumeral(out[before-1]) && isNumeral(rs[after]) {
			out = append(out[:before], '-')
			i = after - 1
			continue
		}
		out = append(out, r)
	}
	return out
}

// dropNoise drops the postal mark 〒 and every space except one before a
// number, the only place where a space means something: 2-8-1 101 is block
// 2-8-1, room 101. Spaces elsewhere (千代田区 霞が関, 2 丁目) are noise.
func dropNoise(rs []rune) []rune {
	out := rs[:0:0]
	for i, r := range rs {
		if r == '〒' {
			continue
		}
		if r == ' ' {
			next := skipSpaces(rs, i)
			if next == len(rs) || !isNumeral(rs[next]) || (len(out) > 0 && out[len(out)-1] == ' ') {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// dropPostcode removes a leading postcode: 〒 with or without seven digits
// after it, or 100-8916 (with its hyphen) followed by a space or a kanji.
func dropPostcode(rs []rune) []rune {
	i, mark := 0, false
	for i < len(rs) && (rs[i] == ' ' || rs[i] == '〒') {
		mark = mark || rs[i] == '〒'
		i++
	}
	j, digits, hyphen := i, 0, false
	for j < len(rs) && (isDigit(rs[j]) || (rs[j] == '-' && digits == 3 && !hyphen)) {
		if isDigit(rs[j]) {
			digits++
		} else {
			hyphen = true
		}
		j++
	}
	bare := hyphen && j < len(rs) && (rs[j] == ' ' || isHan(rs[j]))
	switch {
	case digits == 7 && (mark || bare):
		return rs[j:]
	case mark:
		return rs[i:]
	}
	return rs
}

// findBlock finds the block number (丁目・番地・号): where it starts, where it
// ends, and its numbers. start is -1 when the address has none.
func findBlock(rs []rune) (start, end int, nums []string) {
	for i := range rs {
		if !isNumeral(rs[i]) || (i > 0 && isNumeral(rs[i-1])) {
			continue
		}
		if end, nums, ok := readBlock(rs, i); ok {
			return i, end, nums
		}
	}
	return -1, len(rs), nil
}

// readBlock reads numbers joined by units (2丁目8番1号), hyphens (2-8-1) or
// の (8番地の1) from i. A lone number is a block only when it is in Arabic
// digits and not followed by a kanji, so that 八王子 and 北1条 are not blocks.
func readBlock(rs []rune, i int) (end int, nums []string, ok bool) {
	var starts []int
	j := i
	for {
		n, k, kanji, isNum := readNumber(rs, j)
		if !isNum {
			break
		}
		starts = append(starts, j)
		nums = append(nums, n)
		end = k
		u, afterUnit := matchUnit(rs, skipSpaces(rs, k))
		if u == "" && len(nums) == 1 && !joinsNext(rs, k) &&
			(kanji || (k < len(rs) && unicode.Is(unicode.Han, rs[k]))) {
			return 0, nil, false
		}
		switch {
		case u == "号":
			end = afterUnit
		case u != "":
			end = afterUnit
			next := skipSpaces(rs, afterUnit)
			if next < len(rs) && isJoiner(rs[next]) {
				next++
			}
			if next < len(rs) && isNumeral(rs[next]) {
				j = next
				continue
			}
		case joinsNext(rs, k):
			j = k + 1
			continue
		}
		break
	}
	if len(nums) > maxBlockNumbers {
		end = starts[maxBlockNumbers]
		nums = nums[:maxBlockNumbers]
	}
	return end, nums, len(nums) > 0
}

// joinsNext reports a hyphen or の right after a number, followed by another.
func joinsNext(rs []rune, k int) bool {
	return k+1 < len(rs) && isJoiner(rs[k]) && isNumeral(rs[k+1])
}

func isJoiner(r rune) bool { return r == '-' || r == 'の' || r == 'ノ' }

// readNumber reads Arabic digits or kanji numerals at i, returning the number
// in Arabic digits without leading zeros and the index after it.
func readNumber(rs []rune, i int) (n string, end int, kanji, ok bool) {
	end = i
	for end < len(rs) && isDigit(rs[end]) {
		end++
	}
	if end > i {
		n = strings.TrimLeft(string(rs[i:end]), "0")
		if n == "" {
			n = "0"
		}
		return n, end, false, true
	}
	for end < len(rs) && isKanjiNumeral(rs[end]) {
		end++
	}
	if end == i {
		return "", i, false, false
	}
	n, ok = kanjiNumber(rs[i:end])
	return n, end, true, ok
}

// kanjiNumber reads 二十三 (23), 百五 (105), 千二百 (1200) by position, and
// 一〇五 (105), written digit by digit, as digits.
func kanjiNumber(rs []rune) (string, bool) {
	if len(rs) > 8 {
		return "", false
	}
	if !slices.ContainsFunc(rs, func(r rune) bool { return r == '十' || r == '百' || r == '千' }) {
		var b strings.Builder
		for _, r := range rs {
			b.WriteByte(byte('0' + kanjiDigits[r]))
		}
		n := strings.TrimLeft(b.String(), "0")
		if n == "" {
			n = "0"
		}
		return n, true
	}
	total, digit := 0, -1
	for _, r := range rs {
		switch r {
		case '十', '百', '千':
			if digit < 0 {
				digit = 1
			}
			total += digit * placeValue(r)
			digit = -1
		default:
			digit = kanjiDigits[r]
		}
	}
	if digit > 0 {
		total += digit
	}
	return strconv.Itoa(total), true
}

func placeValue(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	}
	return 1000
}

var kanjiDigits = map[rune]int{'〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func isKanjiNumeral(r rune) bool {
	_, digit := kanjiDigits[r]
	return digit || r == '十' || r == '百' || r == '千'
}

func isDigit(r rune) bool   { return r >= '0' && r <= '9' }
func isNumeral(r rune) bool { return isDigit(r) || isKanjiNumeral(r) }

// matchUnit reports the block unit at i and the index after it. 番 before
// 町, 丁 or 街 is part of a town name (一番町), not a unit.
func matchUnit(rs []rune, i int) (unit string, end int) {
	for _, u := range blockUnits {
		ur := []rune(u)
		if i+len(ur) > len(rs) || string(rs[i:i+len(ur)]) != u {
			continue
		}
		end = i + len(ur)
		if u == "番" && end < len(rs) && slices.Contains(townAfterBan, rs[end]) {
			return "", i
		}
		return u, end
	}
	return "", i
}

func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && rs[i] == ' ' {
		i++
	}
	return i
}

// tidyPlace writes the part before the block number in one form.
func tidyPlace(rs []rune) string {
	rs = slices.DeleteFunc(slices.Clone(rs), func(r rune) bool { return r == ' ' })
	var out []rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		var prev, next rune
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == '大' && next == '字' && beforeDistrict(prev, rs, i+2):
			i++ // 大字 before a district name is optional
			continue
		case r == '字' && beforeDistrict(prev, rs, i+1):
			continue // so is 字 (but not the 字 of 十字)
		case isKanjiNumeral(r) && (prev == 0 || !isKanjiNumeral(prev)):
			// 北一条 and 北1条 are the same street.
			end := i
			for end < len(rs) && isKanjiNumeral(rs[end]) {
				end++
			}
			if end < len(rs) && rs[end] == '条' {
				if n, ok := kanjiNumber(rs[i:end]); ok {
					out = append(out, []rune(n)...)
					i = end - 1
					continue
				}
			}
		case isHan(prev) && isHan(next) && (r == 'ヶ' || r == 'ケ' || r == 'が' || r == 'ヵ'):
			r = 'ケ' // 霞ヶ関, 霞ケ関, 霞が関
		case isHan(prev) && isHan(next) && (r == 'の' || r == 'ノ'):
			r = 'ノ' // 一の瀬, 一ノ瀬
		}
		out = append(out, foldKanji(r))
	}
	return recompose(string(out))
}

// beforeDistrict reports whether a 大字 or 字 between prev and rs[next] is
// the prefix of a district name: it follows the start or a kanji that is not
// a numeral, and a kanji or kana that is not a numeral follows it.
func beforeDistrict(prev rune, rs []rune, next int) bool {
	if next >= len(rs) || (prev != 0 && (!isHan(prev) || isKanjiNumeral(prev))) {
		return false
	}
	r := rs[next]
	return !isKanjiNumeral(r) && (isHan(r) || unicode.In(r, unicode.Hiragana, unicode.Katakana))
}

// tidyBuilding writes the building part in one form: no spaces, no leading
// separator, no final 号室 or 室 after the room number.
func tidyBuilding(rs []rune) string {
	s := strings.Map(func(r rune) rune {
		if r == ' ' {
			return -1
		}
		return foldKanji(r)
	}, string(rs))
	s = strings.TrimLeft(recompose(s), "-,、・")
	for _, suffix := range []string{"号室", "室"} {
		if t, ok := strings.CutSuffix(s, suffix); ok && t != "" && isDigit(rune(t[len(t)-1])) {
			return t
		}
	}
	return s
}

func isHan(r rune) bool { return r != 0 && unicode.Is(unicode.Han, r) }
