package cases

import (
	"testing"

	"madoguchi/app/problem"
	"madoguchi/app/residency"
)

// FuzzSituationForm: whatever is typed, the form gives problems or a
// situation residency accepts and evaluates, never a panic.
func FuzzSituationForm(f *testing.F) {
	c := childBornHere()
	f.Add(c.Category, c.Nationality, c.BirthDay, c.BirthMonth, c.BirthYear, c.BornInJapan, c.BirthNotified, "", "", "")
	f.Add("mid_to_long_term", "VN", "29", "2", "２０２４", "no", "", "31", "12", "2030")
	f.Fuzz(func(t *testing.T, category, nationality, day, month, year, born, notified, endD, endM, endY string) {
		in := SituationForm{Category: category, Nationality: nationality, BirthDay: day, BirthMonth: month, BirthYear: year,
			BornInJapan: born, BirthNotified: notified, StatusApplied: "no", StayEndDay: endD, StayEndMonth: endM, StayEndYear: endY}
		out, err := in.check(now)
		if err != nil {
			if problem.From(err) == nil {
				t.Fatalf("non-problem error %v", err)
			}
			return
		}
		s, ok := out.situation()
		if !ok {
			t.Fatal("accepted form without a situation")
		}
		if ev := residency.Evaluate(s, now); len(ev.Problems) > 0 {
			t.Fatalf("accepted form residency refuses: %v", ev.Problems)
		}
	})
}
