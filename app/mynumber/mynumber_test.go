package mynumber

import "testing"

func TestCheckDigitOK(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"123456789018", true},  // facts.md verified example
		{"983205673214", true},  // facts.md verified example
		{"123456789000", true},  // remainder 1 → check digit 0
		{"123456789050", true},  // remainder 0 → check digit 0
		{"123456789019", false}, // wrong check digit
		{"213456789018", false}, // adjacent transposition caught
		{"12345678901", false},  // 11 digits
		{"1234567890180", false},
		{"12345678901a", false},
		{"１２３４５６７８９０１８", false}, // full width is Parse's job
		{"", false},
	}
	for _, tt := range tests {
		if got := CheckDigitOK(tt.in); got != tt.want {
			t.Errorf("CheckDigitOK(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in, want, kind string
	}{
		{"123456789018", "123456789018", ""},
		{" 1234 5678 9018 ", "123456789018", ""},
		{"1234-5678-9018", "123456789018", ""},
		{"１２３４　５６７８　９０１８", "123456789018", ""}, // IME full-width digits and space
		{"", "", KindRequired},
		{"   ", "", KindRequired},
		{"1234 5678 901", "", KindLength},
		{"1234 5678 90189", "", KindLength},
		{"1234 5678 901O", "", KindNotDigits}, // letter O for zero
		{"123456789019", "", KindCheckDigit},
		{"----", "", KindLength},
	}
	for _, tt := range tests {
		got, kind := Parse(tt.in)
		if got != tt.want || kind != tt.kind {
			t.Errorf("Parse(%q) = %q, %q; want %q, %q", tt.in, got, kind, tt.want, tt.kind)
		}
	}
}

func TestGroup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"123456789018", "1234 5678 9018"},
		{"••••••••9018", "•••• •••• 9018"},
		{"12345", "12345"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Group(tt.in); got != tt.want {
			t.Errorf("Group(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"123456789018", "•••• •••• 9018"},
		{"983205673214", "•••• •••• 3214"},
		{"", "•••• •••• ••••"},
		{"12345", "•••• •••• ••••"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
