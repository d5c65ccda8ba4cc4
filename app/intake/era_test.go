package intake

import (
	"testing"
	"time"
)

func TestToEra(t *testing.T) {
	cases := []struct {
		date string
		want EraDate
	}{
		{"1868-10-23", EraDate{"meiji", 1, 10, 23}},
		{"1912-07-29", EraDate{"meiji", 45, 7, 29}},
		{"1912-07-30", EraDate{"taisho", 1, 7, 30}},
		{"1926-12-24", EraDate{"taisho", 15, 12, 24}},
		{"1926-12-25", EraDate{"showa", 1, 12, 25}},
		{"1989-01-07", EraDate{"showa", 64, 1, 7}},
		{"1989-01-08", EraDate{"heisei", 1, 1, 8}},
		{"1990-04-01", EraDate{"heisei", 2, 4, 1}},
		{"2019-04-30", EraDate{"heisei", 31, 4, 30}},
		{"2019-05-01", EraDate{"reiwa", 1, 5, 1}},
		{"2026-06-15", EraDate{"reiwa", 8, 6, 15}},
	}
	for _, tc := range cases {
		d, _ := time.Parse(time.DateOnly, tc.date)
		got, ok := ToEra(d)
		if !ok || got != tc.want {
			t.Errorf("ToEra(%s) = %v, %v; want %v", tc.date, got, ok, tc.want)
		}
	}
	if got, ok := ToEra(day(1868, 10, 22)); ok {
		t.Errorf("ToEra(1868-10-22) = %v, want false (before Meiji)", got)
	}
}

// ToEra uses the calendar date of t as given, not its UTC date: 00:30 JST
// on 8 January 1989 is Heisei although it is still the 7th in UTC.
func TestToEraKeepsCalendarDate(t *testing.T) {
	got, _ := ToEra(time.Date(1989, 1, 8, 0, 30, 0, 0, japanTime))
	if got != (EraDate{"heisei", 1, 1, 8}) {
		t.Fatalf("got %v", got)
	}
}

// Every day from the start of Meiji to well into Reiwa converts to the era
// calendar and back to itself.
func TestEraRoundTrip(t *testing.T) {
	end := day(2040, 12, 31)
	for d := firstDate(); !d.After(end); d = d.AddDate(0, 0, 1) {
		e, ok := ToEra(d)
		if !ok {
			t.Fatalf("ToEra(%s) failed", d.Format(time.DateOnly))
		}
		back, p := FromEra(e)
		if p != nil || !back.Equal(d) {
			t.Fatalf("FromEra(%v) = %s, %v; want %s", e, back.Format(time.DateOnly), p, d.Format(time.DateOnly))
		}
	}
}

func TestFromEraProblems(t *testing.T) {
	cases := []struct {
		in   EraDate
		want string
	}{
		{EraDate{"edo", 1, 1, 1}, "intake.birth.birthEra.error.invalid"},
		{EraDate{"heisei", 0, 1, 8}, "intake.birth.birthYear.error.tooSmall"},
		{EraDate{"heisei", 32, 1, 1}, "intake.birth.birthYear.error.outsideEra"},
		{EraDate{"showa", 64, 1, 8}, "intake.birth.birthEra.error.afterEraEnd"},
		{EraDate{"heisei", 1, 1, 7}, "intake.birth.birthEra.error.beforeEraStart"},
		{EraDate{"meiji", 1, 1, 1}, "intake.birth.birthYear.error.tooEarly"},
		{EraDate{"heisei", 2, 2, 30}, "intake.birth.birthDay.error.notRealDate"},
		{EraDate{"heisei", 2, 13, 1}, "intake.birth.birthMonth.error.outOfRange"},
		{EraDate{"heisei", 2, 1, 0}, "intake.birth.birthDay.error.outOfRange"},
	}
	for _, tc := range cases {
		_, p := FromEra(tc.in)
		if p == nil || p.ID != tc.want {
			t.Errorf("FromEra(%v) problem = %v, want %s", tc.in, p, tc.want)
		}
	}
	// The current era has no upper bound in FromEra: Validate bounds it by today.
	if _, p := FromEra(EraDate{"reiwa", 50, 1, 1}); p != nil {
		t.Errorf("FromEra(Reiwa 50) = %v, want no problem", p)
	}
}
