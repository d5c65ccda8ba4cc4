package card

import "testing"

func TestNumberCheckDigitOK(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"123456789018", true},  // facts.md, verified example
		{"983205673214", true},  // facts.md
		{"123456789000", true},  // remainder 1 → check 0
		{"123456789050", true},  // remainder 0 → check 0
		{"123456789017", false}, // wrong check digit
		{"123456789081", false}, // last two digits swapped
		{"12345678901", false},  // 11 digits
		{"1234567890180", false},
		{"", false},
		{"12345678901a", false},
		{"１２３４５６７８９０１８", false}, // full-width: the card never holds these
		{"12345678 018", false},
	}
	for _, tt := range tests {
		if got := NumberCheckDigitOK(tt.in); got != tt.want {
			t.Errorf("NumberCheckDigitOK(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
