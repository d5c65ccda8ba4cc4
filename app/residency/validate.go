package residency

import (
	"fmt"
	"time"

	"madoguchi/app/problem"
)

// Validate checks a situation against today and returns its problems, one
// per field, in field order. Problem args name fields, never values: the
// values are dates of birth and the like.
func (s Situation) Validate(today time.Time) error {
	v := validator{today: japanDay(today)}
	v.category("category", s.Category, true)
	v.status(s)
	v.nationality("nationality", s.Nationality, true)

	needBirth := s.BornInJapan != nil || s.Card != nil || s.Category == TransitionalBirth
	v.date("birthDate", &s.BirthDate, needBirth, true)
	if s.Stay != nil {
		v.date("stay.end", &s.Stay.End, true, false)
		v.date("stay.renewalApplied", s.Stay.RenewalApplied, false, true)
		v.date("stay.renewedEnd", s.Stay.RenewedEnd, false, false)
		if s.Stay.RenewedEnd != nil && v.ok("stay.end", "stay.renewedEnd") && !s.Stay.RenewedEnd.After(s.Stay.End.Time) {
			v.add("stay.renewedEnd", "residency.error.stay.renewedNotLater")
		}
		if !s.takesStay() {
			v.add("stay", "residency.error.stay.notApplicable")
		}
	}
	v.date("nationalityLossDate", s.NationalityLossDate, s.Category == TransitionalNationalityLoss, true)
	v.date("statusApplied", s.StatusApplied, false, true)
	if _, ok := s.transitionalEvent(); s.StatusApplied != nil && !ok && v.ok("statusApplied", "birthDate", "nationalityLossDate") {
		v.add("statusApplied", "residency.error.statusApplied.notApplicable")
	}
	v.date("registeredOn", s.RegisteredOn, false, false)
	if b := s.BornInJapan; b != nil {
		v.date("bornInJapan.notified", b.Notified, false, true)
		for i, p := range b.Parents {
			v.category(fmt.Sprintf("bornInJapan.parents[%d].category", i), p.Category, false)
			v.nationality(fmt.Sprintf("bornInJapan.parents[%d].nationality", i), p.Nationality, false)
		}
	}
	if c := s.Card; c != nil {
		v.date("card.issued", &c.Issued, true, true)
		v.date("card.applied", c.Applied, false, true)
		v.date("card.certificatesIssued", c.CertificatesIssued, false, true)
		if c.Applied != nil && v.ok("card.applied", "card.issued") && c.Applied.After(c.Issued.Time) {
			v.add("card.applied", "residency.error.card.appliedAfterIssued")
		}
		if c.CertificatesIssued != nil && v.ok("card.certificatesIssued", "card.issued") && c.CertificatesIssued.Before(c.Issued.Time) {
			v.add("card.certificatesIssued", "residency.error.card.certificatesBeforeCard")
		}
		v.cardKind(s, c)
	}
	v.notBeforeBirth(s)
	return v.probs.Err()
}

type validator struct {
	today time.Time
	probs problem.List
	bad   map[string]bool // fields that already have a problem
}

func (v *validator) add(field, id string) {
	if v.bad[field] {
		return
	}
	if v.bad == nil {
		v.bad = map[string]bool{}
	}
	v.bad[field] = true
	v.probs.Add(problem.OnField(field, id, nil))
}

// ok reports whether none of the fields has a problem.
func (v *validator) ok(fields ...string) bool {
	for _, f := range fields {
		if v.bad[f] {
			return false
		}
	}
	return true
}

func (v *validator) category(field string, c Category, required bool) {
	if c == "" {
		if required {
			v.add(field, "residency.error.category.required")
		}
		return
	}
	if _, ok := categoryRules[c]; !ok {
		v.add(field, "residency.error.category.unknown")
	}
}

func (v *validator) status(s Situation) {
	if s.Status == "" {
		return
	}
	if s.Category != MidToLongTerm {
		v.add("status", "residency.error.status.notApplicable")
		return
	}
	if _, ok := statusRules[s.Status]; !ok {
		v.add("status", "residency.error.status.unknown")
	}
}

func (v *validator) nationality(field, n string, required bool) {
	switch {
	case n == "":
		if required {
			v.add(field, "residency.error.nationality.required")
		}
	case n == NationalityStateless || n == NationalityUnknown:
	case !isCountryCode(n):
		v.add(field, "residency.error.nationality.invalid")
	case n == "JP" && required:
		// This package is about foreign residents; a parent may be Japanese.
		v.add(field, "residency.error.nationality.japanese")
	}
}

// isCountryCode accepts two upper-case ASCII letters. The list of assigned
// codes is app/intake's business; here a code only has to be well formed.
func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// date checks one date field: present when required, a real date, and not
// in the future when it records something that has happened.
func (v *validator) date(field string, d *Date, required, past bool) {
	switch {
	case d == nil || (d.IsZero() && d.Valid()):
		if required {
			v.add(field, "residency.error.date.required")
		}
	case !d.Valid():
		v.add(field, "residency.error.date.invalid")
	case past && d.After(v.today):
		v.add(field, "residency.error.date.future")
	}
}

// notBeforeBirth refuses events dated before the person was born.
func (v *validator) notBeforeBirth(s Situation) {
	if s.BirthDate.IsZero() || !v.ok("birthDate") {
		return
	}
	check := func(field string, d *Date) {
		if d != nil && !d.IsZero() && v.ok(field) && d.Before(s.BirthDate.Time) {
			v.add(field, "residency.error.date.beforeBirth")
		}
	}
	check("nationalityLossDate", s.NationalityLossDate)
	check("statusApplied", s.StatusApplied)
	if b := s.BornInJapan; b != nil {
		check("bornInJapan.notified", b.Notified)
	}
	if c := s.Card; c != nil {
		check("card.issued", &c.Issued)
		check("card.applied", c.Applied)
		check("card.certificatesIssued", c.CertificatesIssued)
	}
}

// cardKind checks that the card's kind exists, fits the category and its
// start, and that the facts given are ones that kind of card has.
func (v *validator) cardKind(s Situation, c *CardFacts) {
	rule, known := cardKindRules[c.kind()]
	v.date("card.validityChanged", c.ValidityChanged, false, true)
	v.date("card.extendedTo", c.ExtendedTo, false, false)
	switch {
	case !known:
		v.add("card.kind", "residency.error.card.kind")
	case rule.category != "" && v.ok("category") && s.Category != rule.category:
		v.add("card.kind", "residency.error.card.kindCategory")
	case rule.combined && v.ok("card.issued") && c.Issued.Before(specifiedCards.operation):
		v.add("card.kind", "residency.error.card.kindBeforeStart")
	}
	if rule.combined {
		if c.ValidityChanged != nil {
			v.add("card.validityChanged", "residency.error.card.notForCombined")
		}
		if c.ExtendedTo != nil {
			v.add("card.extendedTo", "residency.error.card.notForCombined")
		}
		return
	}
	if c.ValidityChanged != nil && (s.Stay == nil || s.Stay.RenewedEnd == nil) {
		v.add("card.validityChanged", "residency.error.card.validityChangedWithoutRenewal")
	}
	if c.ValidityChanged != nil && v.ok("card.validityChanged", "card.issued") && c.ValidityChanged.Before(c.Issued.Time) {
		v.add("card.validityChanged", "residency.error.card.validityChangedBeforeCard")
	}
	if c.ExtendedTo != nil && (s.Stay == nil || s.Stay.RenewalApplied == nil) {
		v.add("card.extendedTo", "residency.error.card.extendedWithoutRenewal")
	}
}
