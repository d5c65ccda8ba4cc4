package card

// NumberCheckDigitOK reports whether s is 12 ASCII digits whose last digit is
// the check digit of the first 11 (rule and weights in rules.go). A passing
// number is not proof: the check misses about 2% of single-digit typos.
func NumberCheckDigitOK(s string) bool {
	if len(s) != numberDigits {
		return false
	}
	sum := 0
	for i := 0; i < numberDigits; i++ {
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
	return int(s[numberDigits-1]-'0') == want
}
