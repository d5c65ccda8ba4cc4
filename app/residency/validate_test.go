package residency

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"madoguchi/app/problem"
)

func TestValidate(t *testing.T) {
	invalid := Date{invalid: true}
	tests := []struct {
		name  string
		s     Situation
		field string
		id    string
	}{
		{"category is required", Situation{Nationality: "VN"}, "category", "residency.error.category.required"},
		{"unknown category", Situation{Category: "tourist", Nationality: "VN"}, "category", "residency.error.category.unknown"},
		{"status only for mid-to-long-term", Situation{Category: SpecialPermanent, Status: "student", Nationality: "KR"}, "status", "residency.error.status.notApplicable"},
		{"unknown status", Situation{Category: MidToLongTerm, Status: "astronaut", Nationality: "VN"}, "status", "residency.error.status.unknown"},
		{"nationality is required", Situation{Category: ShortStay}, "nationality", "residency.error.nationality.required"},
		{"nationality is a code", Situation{Category: ShortStay, Nationality: "Vietnam"}, "nationality", "residency.error.nationality.invalid"},
		{"lower-case code refused", Situation{Category: ShortStay, Nationality: "vn"}, "nationality", "residency.error.nationality.invalid"},
		{"Japanese nationals are not foreign residents", Situation{Category: ShortStay, Nationality: "JP"}, "nationality", "residency.error.nationality.japanese"},
		{"a child born in Japan needs a birth date", Situation{Category: TransitionalBirth, Nationality: "VN", BornInJapan: &BirthFacts{}}, "birthDate", "residency.error.date.required"},
		{"invalid birth date named", Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: invalid, BornInJapan: &BirthFacts{}}, "birthDate", "residency.error.date.invalid"},
		{"birth in the future", Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: *dp("2026-07-01"), BornInJapan: &BirthFacts{}}, "birthDate", "residency.error.date.future"},
		{"notification before birth", Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: *dp("2026-06-01"), BornInJapan: &BirthFacts{Notified: dp("2026-05-30")}}, "bornInJapan.notified", "residency.error.date.beforeBirth"},
		{"invalid nested date named", Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: *dp("2026-06-01"), BornInJapan: &BirthFacts{Notified: &invalid}}, "bornInJapan.notified", "residency.error.date.invalid"},
		{"parent category checked", Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: *dp("2026-06-01"), BornInJapan: &BirthFacts{Parents: []Parent{{}, {Category: "x"}}}}, "bornInJapan.parents[1].category", "residency.error.category.unknown"},
		{"permanent residents have no period of stay", Situation{Category: MidToLongTerm, Status: "permanent_resident", Nationality: "BR", Stay: &StayPeriod{End: *dp("2027-01-01")}}, "stay", "residency.error.stay.notApplicable"},
		{"transitional 60 days are computed, not given", Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: *dp("2026-06-01"), Stay: &StayPeriod{End: *dp("2026-07-30")}}, "stay", "residency.error.stay.notApplicable"},
		{"stay end required", Situation{Category: MidToLongTerm, Status: "student", Nationality: "VN", Stay: &StayPeriod{}}, "stay.end", "residency.error.date.required"},
		{"renewed end after the old end", Situation{Category: MidToLongTerm, Status: "student", Nationality: "VN", Stay: &StayPeriod{End: *dp("2027-01-01"), RenewedEnd: dp("2026-12-31")}}, "stay.renewedEnd", "residency.error.stay.renewedNotLater"},
		{"renewal applied in the future", Situation{Category: MidToLongTerm, Status: "student", Nationality: "VN", Stay: &StayPeriod{End: *dp("2027-01-01"), RenewalApplied: dp("2026-12-01")}}, "stay.renewalApplied", "residency.error.date.future"},
		{"loss of nationality needs its date", Situation{Category: TransitionalNationalityLoss, Nationality: "US"}, "nationalityLossDate", "residency.error.date.required"},
		{"status application only for transitional stayers", Situation{Category: MidToLongTerm, Status: "student", Nationality: "VN", StatusApplied: dp("2026-01-01")}, "statusApplied", "residency.error.statusApplied.notApplicable"},
		{"card needs a birth date", Situation{Category: SpecialPermanent, Nationality: "KR", Card: &CardFacts{Issued: *dp("2025-01-01")}}, "birthDate", "residency.error.date.required"},
		{"card applied after issue", Situation{Category: SpecialPermanent, Nationality: "KR", BirthDate: *dp("1970-01-01"), Card: &CardFacts{Issued: *dp("2025-01-01"), Applied: dp("2025-02-01")}}, "card.applied", "residency.error.card.appliedAfterIssued"},
		{"certificates before the card", Situation{Category: SpecialPermanent, Nationality: "KR", BirthDate: *dp("1970-01-01"), Card: &CardFacts{Issued: *dp("2025-01-01"), CertificatesIssued: dp("2024-12-01")}}, "card.certificatesIssued", "residency.error.card.certificatesBeforeCard"},
		{"card issued before birth", Situation{Category: SpecialPermanent, Nationality: "KR", BirthDate: *dp("2020-01-01"), Card: &CardFacts{Issued: *dp("2019-01-01")}}, "card.issued", "residency.error.date.beforeBirth"},
		{"unknown card kind", with(renewedStudent(), func(s *Situation) { s.Card.Kind = "residence_card" }), "card.kind", "residency.error.card.kind"},
		{"a 特定在留カード is for mid-to-long-term residents", Situation{Category: SpecialPermanent, Nationality: "KR", BirthDate: *dp("1970-01-01"), Card: &CardFacts{Kind: CardSpecifiedResidence, Issued: *dp("2026-06-20")}}, "card.kind", "residency.error.card.kindCategory"},
		{"a 特定特別永住者証明書 is for special permanent residents", with(renewedStudent(), func(s *Situation) {
			s.Card = &CardFacts{Kind: CardSpecifiedSpecialPermanent, Issued: *dp("2026-06-20")}
		}), "card.kind", "residency.error.card.kindCategory"},
		{"no combined card before 2026-06-14", with(renewedStudent(), func(s *Situation) { s.Card = &CardFacts{Kind: CardSpecifiedResidence, Issued: *dp("2026-06-01")} }), "card.kind", "residency.error.card.kindBeforeStart"},
		{"a combined card's validity is not changed at the municipal office", with(renewedStudent(), func(s *Situation) {
			s.Card = &CardFacts{Kind: CardSpecifiedResidence, Issued: *dp("2026-06-20"), ValidityChanged: dp("2026-06-01")}
		}), "card.validityChanged", "residency.error.card.notForCombined"},
		{"validity changed needs a renewed stay", with(renewedStudent(), func(s *Situation) { s.Stay.RenewedEnd = nil }), "card.validityChanged", "residency.error.card.validityChangedWithoutRenewal"},
		{"validity changed before the card", with(renewedStudent(), func(s *Situation) { s.Card.ValidityChanged = dp("2025-01-01") }), "card.validityChanged", "residency.error.card.validityChangedBeforeCard"},
		{"validity changed in the future", with(renewedStudent(), func(s *Situation) { s.Card.ValidityChanged = dp("2026-07-01") }), "card.validityChanged", "residency.error.date.future"},
		{"extended needs a renewal applied for", with(renewedStudent(), func(s *Situation) {
			s.Stay.RenewalApplied = nil
			s.Card.ExtendedTo = dp("2026-07-31")
		}), "card.extendedTo", "residency.error.card.extendedWithoutRenewal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := problem.From(tt.s.Validate(today))
			for _, p := range probs {
				if p.Field == tt.field && p.ID == tt.id {
					if len(p.Args) != 0 {
						t.Errorf("%s carries args %v: values must not leak", p.ID, p.Args)
					}
					return
				}
			}
			t.Errorf("problems = %v, want %s on %s", probs, tt.id, tt.field)
		})
	}
}

