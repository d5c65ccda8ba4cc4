package intake

import (
	"time"

	"madoguchi/app/problem"
)

// EraDate is a date in the Japanese calendar (和暦). Year 1 is 元年.
type EraDate struct {
	Era   string `json:"era"`
	Year  int    `json:"year"`
	Month int    `json:"month"`
	Day   int    `json:"day"`
}

// ToEra converts the calendar date of t (its year, month and day, whatever
// its zone) to the era it falls in. It is false before Meiji began.
func ToEra(t time.Time) (EraDate, bool) {
	d := day(t.Year(), t.Month(), t.Day())
	for i := len(eras) - 1; i >= 0; i-- {
		e := eras[i]
		if !d.Before(e.start) {
			return EraDate{Era: e.id, Year: d.Year() - e.start.Year() + 1, Month: int(d.Month()), Day: d.Day()}, true
		}
	}
	return EraDate{}, false
}

// FromEra converts an era date to the Gregorian date, at midnight UTC. It
// refuses dates outside their era with a problem on the birth step's fields,
// giving the era's bounds as arguments. The current era has no upper bound
// here: Validate bounds it by today.
func FromEra(d EraDate) (time.Time, *problem.Problem) {
	i := eraIndex(d.Era)
	if i < 0 {
		return time.Time{}, birthProblem(fieldBirthEra, "invalid", nil)
	}
	e := eras[i]
	if d.Year < 1 {
		return time.Time{}, birthProblem(fieldBirthYear, "tooSmall", nil)
	}
	if last, closed := eraLastYear(i); closed && d.Year > last {
		return time.Time{}, birthProblem(fieldBirthYear, "outsideEra", map[string]any{"LastYear": last})
	}
	t, p := realDate(e.start.Year()+d.Year-1, d.Month, d.Day)
	if p != nil {
		return time.Time{}, p
	}
	if t.Before(e.start) {
		if i == 0 {
			return time.Time{}, tooEarlyProblem()
		}
		return time.Time{}, birthProblem(fieldBirthEra, "beforeEraStart", dateArgs(e.start))
	}
	if end, closed := eraEnd(i); closed && t.After(end) {
		return time.Time{}, birthProblem(fieldBirthEra, "afterEraEnd", dateArgs(end))
	}
	return t, nil
}

// realDate builds the Gregorian date y-m-d, refusing a month or day out of
// range and a day the month does not have (31 February, 29 February of a
// common year).
func realDate(y, m, d int) (time.Time, *problem.Problem) {
	if m < 1 || m > 12 {
		return time.Time{}, birthProblem(fieldBirthMonth, "outOfRange", nil)
	}
	if d < 1 || d > 31 {
		return time.Time{}, birthProblem(fieldBirthDay, "outOfRange", nil)
	}
	t := day(y, time.Month(m), d)
	if t.Day() != d { // time.Date normalised an overflow into the next month
		return time.Time{}, birthProblem(fieldBirthDay, "notRealDate", nil)
	}
	return t, nil
}

func eraIndex(id string) int {
	for i, e := range eras {
		if e.id == id {
			return i
		}
	}
	return -1
}

// eraEnd is the last day of era i; false for the current era.
func eraEnd(i int) (time.Time, bool) {
	if i+1 >= len(eras) {
		return time.Time{}, false
	}
	return eras[i+1].start.AddDate(0, 0, -1), true
}

// eraLastYear is the era year of the last day of era i (Showa: 64).
func eraLastYear(i int) (int, bool) {
	end, closed := eraEnd(i)
	if !closed {
		return 0, false
	}
	return end.Year() - eras[i].start.Year() + 1, true
}

func dateArgs(t time.Time) map[string]any {
	return map[string]any{"Year": t.Year(), "Month": int(t.Month()), "Day": t.Day()}
}

// firstDate is the earliest birth date accepted: the first day of Meiji.
func firstDate() time.Time { return eras[0].start }

func tooEarlyProblem() *problem.Problem {
	return birthProblem(fieldBirthYear, "tooEarly", dateArgs(firstDate()))
}

func birthProblem(field, kind string, args map[string]any) *problem.Problem {
	return problem.OnField(field, messageID(stepBirth, field, kind), args)
}
