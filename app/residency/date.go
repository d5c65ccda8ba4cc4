package residency

import (
	"bytes"
	"encoding/json"
	"time"
)

// Date is a calendar day, written "YYYY-MM-DD" in JSON. The embedded time is
// midnight UTC of that day, so dates compare and add without time zones.
type Date struct {
	time.Time
	// invalid is set when JSON held something that is not a real date;
	// Validate reports it with the field's name. The text itself is not
	// kept: it may be someone's date of birth.
	invalid bool
}

const dateLayout = "2006-01-02"

// Dates outside this range are refused as typing errors.
const (
	minYear = 1900
	maxYear = 2199
)

// NewDate returns the given day.
func NewDate(y int, m time.Month, d int) Date {
	return Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	return Date{Time: civil(t)}
}

// ParseDate reads "YYYY-MM-DD"; it refuses impossible days such as 2026-02-30.
func ParseDate(s string) (Date, bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || len(s) != len(dateLayout) || t.Year() < minYear || t.Year() > maxYear {
		return Date{}, false
	}
	return Date{Time: t}, true
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// Valid reports whether d was read from a real date.
func (d Date) Valid() bool { return !d.invalid }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null. Anything else (another string,
// a number, an object) is kept as an invalid date, so that Validate can name
// the field: the decoder alone cannot say which date was wrong.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		*d = Date{invalid: true}
		return nil
	}
	parsed, ok := ParseDate(s)
	if !ok {
		*d = Date{invalid: true}
		return nil
	}
	*d = parsed
	return nil
}

// civil returns midnight UTC of t's calendar day in t's location.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// daysBetween returns to − from in whole days; both are civil dates.
func daysBetween(from, to time.Time) int {
	return int(to.Sub(from).Hours() / 24)
}

// periodEnd returns the last day of a period of p.days from the event.
func (p dayPeriod) end(event time.Time) time.Time {
	if p.countsEventDay {
		return addDays(event, p.days-1)
	}
	return addDays(event, p.days)
}

// addMonthsCivil returns the last day of a period of n months that starts
// after the end of day `from` (Civil Code art. 140: the first day is not
// counted). Art. 143(2): the period ends on the day before the day in the
// last month that corresponds to its first day; if that month has no such
// day, it ends on that month's last day. So 2026-11-30 + 2 months is
// 2027-01-31 and 2026-12-29 + 2 months is 2027-02-28, where Go's AddDate
// would overflow into March.
func addMonthsCivil(from time.Time, n int) time.Time {
	start := addDays(from, 1)
	y, m := start.Year(), start.Month()+time.Month(n)
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) // normalises the month
	if start.Day() > daysIn(first.Year(), first.Month()) {
		return time.Date(first.Year(), first.Month(), daysIn(first.Year(), first.Month()), 0, 0, 0, 0, time.UTC)
	}
	return addDays(time.Date(first.Year(), first.Month(), start.Day(), 0, 0, 0, 0, time.UTC), -1)
}

// subMonthsClamped returns the same day n months earlier, or the last day of
// that month when it is shorter (31 March − 1 month = 28 or 29 February).
// Used only for advice dates, where a day earlier is harmless.
func subMonthsClamped(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	d := min(t.Day(), daysIn(first.Year(), first.Month()))
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// birthdayIn returns the birthday in year y of a person born on birth. A
// person born on 29 February has their birthday on 28 February in a common
// year (see leapDayBirthdayInCommonYear).
func birthdayIn(birth time.Time, y int) time.Time {
	if birth.Month() == time.February && birth.Day() == 29 && !isLeap(y) {
		return time.Date(y, time.February, leapDayBirthdayInCommonYear, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
}

// nthBirthdayAfter returns the n-th birthday strictly after day d ("発行の日
// 後の n 回目の誕生日"): a card issued on a birthday does not count that day.
func nthBirthdayAfter(birth, d time.Time, n int) time.Time {
	y := d.Year()
	if !birthdayIn(birth, y).After(d) {
		y++
	}
	return birthdayIn(birth, y+n-1)
}

// ageOn returns the age on day d, counting a birthday as the day the age is
// reached. (By the Act on Age Calculation the age is reached at the end of
// the day before; for "aged 18 at issuance" we take the later reading, which
// gives the shorter validity when a card is issued on the day before a
// birthday (check).)
func ageOn(birth, d time.Time) int {
	age := d.Year() - birth.Year()
	if birthdayIn(birth, d.Year()).After(d) {
		age--
	}
	return age
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
