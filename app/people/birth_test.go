package people

import (
	"testing"

	"madoguchi/app/problem"
)

func TestNormalizeBirthDate(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"19850401", "1985-04-01"}, // as on the card's chip
		{"1985-04-01", "1985-04-01"},
		{"1985/4/1", "1985-04-01"},
		{"1985.4.1", "1985-04-01"},
		{"1985年4月1日", "1985-04-01"},
		{"１９８５年４月１日", "1985-04-01"},
		{" 1985 - 04 - 01 ", "1985-04-01"},
		{"2000-02-29", "2000-02-29"}, // leap year
		{"1930-01-01", "1930-01-01"},
		{"19850000", "1985-00-00"}, // birth date unknown but for the year
		{"19850400", "1985-04-00"}, // day unknown
		{"1985-00-00", "1985-00-00"},
	}
	for _, tc := range cases {
		got, err := NormalizeBirthDate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeBirthDate(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "1985-02-30", "1900-02-29", "1985-13-01", "85-04-01", "昭和60年4月1日", "1985-04", "19850431", "1985-04-01x", "19850010", "19851300"} {
		_, err := NormalizeBirthDate(in)
		if p := problem.From(err); len(p) != 1 || p[0].ID != "people.error.birthDate.unreadable" {
			t.Errorf("NormalizeBirthDate(%q): error %v, want people.error.birthDate.unreadable", in, err)
		}
	}
}

func TestNormalizeSex(t *testing.T) {
	cases := map[string]Sex{
		"1": Male, "2": Female, "9": Unstated, "１": Male,
		"male": Male, "Female": Female, "unstated": Unstated, "M": Male, "f": Female,
		"男": Male, "女性": Female, " 2 ": Female,
	}
	for in, want := range cases {
		if got, err := NormalizeSex(in); err != nil || got != want {
			t.Errorf("NormalizeSex(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "3", "x", "other"} {
		_, err := NormalizeSex(in)
		if p := problem.From(err); len(p) != 1 || p[0].ID != "people.error.sex.unreadable" {
			t.Errorf("NormalizeSex(%q): error %v, want people.error.sex.unreadable", in, err)
		}
	}
}

func TestSexCode(t *testing.T) {
	for sex, code := range map[Sex]string{Male: "1", Female: "2", Unstated: "9", "": ""} {
		if got := sex.Code(); got != code {
			t.Errorf("%q.Code() = %q, want %q", sex, got, code)
		}
	}
}
