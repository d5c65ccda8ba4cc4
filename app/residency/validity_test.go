package residency

import (
	"testing"
	"time"
)

// day parses "YYYY-MM-DD" for tests; "" is the zero time.
func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	d, ok := ParseDate(s)
	if !ok {
		panic("bad test date " + s)
	}
	return d.Time
}

func dp(s string) *Date {
	d, ok := ParseDate(s)
	if !ok {
		panic("bad test date " + s)
	}
	return &d
}

func TestCardExpiry(t *testing.T) {
	tests := []struct {
		fact          string
		birth, issued string
		applied       string
		stay          *StayPeriod
		expiry, basis string
		limit         string
		extension     string // "" = none
		certs, usable string // "" = not checked
		renewBy       string
		renewMsg      string
		threshold     int
		note          string // a note that must be present
	}{
		{fact: "facts.md: issued at 18 or over, valid until the 10th birthday after issuance",
			birth: "1990-05-10", issued: "2026-06-01", applied: "2026-05-01",
			expiry: "2036-05-10", basis: BasisBirthday10, limit: "2036-05-10", certs: "2031-05-10", usable: "2031-05-10",
			renewBy: "2036-04-10", renewMsg: renewByBirthday, threshold: 18},
		{fact: "facts.md: issued under 18, valid until the 5th birthday after issuance",
			birth: "2015-08-20", issued: "2026-06-01", applied: "2026-05-01",
			expiry: "2030-08-20", basis: BasisBirthday5, limit: "2030-08-20", certs: "2030-08-20", threshold: 18,
			note: "residency.card.note.noSignatureUnder15"},
		{fact: "ordinance: a card issued on a birthday does not count that birthday (発行の日後)",
			birth: "1990-06-01", issued: "2026-06-01",
			expiry: "2036-06-01", basis: BasisBirthday10, limit: "2036-06-01"},
		{fact: "ordinance: a card issued the day before a birthday counts it as the first",
			birth: "1990-06-01", issued: "2026-05-31",
			expiry: "2035-06-01", basis: BasisBirthday10, limit: "2035-06-01"},
		{fact: "facts.md: threshold was 20 for applications before 2022-04-01 (aged 19, applied 2022-03-15)",
			birth: "2003-01-10", issued: "2022-04-20", applied: "2022-03-15",
			expiry: "2027-01-10", basis: BasisBirthday5, limit: "2027-01-10", threshold: 20},
		{fact: "facts.md: threshold 18 for applications from 2022-04-01 (aged 19, applied that day)",
			birth: "2003-01-10", issued: "2022-04-20", applied: "2022-04-01",
			expiry: "2032-01-10", basis: BasisBirthday10, limit: "2032-01-10", threshold: 18},
		{fact: "facts.md: no application date means the issue date decides the threshold",
			birth: "2003-01-10", issued: "2022-03-20",
			expiry: "2027-01-10", basis: BasisBirthday5, threshold: 20},
		{fact: "facts.md: issued on the 18th birthday counts as 18 or over",
			birth: "2008-06-01", issued: "2026-06-01",
			expiry: "2036-06-01", basis: BasisBirthday10},
		{fact: "age-counting choice: issued the day before the 18th birthday gives the shorter, 5-year card",
			birth: "2008-06-02", issued: "2026-06-01",
			expiry: "2030-06-02", basis: BasisBirthday5},
		{fact: "年齢計算ニ関スル法律 + 民法 143(2): born 29 Feb, limit in a common year falls on 28 Feb",
			birth: "2000-02-29", issued: "2025-06-01",
			expiry: "2035-02-28", basis: BasisBirthday10, certs: "2030-02-28"},
		{fact: "born 29 Feb, limit in a leap year falls on 29 Feb",
			birth: "2000-02-29", issued: "2026-06-01",
			expiry: "2036-02-29", basis: BasisBirthday10, certs: "2031-02-28"},
		{fact: "born 29 Feb, a card issued on 28 Feb of a common year is issued on the birthday",
			birth: "2000-02-29", issued: "2027-02-28",
			expiry: "2037-02-28", basis: BasisBirthday10},
		{fact: "facts.md: foreign resident with a period of stay, card ends with the stay",
			birth: "1995-03-03", issued: "2026-04-15", stay: &StayPeriod{End: *dp("2027-09-30")},
			expiry: "2027-09-30", basis: BasisPeriodOfStay, limit: "2036-03-03",
			certs: "2031-03-03", usable: "2027-09-30", renewBy: "2027-09-30", renewMsg: renewByStay},
		{fact: "facts.md: the birthday limit applies if earlier than the end of stay",
			birth: "2012-01-15", issued: "2026-04-15", stay: &StayPeriod{End: *dp("2032-12-31")},
			expiry: "2031-01-15", basis: BasisBirthday5, limit: "2031-01-15", renewMsg: renewByBirthday},
		{fact: "facts.md: after a renewal the expiry moves to the new end of stay",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2027-09-30"), RenewalApplied: dp("2027-08-01"), RenewedEnd: dp("2030-09-30")},
			expiry: "2030-09-30", basis: BasisRenewedStay, usable: "2030-09-30", renewMsg: renewByStay},
		{fact: "facts.md: a renewal never moves the card past the birthday limit",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2027-09-30"), RenewedEnd: dp("2040-09-30")},
			expiry: "2036-03-03", basis: BasisBirthday10, limit: "2036-03-03"},
		{fact: "facts.md: renewal pending, card can be extended up to 2 months (特例期間)",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2027-09-30"), RenewalApplied: dp("2027-08-01")},
			expiry: "2027-09-30", basis: BasisPeriodOfStay, extension: "2027-11-30",
			renewBy: "2027-09-30", renewMsg: renewByPending},
		{fact: "入管法 20(6): a renewal applied on the last day of stay still opens the special period",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2027-09-30"), RenewalApplied: dp("2027-09-30")},
			expiry: "2027-09-30", basis: BasisPeriodOfStay, extension: "2027-11-30"},
		{fact: "入管法 20(6): a renewal applied after the end of stay gives no extension",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2027-09-30"), RenewalApplied: dp("2027-10-01")},
			expiry: "2027-09-30", basis: BasisPeriodOfStay, renewMsg: renewByStay},
		{fact: "facts.md: the extension never passes the birthday limit",
			birth: "1995-10-15", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2035-09-30"), RenewalApplied: dp("2035-09-01")},
			expiry: "2035-09-30", basis: BasisPeriodOfStay, limit: "2035-10-15", extension: "2035-10-15"},
		{fact: "民法 140/143: a stay ending 30 Nov has its special period end on 31 Jan",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2026-11-30"), RenewalApplied: dp("2026-11-01")},
			expiry: "2026-11-30", basis: BasisPeriodOfStay, extension: "2027-01-31"},
		{fact: "民法 143(2): a stay ending 29 Dec has its special period end on 28 Feb, not in March",
			birth: "1995-03-03", issued: "2026-04-15",
			stay:   &StayPeriod{End: *dp("2026-12-29"), RenewalApplied: dp("2026-12-01")},
			expiry: "2026-12-29", basis: BasisPeriodOfStay, extension: "2027-02-28"},
		{fact: "municipal guidance: a card made after the stay ended cannot be handed over",
			birth: "1995-03-03", issued: "2026-04-15", stay: &StayPeriod{End: *dp("2026-04-01")},
			expiry: "2026-04-01", basis: BasisPeriodOfStay, note: "residency.card.note.expiredAtIssue"},
	}
	for _, tt := range tests {
		t.Run(tt.fact, func(t *testing.T) {
			v := CardExpiry(day(tt.birth), day(tt.issued), day(tt.applied), tt.stay)
			check := func(what, got, want string) {
				t.Helper()
				if want != "" && got != want {
					t.Errorf("%s = %s, want %s", what, got, want)
				}
			}
			check("expiry", v.Expiry.String(), tt.expiry)
			check("basis", v.Basis, tt.basis)
			check("birthday limit", v.BirthdayLimit.String(), tt.limit)
			check("certificates", v.Certificates.String(), tt.certs)
			check("certificates usable", v.CertificatesUsable.String(), tt.usable)
			check("renew by", v.RenewBy.String(), tt.renewBy)
			check("renew message", v.RenewMessage, tt.renewMsg)
			if tt.threshold != 0 && v.AdultThreshold != tt.threshold {
				t.Errorf("threshold = %d, want %d", v.AdultThreshold, tt.threshold)
			}
			switch {
			case tt.extension == "" && v.Extension != nil:
				t.Errorf("extension = %s, want none", v.Extension)
			case tt.extension != "" && v.Extension == nil:
				t.Errorf("no extension, want %s", tt.extension)
			case tt.extension != "":
				check("extension", v.Extension.String(), tt.extension)
				check("extend by", v.ExtendBy.String(), v.Expiry.String())
			}
			if tt.note != "" && !contains(v.Notes, tt.note) {
				t.Errorf("notes = %v, want %s", v.Notes, tt.note)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
