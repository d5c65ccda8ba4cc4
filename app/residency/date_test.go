package residency

import (
	"encoding/json"
	"testing"
	"testing/quick"
	"time"
)

// Property tests of the date arithmetic. Loops cover whole ranges of days
// (including four leap days and every month end); testing/quick covers
// random combinations.

var (
	rangeStart = day("2022-01-01")
	rangeEnd   = day("2030-12-31")
)

func eachDay(from, to time.Time, f func(time.Time)) {
	for d := from; !d.After(to); d = addDays(d, 1) {
		f(d)
	}
}

// dayFrom maps any int to a day between 1930 and 2060, for testing/quick.
func dayFrom(n int32) time.Time {
	span := int32(daysBetween(day("1930-01-01"), day("2060-12-31")))
	k := n % span
	if k < 0 {
		k += span
	}
	return addDays(day("1930-01-01"), int(k))
}

func TestPropertyDayPeriodsCountTheEventDay(t *testing.T) {
	for _, p := range []dayPeriod{birthNotification, statusApplication, stayWithoutStatus, specialPermanentApplication} {
		eachDay(rangeStart, rangeEnd, func(ev time.Time) {
			end := p.end(ev)
			if end.Before(ev) {
				t.Fatalf("%d days from %s ends %s, before the event", p.days, ev.Format(dateLayout), end.Format(dateLayout))
			}
			// Day of the event counted: the period holds exactly p.days days.
			if n := daysBetween(ev, end) + 1; n != p.days {
				t.Fatalf("%d days from %s: period holds %d days", p.days, ev.Format(dateLayout), n)
			}
		})
	}
}

func TestPropertyBirthNotificationIsBirthPlus13(t *testing.T) {
	// The fact in its plainest form, across leap days and year ends.
	eachDay(rangeStart, rangeEnd, func(b time.Time) {
		if got, want := birthNotification.end(b), b.AddDate(0, 0, 13); !got.Equal(want) {
			t.Fatalf("born %s: deadline %s, want %s", b.Format(dateLayout), got.Format(dateLayout), want.Format(dateLayout))
		}
	})
}

func TestPropertyAddMonthsCivil(t *testing.T) {
	for n := 1; n <= 3; n++ {
		var prev time.Time
		eachDay(rangeStart, rangeEnd, func(from time.Time) {
			got := addMonthsCivil(from, n)
			if !got.After(from) {
				t.Fatalf("%s + %d months = %s, not after", from.Format(dateLayout), n, got.Format(dateLayout))
			}
			// The period ends the day before the corresponding day of its
			// first day, or at the end of a month that has no such day.
			start := addDays(from, 1)
			next := addDays(got, 1)
			lastOfMonth := got.Day() == daysIn(got.Year(), got.Month())
			if next.Day() != start.Day() && !lastOfMonth {
				t.Fatalf("%s + %d months = %s: neither the day before day %d nor a month end", from.Format(dateLayout), n, got.Format(dateLayout), start.Day())
			}
			// Within n calendar months of the start, never overflowing.
			months := (got.Year()-start.Year())*12 + int(got.Month()) - int(start.Month())
			if months != n && months != n-1 {
				t.Fatalf("%s + %d months = %s: %d months on", from.Format(dateLayout), n, got.Format(dateLayout), months)
			}
			if !prev.IsZero() && got.Before(prev) {
				t.Fatalf("%s + %d months = %s, earlier than for the day before (%s)", from.Format(dateLayout), n, got.Format(dateLayout), prev.Format(dateLayout))
			}
			prev = got
		})
	}
}

func TestAddMonthsCivilMonthEnds(t *testing.T) {
	tests := []struct{ from, want string }{
		{"2027-01-31", "2027-02-28"}, // 31 Jan + 1 month: start 1 Feb, ends 28 Feb (Go's AddDate gives 3 Mar)
		{"2028-01-31", "2028-02-29"}, // leap year
		{"2027-01-30", "2027-02-28"}, // start 31 Jan, no 31 Feb: month end
		{"2027-02-28", "2027-03-31"}, // start 1 Mar, ends the day before 1 Apr
		{"2028-02-28", "2028-03-28"}, // start 29 Feb, ends the day before 29 Mar
		{"2027-04-15", "2027-05-15"},
	}
	for _, tt := range tests {
		if got := addMonthsCivil(day(tt.from), 1); got.Format(dateLayout) != tt.want {
			t.Errorf("%s + 1 month = %s, want %s", tt.from, got.Format(dateLayout), tt.want)
		}
	}
}