func TestValidateAcceptsParentJapaneseAndStateless(t *testing.T) {
	s := child("2026-06-01", BirthFacts{Parents: []Parent{{Nationality: "JP"}, {Nationality: NationalityStateless, Category: NoStatus}}})
	if err := s.Validate(today); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

// TestIntakeStatusesMap reads app/intake's residence statuses from its
// source and checks that every one maps to a category here, so the two
// lists cannot drift apart unnoticed.
func TestIntakeStatusesMap(t *testing.T) {
	ids := intakeResidenceStatuses(t)
	if len(ids) < 10 {
		t.Fatalf("found %d intake statuses: the scan is broken", len(ids))
	}
	for _, id := range ids {
		c, status, ok := FromIntakeStatus(id)
		if !ok {
			t.Errorf("intake status %q does not map to a category", id)
			continue
		}
		if !categoryRules[c].registered {
			t.Errorf("intake status %q maps to unregistered %s, but intake lists only registered residents", id, c)
		}
		s := Situation{Category: c, Status: status, Nationality: "VN", BirthDate: *dp("2000-01-01"), NationalityLossDate: dp("2026-06-01")}
		if err := s.Validate(today); err != nil {
			t.Errorf("intake status %q → %s/%s does not validate: %v", id, c, status, err)
		}
	}
	if _, _, ok := FromIntakeStatus("no_such_status"); ok {
		t.Error("unknown intake status mapped")
	}
}

func intakeResidenceStatuses(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "intake", "data.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "residenceStatuses" || len(vs.Values) != 1 {
			return true
		}
		for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
			if lit, ok := e.(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(lit.Value)
				ids = append(ids, s)
			}
		}
		return false
	})
	return ids
}

// renewedStudent is a student whose renewal was granted and whose My Number
// Card's validity was changed to follow it.
func renewedStudent() Situation {
	return with(student("2026-05-31"), func(s *Situation) {
		s.Stay.RenewalApplied = dp("2026-05-20")
		s.Stay.RenewedEnd = dp("2027-05-31")
		s.Card = &CardFacts{Issued: *dp("2025-06-01"), ValidityChanged: dp("2026-06-05")}
	})
}
