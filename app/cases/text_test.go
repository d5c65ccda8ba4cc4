package cases

import (
	"context"
	"fmt"
	"testing"

	"madoguchi/app/freetext"
	"madoguchi/app/freetext/freetexttest"
	"madoguchi/app/problem"
)

// TestTextFieldsRefuseHostileText (attack #8): every free-text field of a
// case, a referral, a consent and an override refuses what the shared
// text rule refuses, with the rule's message on the field; they were
// stored as typed.
func TestTextFieldsRefuseHostileText(t *testing.T) {
	ctx := context.Background()
	person := Person{Name: "Nguyen Thi Lan", Language: "en", Contact: "090-1234-5678", Notes: "Mother speaks some English."}
	fields := []struct {
		field string
		kind  freetext.Kind
		save  func(s *Service, c *Case, text string) error
	}{
		{"name", freetext.Line, func(s *Service, c *Case, text string) error {
			p := person
			p.Name = text
			_, err := s.SavePerson(ctx, orgA, c.ID, 0, p)
			return err
		}},
		{"contact", freetext.Lines, func(s *Service, c *Case, text string) error {
			p := person
			p.Contact = text
			_, err := s.SavePerson(ctx, orgA, c.ID, 0, p)
			return err
		}},
		{"notes", freetext.Lines, func(s *Service, c *Case, text string) error {
			p := person
			p.Notes = "Line one\n" + text
			_, err := s.SavePerson(ctx, orgA, c.ID, 0, p)
			return err
		}},
		{"reason", freetext.Lines, func(s *Service, c *Case, text string) error {
			_, err := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: text})
			return err
		}},
		{"givenBy", freetext.Line, func(s *Service, c *Case, text string) error {
			f := consent(FieldName)
			f.GivenBy = text
			return recordConsent(s, c, f)
		}},
		{"interpreterName", freetext.Line, func(s *Service, c *Case, text string) error {
			f := consent(FieldName)
			f.InterpreterName = text
			return recordConsent(s, c, f)
		}},
		{"overrideReason", freetext.Lines, func(s *Service, c *Case, text string) error {
			r, err := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
			if err != nil {
				return fmt.Errorf("create referral: %w", err)
			}
			_, err = s.Send(ctx, orgA, r.ID, 0, &Override{By: 2, Reason: text}, nil)
			return err
		}},
	}
	s := newService(t) // each case of the test opens a case of its own
	for _, f := range fields {
		for _, h := range freetexttest.Hostile() {
			t.Run(f.field+"/"+h.Name, func(t *testing.T) {
				c := newCase(t, s, orgA)
				err := f.save(s, c, h.Text)
				_, fault := freetext.Clean(h.Text, f.kind)
				ps := problem.From(err)
				if len(ps) != 1 || ps[0].Field != f.field || ps[0].ID != fault.MessageID() {
					t.Fatalf("%q: %v, want %s:%s", h.Text, err, f.field, fault.MessageID())
				}
				if after, err := s.Get(ctx, orgA, c.ID); err != nil || after.Person != c.Person || len(after.Referrals) > 1 {
					t.Errorf("refused text changed the case: %+v, %v", after, err)
				}
			})
		}
	}
}

func recordConsent(s *Service, c *Case, f ConsentForm) error {
	ctx := context.Background()
	r, err := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
	if err != nil {
		return fmt.Errorf("create referral: %w", err)
	}
	_, err = s.RecordConsent(ctx, orgA, 1, r.ID, 0, f, nil)
	return err
}

// TestTextFieldsNormalised: a name is one line, notes keep their lines.
func TestTextFieldsNormalised(t *testing.T) {
	s := newService(t)
	c, err := s.Create(context.Background(), orgA, 1, Person{
		Name: " Nguyen\tThi\r\nLan ", Language: "en", Contact: "090-1234-5678\r\nvia her school", Notes: " line 1\r\nline 2\rline 3 ",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Person{Name: "Nguyen Thi Lan", Language: "en", Contact: "090-1234-5678\nvia her school", Notes: "line 1\nline 2\nline 3"}
	if c.Person != want {
		t.Errorf("stored %+v, want %+v", c.Person, want)
	}
}
