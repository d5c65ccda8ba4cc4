package mynumber

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// CheckDigitOK reports whether s is 12 ASCII digits whose last digit is the
// check digit of the first 11. A passing number is not proof: the check
// misses about 2% of single-digit typos. [facts]
func CheckDigitOK(s string) bool {
	if len(s) != Digits {
		return false
	}
	sum := 0
	for i := 0; i < Digits; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < len(checkDigitWeights) {
			sum += int(s[i]-'0') * checkDigitWeights[i]
		}
	}
	want := 0
	if r := sum % 11; r > 1 {
		want = 11 - r
	}
	return int(s[Digits-1]-'0') == want
}

// Problem kinds Parse reports; the caller turns them into message IDs of
// its own field.
const (
	KindRequired   = "required"   // nothing typed
	KindNotDigits  = "notDigits"  // something other than digits, spaces or hyphens
	KindLength     = "length"     // not 12 digits
	KindCheckDigit = "checkDigit" // 12 digits whose last is not the check digit
)

// Parse normalises what staff typed (full-width digits from a Japanese IME,
// spaces and hyphens between groups) and checks it. It returns the 12
// digits, or "" and the kind of problem.
func Parse(typed string) (number, problemKind string) {
	s := width.Narrow.String(strings.TrimSpace(typed))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == '‐' || r == '−' || r == 'ー' || unicode.IsSpace(r):
		default:
			return "", KindNotDigits
		}
	}
	n := b.String()
	switch {
	case n == "" && s == "":
		return "", KindRequired
	case len(n) != Digits:
		return "", KindLength
	case !CheckDigitOK(n):
		return "", KindCheckDigit
	}
	return n, ""
}

// Mask shows only the last digits of a number, grouped as printed on the
// card (4-4-4): "•••• •••• 9018". Anything not a 12-digit number masks
// entirely.
func Mask(number string) string {
	const dot = "•"
	if len(number) != Digits {
		return Group(strings.Repeat(dot, Digits))
	}
	return Group(strings.Repeat(dot, Digits-shownDigits) + number[Digits-shownDigits:])
}

// Group writes a 12-character number as the card prints it, in groups of four
// ("1234 5678 9018"), so that it is read out and compared four digits at a
// time. Anything of another length is returned as it is.
func Group(number string) string {
	r := []rune(number)
	if len(r) != Digits {
		return number
	}
	return string(r[0:4]) + " " + string(r[4:8]) + " " + string(r[8:12])
}
