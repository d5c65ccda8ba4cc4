package cases

import (
	"context"
	"slices"

	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
)

// Letter is what a referral letter holds: the organisation, the reason,
// how consent was given, and only the fields the person consented to share
// (each pointer or list is nil unless consented). It never holds an
// Individual Number: cases have none. The window prints it in Japanese and
// in Language, side by side.
type Letter struct {
	ReferralID int64    `json:"referralId"`
	Day        string   `json:"day"`      // ISO day the letter is made
	Language   string   `json:"language"` // the person's language: the letter's second language
	To         orgs.Org `json:"to"`
	Reason     string   `json:"reason"`
	Consent    *Consent `json:"consent"` // nil when sent on a supervisor's override
	Override   bool     `json:"override"`
	Shared     []string `json:"shared"` // the consented fields, in ShareableFields order

	Name        *string          `json:"name,omitempty"`
	BirthDate   *string          `json:"birthDate,omitempty"` // ISO
	Nationality *string          `json:"nationality,omitempty"`
	PersonLang  *string          `json:"personLanguage,omitempty"`
	Contact     *string          `json:"contact,omitempty"`
	Situation   *LetterSituation `json:"situation,omitempty"`
	Notes       *string          `json:"notes,omitempty"`
}

// LetterSituation is the residence situation as a letter states it.
type LetterSituation struct {
	Category  string               `json:"category"` // message ID
	Flags     []string             `json:"flags"`    // message IDs
	Deadlines []residency.Deadline `json:"deadlines"`
}

// Letter builds the letter of a referral of the scope. A referral still in
// draft without consent has no letter: nothing may go out yet.
func (s *Service) Letter(ctx context.Context, sc Scope, id int64) (*Letter, error) {
	r, _, err := s.loadReferral(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	if r.Consent == nil && r.Override == nil {
		return nil, problem.New("cases.referral.error.noConsent", nil)
	}
	c, err := s.Get(ctx, sc, r.CaseID)
	if err != nil {
		return nil, err
	}
	to, err := s.dir.Get(ctx, r.Org)
	if err != nil {
		return nil, err
	}
	l := &Letter{
		ReferralID: r.ID, Day: residency.DateOf(s.today()).String(), Language: c.Person.Language,
		To: to, Reason: r.Reason, Consent: r.Consent, Override: r.Override != nil, Shared: []string{},
	}
	if r.Consent == nil || r.Consent.With != r.Org {
		return l, nil // on an override nothing about the person goes out but the reason
	}
	l.Shared = slices.Clone(r.Consent.Fields)
	str := func(v string) *string { return &v }
	for _, f := range l.Shared {
		switch f {
		case FieldName:
			l.Name = str(c.Person.Name)
		case FieldBirthDate:
			if d, ok := parseDate(c.Situation.BirthDay, c.Situation.BirthMonth, c.Situation.BirthYear); ok {
				l.BirthDate = str(d.String())
			}
		case FieldNationality:
			if c.Situation.Nationality != "" {
				l.Nationality = str(c.Situation.Nationality)
			}
		case FieldLanguage:
			l.PersonLang = str(c.Person.Language)
		case FieldContact:
			l.Contact = str(c.Person.Contact)
		case FieldSituation:
			if ev := c.Evaluation; ev != nil {
				ls := &LetterSituation{Category: "residency.category." + string(ev.Category), Flags: []string{}, Deadlines: ev.Deadlines}
				for _, fl := range ev.Flags {
					ls.Flags = append(ls.Flags, fl.Message)
				}
				l.Situation = ls
			}
		case FieldNotes:
			l.Notes = str(c.Person.Notes)
		}
	}
	return l, nil
}
