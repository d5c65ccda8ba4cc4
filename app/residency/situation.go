// Package residency decides, from a foreign resident's situation, whether they can have a My Number Card, which deadlines they face and whom to refer them to; pure functions, no database.
package residency

import (
	"slices"
	"time"
)

// Category is a category of foreign resident as the resident register sees
// it: registered (may apply for a card) or not. See rules.go for the list.
type Category string

// Nationality answers that are not ISO 3166-1 alpha-2 codes; the same
// strings as app/intake's.
const (
	NationalityStateless = "stateless" // recorded as 無国籍
	NationalityUnknown   = "unknown"
)

// Situation is what a caseworker knows about one person. Dates the person
// has not reached (a notification not made, a renewal not applied for) are
// null. Nothing here identifies the person: no name, no number, no address.
type Situation struct {
	Category Category `json:"category"`
	// Status is the status of residence of a mid-to-long-term resident, as
	// app/intake names it (plus highly_skilled_professional_1 / _2); empty
	// for other categories.
	Status string `json:"status,omitempty"`
	// Nationality: an ISO 3166-1 alpha-2 code, "stateless" or "unknown".
	Nationality string `json:"nationality"`
	BirthDate   Date   `json:"birthDate"`
	// Stay is the period of stay (mid-to-long-term residents with a
	// period) or the permitted period (一時庇護, 仮滞在). Transitional
	// stayers' 60 days are computed from BirthDate or NationalityLossDate.
	Stay *StayPeriod `json:"stay,omitempty"`
	// NationalityLossDate is the day Japanese nationality was lost
	// (transitional_nationality_loss).
	NationalityLossDate *Date `json:"nationalityLossDate,omitempty"`
	// StatusApplied is the day a status of residence (or special permanent
	// residence) was applied for by a transitional stayer: a child born in
	// Japan or a person who lost Japanese nationality.
	StatusApplied *Date `json:"statusApplied,omitempty"`
	// RegisteredOn is the day the residence record was or will be created
	// (e.g. a planned moving-in notification); a later day than today
	// means the person can apply only from then.
	RegisteredOn *Date `json:"registeredOn,omitempty"`
	// BornInJapan is set for a child born in Japan whose first steps
	// (birth notification, status) matter.
	BornInJapan *BirthFacts `json:"bornInJapan,omitempty"`
	Card        *CardFacts  `json:"card,omitempty"`
}

// StayPeriod is a period of stay and what happened to it.
type StayPeriod struct {
	End Date `json:"end"`
	// RenewalApplied: the day a renewal or change of status was applied
	// for. Only an application made on or before End opens the special
	// period (特例期間).
	RenewalApplied *Date `json:"renewalApplied,omitempty"`
	// RenewedEnd: the new end of stay once the renewal was granted.
	RenewedEnd *Date `json:"renewedEnd,omitempty"`
}

// BirthFacts are the steps after a birth in Japan.
type BirthFacts struct {
	Notified *Date `json:"notified"` // birth notification (出生届) made on; null if not (or not known)
	// ReportedToEmbassy: whether the birth was reported to the parent's
	// embassy; null when not known.
	ReportedToEmbassy *bool    `json:"reportedToEmbassy,omitempty"`
	Parents           []Parent `json:"parents,omitempty"`
}

// Parent is what is known of one parent; either field may be empty.
type Parent struct {
	Category    Category `json:"category,omitempty"`
	Nationality string   `json:"nationality,omitempty"` // as Situation.Nationality; "JP" allowed
}

// CardFacts describe a card already issued.
type CardFacts struct {
	// Kind is the card: a My Number Card (mynumber, the default), or a
	// 特定在留カード (specified_residence) or 特定特別永住者証明書
	// (specified_special_permanent), residence card and My Number Card in
	// one (see rules.go).
	Kind   string `json:"kind,omitempty"`
	Issued Date   `json:"issued"`
	// Applied is the application date; it decides whether 18 or 20 was
	// the age threshold. Null means the same as Issued.
	Applied *Date `json:"applied,omitempty"`
	// CertificatesIssued is when the electronic certificates were last
	// issued (with the card, or renewed since). Null means with the card.
	CertificatesIssued *Date `json:"certificatesIssued,omitempty"`
	// ValidityChanged is the day a My Number Card's validity was changed at
	// the municipal office to follow a renewed period of stay
	// (stay.renewedEnd). Null: not yet, so the card still ends with the old
	// period.
	ValidityChanged *Date `json:"validityChanged,omitempty"`
	// ExtendedTo is the expiry a My Number Card was extended to during the
	// special period (特例期間) of a pending renewal, if it was.
	ExtendedTo *Date `json:"extendedTo,omitempty"`
}

// kind is the card's kind, a My Number Card when not given.
func (c *CardFacts) kind() string {
	if c.Kind == "" {
		return CardMyNumber
	}
	return c.Kind
}

// FromIntakeStatus maps one of app/intake's residence statuses to a
// category and, for mid-to-long-term residents, a status of residence.
func FromIntakeStatus(id string) (Category, string, bool) {
	if c, ok := intakeCategories[id]; ok {
		return c, "", true
	}
	if _, ok := statusRules[id]; ok {
		return MidToLongTerm, id, true
	}
	return "", "", false
}

// Categories returns the category IDs, registered first, with the message
// ID of each one's name.
func Categories() []CategoryInfo {
	out := make([]CategoryInfo, len(categoryOrder))
	for i, c := range categoryOrder {
		r := categoryRules[c]
		out[i] = CategoryInfo{ID: c, Label: r.label, Registered: r.registered}
	}
	return out
}

// CategoryInfo describes one category for a pick list.
type CategoryInfo struct {
	ID         Category `json:"id"`
	Label      string   `json:"label"`
	Registered bool     `json:"registered"`
}

// hasPeriod reports whether the stay ends on a date the card follows.
func (s Situation) hasPeriod() bool {
	if s.Category == MidToLongTerm {
		r := statusRules[s.Status]
		if r.ambiguous {
			return s.Stay != nil
		}
		return !r.noPeriod
	}
	return categoryRules[s.Category].permitted
}

// takesStay reports whether the period of stay is an input (rather than
// none, or computed from the birth or loss of nationality).
func (s Situation) takesStay() bool {
	switch s.Category {
	case TemporaryRefuge, ProvisionalStay:
		return true
	case MidToLongTerm:
		return s.hasPeriod() || statusRules[s.Status].ambiguous
	}
	return false
}

// transitionalEvent returns the day the 60 days without status started:
// the loss of nationality, or the birth of a child born in Japan.
func (s Situation) transitionalEvent() (time.Time, bool) {
	switch {
	case s.Category == TransitionalNationalityLoss && s.NationalityLossDate != nil:
		return s.NationalityLossDate.Time, true
	case s.Category == TransitionalBirth || s.BornInJapan != nil:
		return s.BirthDate.Time, !s.BirthDate.IsZero()
	}
	return time.Time{}, false
}

// OrgIDs lists the directory IDs of every organisation the rules may
// suggest; the directory (app/orgs) must hold each of them.
func OrgIDs() []string { return slices.Clone(orgIDs) }
