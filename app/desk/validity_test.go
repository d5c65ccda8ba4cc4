package desk

import (
	"testing"
	"time"

	"madoguchi/app/card"
	"madoguchi/app/intake"
)

func TestHandoverValidity(t *testing.T) {
	d := New(Deps{Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }})
	certEnd := time.Date(2031, 4, 11, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name       string
		answers    intake.Answers
		cardExpiry string
		reason     string // "" means the rule's own renew message
	}{
		{"Japanese adult: 10th birthday after issue", intake.Answers{"birthDate": "1990-04-12", "nationality": "JP"}, "2036-04-12", ""},
		{"child under 18: 5th birthday", intake.Answers{"birthDate": "2015-06-01", "nationality": "JP"}, "2031-06-01", ""},
		{"student: the period of stay ends it first", intake.Answers{"birthDate": "1995-07-03", "nationality": "VN", "residenceStatus": "student", "stayUntil": "2028-03-31"}, "2028-03-31", ""},
		{"permanent resident: birthday limit", intake.Answers{"birthDate": "1995-07-03", "nationality": "VN", "residenceStatus": "permanent_resident"}, "2036-07-03", ""},
		{"highly skilled without a date: noted", intake.Answers{"birthDate": "1985-01-10", "nationality": "US", "residenceStatus": "highly_skilled_professional"}, "2036-01-10", "desk.handover.validity.stayLimits"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := d.validity(&intake.Application{Answers: c.answers}, &card.Status{CertExpiry: certEnd})
			if v == nil {
				t.Fatal("no validity")
			}
			if v.CardExpiry != c.cardExpiry {
				t.Errorf("card expiry %s, want %s", v.CardExpiry, c.cardExpiry)
			}
			if v.CertificateExpiry != "2031-04-11" {
				t.Errorf("certificate expiry %s, want the certificate's own 2031-04-11", v.CertificateExpiry)
			}
			if c.reason != "" && v.ReasonID != c.reason {
				t.Errorf("reason %s, want %s", v.ReasonID, c.reason)
			}
			if c.reason == "" && v.ReasonID == "desk.handover.validity.stayLimits" {
				t.Errorf("stay note shown although the stay is known or absent")
			}
		})
	}
}