func TestPropertyNthBirthdayAfter(t *testing.T) {
	f := func(b, d int32, k uint8) bool {
		birth, issued := dayFrom(b), dayFrom(d)
		if issued.Before(birth) {
			birth, issued = issued, birth
		}
		n := int(k%10) + 1
		got := nthBirthdayAfter(birth, issued, n)
		if !got.After(issued) {
			return false
		}
		// Exactly n birthdays in (issued, got], the last one being got.
		count := 0
		for y := issued.Year(); y <= got.Year(); y++ {
			bd := birthdayIn(birth, y)
			if bd.After(issued) && !bd.After(got) {
				count++
			}
		}
		return count == n && got.Equal(birthdayIn(birth, got.Year()))
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
}

func TestPropertyAgeGoesUpOnBirthdaysOnly(t *testing.T) {
	for _, b := range []string{"2000-02-29", "2004-02-29", "2001-03-01", "2001-02-28", "2003-12-31", "2005-01-01"} {
		birth := day(b)
		prev := ageOn(birth, birth)
		if prev != 0 {
			t.Fatalf("born %s: age %d on the day of birth", b, prev)
		}
		eachDay(addDays(birth, 1), birth.AddDate(25, 0, 0), func(d time.Time) {
			age := ageOn(birth, d)
			isBirthday := d.Equal(birthdayIn(birth, d.Year()))
			switch {
			case isBirthday && age != prev+1:
				t.Fatalf("born %s: on birthday %s age %d, before %d", b, d.Format(dateLayout), age, prev)
			case !isBirthday && age != prev:
				t.Fatalf("born %s: on %s age changed from %d to %d", b, d.Format(dateLayout), prev, age)
			}
			prev = age
		})
	}
}

func TestPropertyCardNeverPastBirthdayLimit(t *testing.T) {
	f := func(b, i, e, r int32, renewed, pending bool) bool {
		birth, issued := dayFrom(b), dayFrom(i)
		if issued.Before(birth) {
			birth, issued = issued, birth
		}
		end := addDays(issued, int(uint32(e)%5000))
		stay := &StayPeriod{End: Date{Time: end}}
		if pending {
			stay.RenewalApplied = &Date{Time: addDays(end, -int(uint32(r)%200)+100)}
		}
		if renewed {
			stay.RenewedEnd = &Date{Time: addDays(end, int(uint32(r)%4000)+1)}
		}
		for _, st := range []*StayPeriod{nil, stay} {
			v := CardExpiry(birth, issued, time.Time{}, st)
			limit := v.BirthdayLimit.Time
			switch {
			case !limit.After(issued):
				return false
			case v.Expiry.After(limit), v.Certificates.After(limit), v.CertificatesUsable.After(v.Expiry.Time):
				return false
			case v.Extension != nil && (v.Extension.After(limit) || !v.Extension.After(v.Expiry.Time)):
				return false
			case v.Extension != nil && !v.ExtendBy.Equal(v.Expiry.Time):
				return false
			case v.RenewBy.After(v.Expiry.Time):
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
}

func TestPropertyChildDeadlinesNeverBeforeBirth(t *testing.T) {
	today := day("2031-01-01")
	eachDay(day("2024-01-01"), day("2028-12-31"), func(b time.Time) {
		s := Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: Date{Time: b}, BornInJapan: &BirthFacts{}}
		ev := Evaluate(s, today)
		if len(ev.Problems) > 0 {
			t.Fatalf("born %s: %v", b.Format(dateLayout), ev.Problems)
		}
		for _, d := range ev.Deadlines {
			if d.Date.Before(b) {
				t.Fatalf("born %s: %s on %s, before the birth", b.Format(dateLayout), d.ID, d.Date)
			}
		}
	})
}

func TestPropertySubMonthsClamped(t *testing.T) {
	eachDay(rangeStart, rangeEnd, func(d time.Time) {
		got := subMonthsClamped(d, 1)
		if !got.Before(d) || daysBetween(got, d) > 31 {
			t.Fatalf("%s − 1 month = %s", d.Format(dateLayout), got.Format(dateLayout))
		}
	})
}

func TestDateJSON(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
		out   string
	}{
		{`"2024-02-29"`, true, "2024-02-29"},
		{`"2026-02-29"`, false, ""}, // not a leap year
		{`"2026-04-31"`, false, ""},
		{`"2026-4-1"`, false, ""},
		{`"2026/04/01"`, false, ""},
		{`"1899-12-31"`, false, ""},
		{`20260401`, false, ""},
		{`null`, true, ""},
	}
	for _, tt := range tests {
		var d Date
		if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if d.Valid() != tt.valid || d.String() != tt.out {
			t.Errorf("%s: valid %v %q, want %v %q", tt.in, d.Valid(), d.String(), tt.valid, tt.out)
		}
	}
	b, _ := json.Marshal(struct {
		A Date  `json:"a"`
		B *Date `json:"b"`
	}{A: NewDate(2026, 6, 1)})
	if string(b) != `{"a":"2026-06-01","b":null}` {
		t.Errorf("marshal = %s", b)
	}
}
