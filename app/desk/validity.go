package desk

import (
	"time"

	"madoguchi/app/card"
	"madoguchi/app/intake"
	"madoguchi/app/residency"
)

// validity computes when the card being handed over and its certificates
// expire, by the rules in app/residency. The card is taken as issued today;
// the period of stay is the one recorded in the application. Where a status
// has one but none was recorded (Highly Skilled Professional, type unknown),
// a note says the stay may end the card first.
func (d *Desk) validity(app *intake.Application, st *card.Status) *CardValidity {
	birth, err := time.Parse(time.DateOnly, app.Answers["birthDate"])
	if err != nil {
		return nil
	}
	today := d.Now()
	var stay *residency.StayPeriod
	if end, ok := residency.ParseDate(app.Answers["stayUntil"]); ok {
		stay = &residency.StayPeriod{End: end}
	}
	v := residency.CardExpiry(birth, today, today, stay)
	out := &CardValidity{
		CardExpiry:        v.Expiry.String(),
		CertificateExpiry: v.CertificatesUsable.String(),
		RenewBy:           v.RenewBy.String(),
		ReasonID:          v.RenewMessage,
	}
	if !st.CertExpiry.IsZero() {
		out.CertificateExpiry = st.CertExpiry.Format(time.DateOnly)
	}
	if stay == nil && hasPeriodOfStay(app.Answers) {
		out.ReasonID = "desk.handover.validity.stayLimits"
	}
	return out
}

// hasPeriodOfStay: foreign residents whose status has a period of stay
// (intake's rule) hold one that can end the card first.
func hasPeriodOfStay(a intake.Answers) bool {
	if a["nationality"] == "JP" {
		return false
	}
	asked, _ := intake.PeriodOfStay(a["residenceStatus"])
	return asked
}
