package people

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"madoguchi/app/problem"
)

// Problems the normalisers return. They carry no arguments: the value that
// could not be read is personal data.
func errBirthDate() error { return problem.New("people.error.birthDate.unreadable", nil) }
func errSex() error       { return problem.New("people.error.sex.unreadable", nil) }

var (
	dateCompact   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	dateSeparated = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$`)
)

// NormalizeBirthDate returns a Gregorian date as yyyy-mm-dd. It reads
// 19850401 (as on the card's chip), 1985-04-01, 1985/4/1, 1985.4.1 and
// 1985年4月1日, in full- or half-width digits, with or without spaces.
//
// A month and day of 00, or a day of 00, is kept (1985-00-00, 1985-04-00):
// the register holds some residents, often foreign-born, whose full birth
// date is unknown, and the chip then carries 00 too (see app/card). Two such
// dates are the same only if written alike.
//
// Dates in the Japanese calendar (昭和60年) are not read here: app/intake
// converts them, with the era table kept there.
func NormalizeBirthDate(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
	m := dateCompact.FindStringSubmatch(s)
	if m == nil {
		m = dateSeparated.FindStringSubmatch(s)
	}
	if m == nil {
		return "", errBirthDate()
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	switch {
	case mo == 0 && d == 0, mo >= 1 && mo <= 12 && d == 0:
		return fmt.Sprintf("%04d-%02d-00", y, mo), nil // not known in full
	case mo == 0:
		return "", errBirthDate()
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return "", errBirthDate() // 1985-02-30 would roll over to March
	}
	return t.Format(time.DateOnly), nil
}

// NormalizeSex reads the card's ISO/IEC 5218 code (1, 2, 9), the words
// app/intake stores (male, female, unstated), M/F, and 男/男性/女/女性.
// Anything else, the empty string included, is unreadable: a missing sex
// must never count as agreeing with another missing sex.
func NormalizeSex(s string) (Sex, error) {
	key := strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	if sex, ok := sexCodes[key]; ok {
		return sex, nil
	}
	return "", errSex()
}
