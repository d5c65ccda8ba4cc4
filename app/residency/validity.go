package residency

import "time"

// CardValidity is how long a card and its electronic certificates are valid.
// All dates are the last day of validity.
type CardValidity struct {
	// Expiry is the card's expiry today: the birthday limit, or the end of
	// the period of stay if earlier (after a renewal, the new end).
	Expiry Date   `json:"expiry"`
	Basis  string `json:"basis"` // birthday_10, birthday_5, period_of_stay, renewed_period_of_stay
	// BirthdayLimit is the 10th or 5th birthday after issuance: no change
	// of the period of stay moves the card past it.
	BirthdayLimit  Date `json:"birthdayLimit"`
	AgeAtIssue     int  `json:"ageAtIssue"`
	AdultThreshold int  `json:"adultThreshold"` // 18, or 20 for applications before 2022-04-01
	// Extension is how far the card can be extended while a renewal of
	// the period of stay is pending (特例期間): two months after the end
	// of stay, never past the birthday limit. Nil when not possible. It
	// must be asked for on or before ExtendBy (the card's expiry).
	Extension *Date `json:"extension,omitempty"`
	ExtendBy  *Date `json:"extendBy,omitempty"`
	// Certificates is the 5th birthday after the certificates' issuance
	// (at any age); CertificatesUsable is the earlier of that and the
	// card's expiry, since the certificates live on the card.
	Certificates       Date `json:"certificates"`
	CertificatesUsable Date `json:"certificatesUsable"`
	// RenewBy is the day to act by so the holder is not left without a
	// card; RenewMessage (a message ID) says what to do.
	RenewBy      Date     `json:"renewBy"`
	RenewMessage string   `json:"renewMessage"`
	Notes        []string `json:"notes,omitempty"` // message IDs
}

// CardExpiry computes a card's validity.
//
//   - birth, issued: the holder's birth date and the card's issue date (by
//     J-LIS, printed on the card); only their calendar day is used.
//   - applicationDate: when the card was applied for; before 2022-04-01 the
//     10-year threshold was 20 instead of 18. The zero time means "same as
//     issued".
//   - stay: the period of stay for foreign residents who have one (all but
//     永住者, 高度専門職2号 and 特別永住者), as it was at issuance, with any
//     renewal since; nil for everyone else.
//
// The caller checks that issued is not before birth (Situation.Validate).
// Certificates are taken as issued with the card; see CertificateExpiry.
func CardExpiry(birth, issued time.Time, applicationDate time.Time, stay *StayPeriod) CardValidity {
	birth, issued = civil(birth), civil(issued)
	applied := issued
	if !applicationDate.IsZero() {
		applied = civil(applicationDate)
	}

	threshold := cardAdultAge
	if applied.Before(adultAgeChange) {
		threshold = cardAdultAgeOld
	}
	age := ageOn(birth, issued)
	years, basis := cardYearsMinor, BasisBirthday5
	if age >= threshold {
		years, basis = cardYearsAdult, BasisBirthday10
	}
	limit := nthBirthdayAfter(birth, issued, years)

	v := CardValidity{
		Expiry:         Date{Time: limit},
		Basis:          basis,
		BirthdayLimit:  Date{Time: limit},
		AgeAtIssue:     age,
		AdultThreshold: threshold,
		RenewBy:        Date{Time: subMonthsClamped(limit, cardProductionMonths)},
		RenewMessage:   renewByBirthday,
	}
	if stay != nil {
		v.applyStay(stay)
	}

	certs := CertificateExpiry(birth, issued)
	v.Certificates = Date{Time: certs}
	v.CertificatesUsable = Date{Time: minTime(certs, v.Expiry.Time)}
	if ageOn(birth, issued) < signatureMinAge {
		v.Notes = append(v.Notes, "residency.card.note.noSignatureUnder15")
	}
	if v.Expiry.Before(issued) {
		// Made for a stay that ended before the card was ready: it cannot
		// be handed over; a new application is needed.
		v.Notes = append(v.Notes, "residency.card.note.expiredAtIssue")
	}
	return v
}

// applyStay limits the card to the period of stay: the end at issuance, or
// the renewed end, never past the birthday limit; and, while a renewal
// applied for in time is pending, offers the two-month extension.
func (v *CardValidity) applyStay(stay *StayPeriod) {
	limit := v.BirthdayLimit.Time
	end := civil(stay.End.Time)
	basis := BasisPeriodOfStay
	if stay.RenewedEnd != nil && !stay.RenewedEnd.IsZero() {
		end, basis = civil(stay.RenewedEnd.Time), BasisRenewedStay
	}
	if end.Before(limit) {
		v.Expiry, v.Basis = Date{Time: end}, basis
		// The card follows the stay: what matters is renewing the stay
		// and then changing the card's validity before it expires.
		v.RenewBy, v.RenewMessage = Date{Time: end}, renewByStay
	}

	pending := stay.RenewedEnd == nil && stay.RenewalApplied != nil && !stay.RenewalApplied.IsZero() &&
		!stay.RenewalApplied.After(stay.End.Time)
	if !pending {
		return
	}
	ext := minTime(addMonthsCivil(civil(stay.End.Time), specialPeriod.months), limit)
	if ext.After(v.Expiry.Time) {
		by := v.Expiry
		v.Extension, v.ExtendBy = &Date{Time: ext}, &by
		v.RenewBy, v.RenewMessage = by, renewByPending
	}
}

// CertificateExpiry returns the expiry of electronic certificates issued on
// issued: the 5th birthday after issuance, at any age. For a holder whose
// card expires earlier, the certificates stop with the card
// (CardValidity.CertificatesUsable).
func CertificateExpiry(birth, issued time.Time) time.Time {
	return nthBirthdayAfter(civil(birth), civil(issued), certYears)
}
