package residency

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var today = day("2026-06-10")

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// child is a child born in Japan to Vietnamese parents with the given
// facts; tests change what they check.
func child(born string, b BirthFacts) Situation {
	return Situation{Category: TransitionalBirth, Nationality: "VN", BirthDate: Date{Time: day(born)}, BornInJapan: &b}
}

func student(end string) Situation {
	return Situation{Category: MidToLongTerm, Status: "student", Nationality: "NP", BirthDate: Date{Time: day("2001-07-15")},
		Stay: &StayPeriod{End: *dp(end)}}
}

func with(s Situation, f func(*Situation)) Situation { f(&s); return s }

func TestEvaluate(t *testing.T) {
	tests := []struct {
		fact      string
		s         Situation
		today     time.Time // zero: 2026-06-10
		opts      Options
		answer    string
		reason    string
		from      string
		flags     []string          // exactly these, in table order
		deadlines map[string]string // id → "YYYY-MM-DD status"; only these ids checked
		absent    []string          // deadline ids that must not be there
		orgs      []string          // exactly these referrals, in order
	}{
		{fact: "facts.md: birth notification within 14 days counting the day of birth (birth + 13)",
			s:      child("2026-06-01", BirthFacts{}),
			answer: AnswerNo, reason: "residency.canApply.birthNotNotified",
			flags:     []string{FlagUnregisteredBirth, FlagRecordDeletionRisk, FlagStatusDeadline},
			deadlines: map[string]string{DeadlineBirthNotification: "2026-06-14 due_soon"},
			orgs:      []string{OrgMunicipalOneStop, OrgISSJ, OrgISAInfo, OrgFRESC}},
		{fact: "facts.md: birth notification deadline passed while not notified is overdue",
			s:      child("2026-05-20", BirthFacts{}),
			answer: AnswerNo, reason: "residency.canApply.birthNotNotified",
			deadlines: map[string]string{DeadlineBirthNotification: "2026-06-02 overdue"}},
		{fact: "facts.md: once the birth is notified the municipality creates the record, so the child can apply",
			s:      child("2026-06-01", BirthFacts{Notified: dp("2026-06-05")}),
			answer: AnswerYes, reason: "residency.canApply.registered",
			flags:     []string{FlagRecordDeletionRisk, FlagStatusDeadline},
			deadlines: map[string]string{DeadlineBirthNotification: "2026-06-14 met"}},
		{fact: "facts.md: status application within 30 days of birth, day of birth counted (birth + 29)",
			s:         child("2026-06-01", BirthFacts{Notified: dp("2026-06-05")}),
			answer:    AnswerYes,
			deadlines: map[string]string{DeadlineStatusApplication: "2026-06-30 later", DeadlineRecordDeletion: "2026-07-30 later"}},
		{fact: "facts.md: with no status after 60 days the residence record is deleted",
			s:      child("2026-04-01", BirthFacts{Notified: dp("2026-04-05")}),
			answer: AnswerNo, reason: "residency.canApply.recordDeleted",
			flags:     []string{FlagRecordDeletionRisk, FlagStatusDeadline, FlagNoStatus},
			deadlines: map[string]string{DeadlineRecordDeletion: "2026-05-30 overdue", DeadlineStatusApplication: "2026-04-30 overdue"}},
		{fact: "facts.md: a birth never notified is the reason, even after the 60 days",
			s:      child("2026-04-01", BirthFacts{}),
			answer: AnswerNo, reason: "residency.canApply.birthNotNotified",
			flags: []string{FlagUnregisteredBirth, FlagRecordDeletionRisk, FlagStatusDeadline, FlagNoStatus}},
		{fact: "facts.md: a status applied for within 30 days is pending, not a deletion risk",
			s:         with(child("2026-06-01", BirthFacts{Notified: dp("2026-06-05")}), func(s *Situation) { s.StatusApplied = dp("2026-06-08") }),
			answer:    AnswerYes,
			flags:     []string{FlagStatusPending},
			deadlines: map[string]string{DeadlineStatusApplication: "2026-06-30 met"},
			orgs:      []string{OrgISAInfo}},
		{fact: "facts.md (check): applied in time but undecided after day 60, ask whether the record is kept",
			s:      with(child("2026-04-01", BirthFacts{Notified: dp("2026-04-05")}), func(s *Situation) { s.StatusApplied = dp("2026-04-20") }),
			answer: AnswerUnknown, reason: "residency.canApply.checkRecord",
			flags: []string{FlagStatusPending}},
		{fact: "入管法 22-2(2): a status applied for after 30 days leaves the deletion risk",
			s:         with(child("2026-04-20", BirthFacts{Notified: dp("2026-04-25")}), func(s *Situation) { s.StatusApplied = dp("2026-05-25") }),
			answer:    AnswerYes,
			flags:     []string{FlagRecordDeletionRisk, FlagStatusAppliedLate},
			deadlines: map[string]string{DeadlineStatusApplication: "2026-05-19 met", DeadlineRecordDeletion: "2026-06-18 due_soon"}},
		{fact: "facts.md: with a special-permanent-resident parent, apply within 60 days via the municipality",
			s:         child("2026-06-01", BirthFacts{Notified: dp("2026-06-03"), Parents: []Parent{{Category: SpecialPermanent, Nationality: "KR"}, {Category: MidToLongTerm, Nationality: "VN"}}}),
			answer:    AnswerYes,
			flags:     []string{FlagRecordDeletionRisk, FlagSpecialPermanentDeadline},
			deadlines: map[string]string{DeadlineSpecialPermanentApplication: "2026-07-30 later"},
			absent:    []string{DeadlineStatusApplication}},
		{fact: "facts.md: children of parents without status are generally not granted status; 仮放免 → JAR",
			s:     child("2026-06-01", BirthFacts{Notified: dp("2026-06-03"), Parents: []Parent{{Category: NoStatus}, {Category: ProvisionalRelease}}}),
			flags: []string{FlagRecordDeletionRisk, FlagStatusDeadline, FlagParentsWithoutStatus, FlagParentProvisionalRelease},
			orgs:  []string{OrgISAInfo, OrgISSJ, OrgFRESC, OrgHouterasu, OrgJAR}},
		{fact: "Nationality Act art. 2(iii): born in Japan to stateless parents, may be Japanese → ISSJ",
			s: with(child("2026-06-01", BirthFacts{Notified: dp("2026-06-03"),
				Parents: []Parent{{Category: MidToLongTerm, Nationality: "stateless"}, {Nationality: "stateless"}}}),
				func(s *Situation) { s.Nationality = "stateless"; s.StatusApplied = dp("2026-06-09") }),
			flags: []string{FlagStatusPending, FlagStateless, FlagPossibleJapaneseNationality},
			orgs:  []string{OrgISAInfo, OrgISSJ, OrgUNHCR, OrgHouterasu}},
		{fact: "facts.md: a birth not reported to the parent's embassy can leave the child stateless",
			s:     with(child("2026-06-01", BirthFacts{Notified: dp("2026-06-03"), ReportedToEmbassy: no()}), func(s *Situation) { s.StatusApplied = dp("2026-06-09") }),
			flags: []string{FlagStatusPending, FlagStatelessRisk},
			orgs:  []string{OrgISAInfo, OrgISSJ}},
		{fact: "facts.md: a birth reported to the embassy raises no statelessness flag",
			s:     with(child("2026-06-01", BirthFacts{Notified: dp("2026-06-03"), ReportedToEmbassy: yes()}), func(s *Situation) { s.StatusApplied = dp("2026-06-09") }),
			flags: []string{FlagStatusPending}},
		{fact: "Nationality Act art. 2(i): a Japanese parent means the child may be Japanese",
			s:     with(child("2026-06-01", BirthFacts{Notified: dp("2026-06-03"), Parents: []Parent{{Nationality: "JP"}, {Category: MidToLongTerm, Nationality: "PH"}}}), func(s *Situation) { s.StatusApplied = dp("2026-06-09") }),
			flags: []string{FlagStatusPending, FlagParentJapanese},
			orgs:  []string{OrgISAInfo, OrgHouterasu, OrgFRESC}},
		{fact: "facts.md: a child granted a status has met the birth and status steps; no deletion risk",
			s: Situation{Category: MidToLongTerm, Status: "dependent", Nationality: "VN", BirthDate: Date{Time: day("2026-04-01")},
				Stay: &StayPeriod{End: *dp("2027-06-01")}, BornInJapan: &BirthFacts{}},
			answer:    AnswerYes,
			flags:     []string{},
			deadlines: map[string]string{DeadlineBirthNotification: "2026-04-14 met", DeadlineStatusApplication: "2026-04-30 met"},
			absent:    []string{DeadlineRecordDeletion}},
		{fact: "facts.md: stateless persons are recorded 無国籍; refer to ISSJ and UNHCR",
			s:      with(student("2028-03-31"), func(s *Situation) { s.Nationality = NationalityStateless }),
			answer: AnswerYes, flags: []string{FlagStateless},
			orgs: []string{OrgISSJ, OrgUNHCR}},
		{fact: "facts.md: an unknown nationality may mean statelessness → ISSJ",
			s:     with(student("2028-03-31"), func(s *Situation) { s.Nationality = NationalityUnknown }),
			flags: []string{FlagNationalityUnknown}, orgs: []string{OrgISSJ}},
		{fact: "facts.md: 短期滞在 is not registered, so no card",
			s:      Situation{Category: ShortStay, Nationality: "US"},
			answer: AnswerNo, reason: "residency.canApply.notRegistered.shortStay",
			flags: []string{FlagNotRegistered}, orgs: []string{}},
		{fact: "facts.md: overstayers (no status) are not registered; FRESC, Houterasu information only",
			s:      Situation{Category: NoStatus, Nationality: "LK"},
			answer: AnswerNo, reason: "residency.canApply.notRegistered.noStatus",
			flags: []string{FlagNoStatus, FlagNotRegistered}, orgs: []string{OrgFRESC, OrgHouterasu}},
		{fact: "facts.md: 仮放免 is not registered; JAR supports people on provisional release",
			s:      Situation{Category: ProvisionalRelease, Nationality: "MM"},
			answer: AnswerNo, reason: "residency.canApply.notRegistered.provisionalRelease",
			flags: []string{FlagProvisionalRelease, FlagNotRegistered}, orgs: []string{OrgJAR}},
		{fact: "facts.md: diplomatic and official statuses are not registered",
			s:      Situation{Category: DiplomaticOfficial, Nationality: "FR"},
			answer: AnswerNo, reason: "residency.canApply.notRegistered.diplomatic",
			flags: []string{FlagNotRegistered}, orgs: []string{}},
		{fact: "facts.md: 一時庇護 is registered; asylum-related stays → JAR",
			s:      Situation{Category: TemporaryRefuge, Nationality: "AF", Stay: &StayPeriod{End: *dp("2026-08-01")}},
			answer: AnswerYes, flags: []string{FlagAsylum}, orgs: []string{OrgJAR}},
		{fact: "facts.md: 仮滞在 is registered",
			s:      Situation{Category: ProvisionalStay, Nationality: "TR", Stay: &StayPeriod{End: *dp("2026-12-01")}},
			answer: AnswerYes, flags: []string{FlagAsylum}},
		{fact: "facts.md: special permanent residents are registered",
			s:      Situation{Category: SpecialPermanent, Nationality: "KR"},
			answer: AnswerYes, flags: []string{}, orgs: []string{}},
		{fact: "facts.md: a period of stay ending within 14 days is due soon; no reminder is sent",
			s:         student("2026-06-20"),
			answer:    AnswerYes,
			flags:     []string{FlagStayEnding},
			deadlines: map[string]string{DeadlineStayEnd: "2026-06-20 due_soon"},
			orgs:      []string{OrgISAInfo}},
		{fact: "facts.md: the due-soon window is configurable",
			s:         student("2026-07-01"),
			opts:      Options{DueSoonDays: 30},
			flags:     []string{FlagStayEnding},
			deadlines: map[string]string{DeadlineStayEnd: "2026-07-01 due_soon"}},
		{fact: "facts.md: 21 days ahead is not due soon by default",
			s:         student("2026-07-01"),
			flags:     []string{},
			deadlines: map[string]string{DeadlineStayEnd: "2026-07-01 later"}},
		{fact: "facts.md: a period of stay that ended without renewal means no status, no card",
			s:      student("2026-06-01"),
			answer: AnswerNo, reason: "residency.canApply.stayExpired",
			flags: []string{FlagStayExpired}, orgs: []string{OrgISAInfo, OrgFRESC}},
		{fact: "入管法 20(6): renewal applied before the end: stay continues in the special period",
			s:         with(student("2026-05-31"), func(s *Situation) { s.Stay.RenewalApplied = dp("2026-05-20") }),
			answer:    AnswerYes,
			flags:     []string{FlagRenewalPending},
			deadlines: map[string]string{DeadlineStayEnd: "2026-05-31 met", DeadlineSpecialPeriodEnd: "2026-07-31 later"}},
		{fact: "入管法 20(6): the special period ends two months after the end of stay",
			s:      with(student("2026-03-31"), func(s *Situation) { s.Stay.RenewalApplied = dp("2026-03-20") }),
			answer: AnswerNo, reason: "residency.canApply.stayExpired",
			flags:     []string{FlagStayExpired},
			deadlines: map[string]string{DeadlineSpecialPeriodEnd: "2026-05-31 overdue"}},
		{fact: "facts.md: a renewal granted moves the end of stay",
			s: with(student("2026-05-31"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-05-20")
				s.Stay.RenewedEnd = dp("2027-05-31")
			}),
			answer: AnswerYes, flags: []string{},
			deadlines: map[string]string{DeadlineStayEnd: "2027-05-31 later"},
			absent:    []string{DeadlineSpecialPeriodEnd}},
		{fact: "facts.md: card with a period of stay expires with the stay (no reminder sent)",
			s: with(student("2027-09-30"), func(s *Situation) {
				s.Card = &CardFacts{Issued: *dp("2026-04-15")}
			}),
			answer: AnswerYes, flags: []string{FlagCardExpiresWithStay},
			deadlines: map[string]string{DeadlineCardExpiry: "2027-09-30 later"},
			absent:    []string{DeadlineCertificateExpiry, DeadlineCardRenewBy}},
		{fact: "municipal guidance: after a renewal the card keeps the old end until its validity is changed at the municipal office, by that day",
			s: with(student("2026-07-31"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-06-01")
				s.Stay.RenewedEnd = dp("2027-07-31")
				s.Card = &CardFacts{Issued: *dp("2025-08-01")}
			}),
			answer: AnswerYes, flags: []string{FlagCardExpiresWithStay, FlagCardValidityChange},
			deadlines: map[string]string{DeadlineCardValidityChange: "2026-07-31 later", DeadlineStayEnd: "2027-07-31 later"},
			absent:    []string{DeadlineCardExpiry}},
		{fact: "municipal guidance: once the validity is changed the card follows the renewed stay",
			s: with(student("2026-07-31"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-06-01")
				s.Stay.RenewedEnd = dp("2027-07-31")
				s.Card = &CardFacts{Issued: *dp("2025-08-01"), ValidityChanged: dp("2026-06-05")}
			}),
			answer: AnswerYes, flags: []string{FlagCardExpiresWithStay},
			deadlines: map[string]string{DeadlineCardExpiry: "2027-07-31 later"},
			absent:    []string{DeadlineCardValidityChange}},
		{fact: "municipal guidance: a card extended in the special period must be changed by the extended day",
			s: with(student("2026-05-31"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-05-20")
				s.Stay.RenewedEnd = dp("2027-05-31")
				s.Card = &CardFacts{Issued: *dp("2025-06-01"), ExtendedTo: dp("2026-07-31")}
			}),
			answer: AnswerYes, flags: []string{FlagCardExpiresWithStay, FlagCardValidityChange},
			deadlines: map[string]string{DeadlineCardValidityChange: "2026-07-31 later"}},
		{fact: "municipal guidance: a card whose old end passed before the change has lapsed",
			s: with(student("2026-05-31"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-05-20")
				s.Stay.RenewedEnd = dp("2027-05-31")
				s.Card = &CardFacts{Issued: *dp("2025-06-01")}
			}),
			answer: AnswerYes, flags: []string{FlagCardExpired, FlagCardExpiresWithStay},
			deadlines: map[string]string{DeadlineCardValidityChange: "2026-05-31 overdue"}},
		{fact: "ISA FAQ Q1-2: a 特定在留カード is renewed with the stay at the bureau, no municipal change; its validity is read from the card",
			s: with(student("2026-05-31"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-05-20")
				s.Stay.RenewedEnd = dp("2027-05-31")
				s.Card = &CardFacts{Kind: CardSpecifiedResidence, Issued: *dp("2026-06-18")}
			}),
			today:  day("2026-06-20"),
			answer: AnswerYes, flags: []string{FlagCombinedCardValidity, FlagCombinedCardRenewal},
			absent: []string{DeadlineCardExpiry, DeadlineCardValidityChange, DeadlineCardRenewBy},
			orgs:   []string{OrgISAInfo}},
		{fact: "facts.md: a card to the 10th birthday: renew a month ahead; certificates end at the 5th",
			s: Situation{Category: SpecialPermanent, Nationality: "KR", BirthDate: Date{Time: day("1970-08-20")},
				Card: &CardFacts{Issued: *dp("2024-09-01")}},
			flags:     []string{},
			deadlines: map[string]string{DeadlineCardExpiry: "2034-08-20 later", DeadlineCardRenewBy: "2034-07-20 later", DeadlineCertificateExpiry: "2029-08-20 later"}},
		{fact: "facts.md: while a renewal is pending the card can be extended up to 2 months, before it expires",
			s: with(student("2026-06-30"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-06-01")
				s.Card = &CardFacts{Issued: *dp("2025-06-01")}
			}),
			answer: AnswerYes, flags: []string{FlagCardExtensionAvailable, FlagCardExpiresWithStay},
			deadlines: map[string]string{DeadlineCardExtensionBy: "2026-06-30 later", DeadlineStayEnd: "2026-06-30 met", DeadlineSpecialPeriodEnd: "2026-08-31 later"},
			absent:    []string{DeadlineCardRenewBy}},
		{fact: "facts.md: the 2-month extension is only possible before the card expires",
			s: with(student("2026-06-30"), func(s *Situation) {
				s.Stay.RenewalApplied = dp("2026-06-01")
				s.Card = &CardFacts{Issued: *dp("2025-06-01")}
			}),
			today:  day("2026-07-05"),
			answer: AnswerYes, flags: []string{FlagRenewalPending, FlagCardExpired, FlagCardExpiresWithStay},
			deadlines: map[string]string{DeadlineCardExtensionBy: "2026-06-30 overdue"}},
		{fact: "facts.md: permanent residents have no period of stay; card to the 10th birthday",
			s: Situation{Category: MidToLongTerm, Status: "permanent_resident", Nationality: "BR", BirthDate: Date{Time: day("1980-06-15")},
				Card: &CardFacts{Issued: *dp("2021-06-20")}},
			answer: AnswerYes, flags: []string{FlagCertificateExpiring},
			deadlines: map[string]string{DeadlineCardExpiry: "2031-06-15 later", DeadlineCertificateExpiry: "2026-06-15 due_soon"}},
		{fact: "facts.md: certificates run to the 5th birthday after their own issuance",
			s: Situation{Category: MidToLongTerm, Status: "permanent_resident", Nationality: "BR", BirthDate: Date{Time: day("1980-06-15")},
				Card: &CardFacts{Issued: *dp("2021-06-20"), CertificatesIssued: dp("2026-06-01")}},
			flags:     []string{},
			deadlines: map[string]string{DeadlineCertificateExpiry: "2030-06-15 later"}},
		{fact: "facts.md: 高度専門職2号 has no period of stay",
			s: Situation{Category: MidToLongTerm, Status: "highly_skilled_professional_2", Nationality: "IN", BirthDate: Date{Time: day("1985-01-01")},
				Card: &CardFacts{Issued: *dp("2025-01-10")}},
			flags:     []string{},
			deadlines: map[string]string{DeadlineCardExpiry: "2035-01-01 later"}},
		{fact: "facts.md: 高度専門職 without saying 1号 or 2号 and no period of stay is ambiguous",
			s:     Situation{Category: MidToLongTerm, Status: "highly_skilled_professional", Nationality: "IN"},
			flags: []string{FlagStatusAmbiguous}},
		{fact: "facts.md: a status with a period of stay but no end given is flagged",
			s:     Situation{Category: MidToLongTerm, Status: "working", Nationality: "IN"},
			flags: []string{FlagStayEndUnknown}},
		{fact: "facts.md: transitional stayer by birth, card expires with the 60 days",
			s: with(child("2026-05-01", BirthFacts{Notified: dp("2026-05-05")}), func(s *Situation) {
				s.StatusApplied = dp("2026-05-20")
				s.Card = &CardFacts{Issued: *dp("2026-05-25")}
			}),
			answer: AnswerYes, flags: []string{FlagStatusPending, FlagCardExpiresWithStay},
			deadlines: map[string]string{DeadlineCardExpiry: "2026-06-29 later", DeadlineRecordDeletion: "2026-06-29 later"}},
		{fact: "入管法 22-2: loss of nationality, apply within 30 days, record kept 60 days",
			s:      Situation{Category: TransitionalNationalityLoss, Nationality: "US", BirthDate: Date{Time: day("1990-01-01")}, NationalityLossDate: dp("2026-05-20")},
			answer: AnswerYes, flags: []string{FlagRecordDeletionRisk, FlagStatusDeadline},
			deadlines: map[string]string{DeadlineStatusApplication: "2026-06-18 due_soon", DeadlineRecordDeletion: "2026-07-18 later"}},
		{fact: "Basic Resident Registration Act: a record created later means applying from that day",
			s:      with(student("2028-03-31"), func(s *Situation) { s.RegisteredOn = dp("2026-06-20") }),
			answer: AnswerFromDate, reason: "residency.canApply.fromRegistration", from: "2026-06-20"},
		{fact: "Basic Resident Registration Act: a record created in the past changes nothing",
			s:      with(student("2028-03-31"), func(s *Situation) { s.RegisteredOn = dp("2026-04-01") }),
			answer: AnswerYes, reason: "residency.canApply.registered"},
		{fact: "facts.md: today is the day in Japan (15:30 UTC on 14 June is 15 June in Japan)",
			s:         child("2026-06-01", BirthFacts{}),
			today:     time.Date(2026, 6, 14, 15, 30, 0, 0, time.UTC),
			deadlines: map[string]string{DeadlineBirthNotification: "2026-06-14 overdue"}},
		{fact: "facts.md: the deadline day itself is still in time (due soon, 0 days left)",
			s:         child("2026-06-01", BirthFacts{}),
			today:     time.Date(2026, 6, 14, 14, 30, 0, 0, time.UTC),
			deadlines: map[string]string{DeadlineBirthNotification: "2026-06-14 due_soon"}},
		{fact: "an invalid situation gives problems and no answer",
			s:      Situation{Nationality: "VN"},
			answer: AnswerUnknown, reason: "residency.canApply.invalidSituation"},
	}
	for _, tt := range tests {
		t.Run(tt.fact, func(t *testing.T) {
			now := tt.today
			if now.IsZero() {
				now = today
			}
			ev := EvaluateWith(tt.s, now, tt.opts)
			if tt.answer != AnswerUnknown && tt.reason != "residency.canApply.invalidSituation" && len(ev.Problems) > 0 {
				t.Fatalf("problems: %v", ev.Problems)
			}
			if tt.answer != "" && ev.CanApply.Answer != tt.answer {
				t.Errorf("answer = %s (%s), want %s", ev.CanApply.Answer, ev.CanApply.Reason, tt.answer)
			}
			if tt.reason != "" && ev.CanApply.Reason != tt.reason {
				t.Errorf("reason = %s, want %s", ev.CanApply.Reason, tt.reason)
			}
			if tt.from != "" && (ev.CanApply.From == nil || ev.CanApply.From.String() != tt.from) {
				t.Errorf("from = %v, want %s", ev.CanApply.From, tt.from)
			}
			if tt.flags != nil {
				var got []string
				for _, f := range ev.Flags {
					got = append(got, f.ID)
				}
				if !slices.Equal(got, tt.flags) && !(len(got) == 0 && len(tt.flags) == 0) {
					t.Errorf("flags = %v, want %v", got, tt.flags)
				}
			}
			byID := map[string]Deadline{}
			for _, d := range ev.Deadlines {
				byID[d.ID] = d
			}
			for id, want := range tt.deadlines {
				d, ok := byID[id]
				if !ok {
					t.Errorf("no %s deadline; have %v", id, deadlineIDs(ev))
					continue
				}
				if got := d.Date.String() + " " + d.Status; got != want {
					t.Errorf("%s = %s, want %s", id, got, want)
				}
			}
			for _, id := range tt.absent {
				if _, ok := byID[id]; ok {
					t.Errorf("unexpected %s deadline", id)
				}
			}
			if tt.orgs != nil {
				var got []string
				for _, r := range ev.Referrals {
					got = append(got, r.Org)
				}
				if !slices.Equal(got, tt.orgs) && !(len(got) == 0 && len(tt.orgs) == 0) {
					t.Errorf("referrals = %v, want %v", got, tt.orgs)
				}
			}
		})
	}
}

func deadlineIDs(ev Evaluation) []string {
	var ids []string
	for _, d := range ev.Deadlines {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestEvaluateDeadlinesEarliestFirstWithSources(t *testing.T) {
	s := with(child("2026-06-01", BirthFacts{}), func(s *Situation) {})
	ev := Evaluate(s, today)
	if len(ev.Deadlines) < 3 {
		t.Fatalf("deadlines = %v", deadlineIDs(ev))
	}
	for i, d := range ev.Deadlines {
		if i > 0 && d.Date.Before(ev.Deadlines[i-1].Date.Time) {
			t.Errorf("%s (%s) after %s (%s)", d.ID, d.Date, ev.Deadlines[i-1].ID, ev.Deadlines[i-1].Date)
		}
		if d.Source == "" || d.Message == "" || d.StatusMessage == "" {
			t.Errorf("%s lacks source or messages: %+v", d.ID, d)
		}
	}
	for _, f := range ev.Flags {
		if f.Source == "" || !strings.HasPrefix(f.Message, "residency.flag.") {
			t.Errorf("flag %s lacks source or message", f.ID)
		}
	}
}

func TestEvaluateReferralReasonsMerged(t *testing.T) {
	// Unregistered birth and deletion risk both suggest ISSJ, for two
	// different reasons: one referral, both reasons, in flag order.
	ev := Evaluate(child("2026-06-01", BirthFacts{}), today)
	for _, r := range ev.Referrals {
		if r.Org != OrgISSJ {
			continue
		}
		want := []string{"residency.referral.issj.birth", "residency.referral.issj.child"}
		if !slices.Equal(r.Reasons, want) {
			t.Errorf("ISSJ reasons = %v, want %v", r.Reasons, want)
		}
		return
	}
	t.Error("no ISSJ referral")
}

func TestEveryFlagAndDeadlineHasRules(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range flagRules {
		if seen[r.id] {
			t.Errorf("flag %s listed twice", r.id)
		}
		seen[r.id] = true
		if r.source == "" || r.message != "residency.flag."+r.id {
			t.Errorf("flag %s: message %q, source %q", r.id, r.message, r.source)
		}
		for _, ref := range r.referrals {
			if !slices.Contains(orgIDs, ref.org) {
				t.Errorf("flag %s refers to unknown organisation %s", r.id, ref.org)
			}
		}
	}
	for id, r := range deadlineRules {
		if r.source == "" || r.message != "residency.deadline."+id {
			t.Errorf("deadline %s: message %q, source %q", id, r.message, r.source)
		}
	}
	for c, r := range categoryRules {
		if r.source == "" || r.label != "residency.category."+string(c) {
			t.Errorf("category %s: label %q, source %q", c, r.label, r.source)
		}
	}
	if len(Categories()) != len(categoryRules) {
		t.Errorf("Categories() lists %d of %d", len(Categories()), len(categoryRules))
	}
}

// Since 2026-06-15 a mid-to-long-term or special permanent resident on the
// register may ask for the combined card instead of two.
func TestCombinedCard(t *testing.T) {
	special := Situation{Category: SpecialPermanent, Nationality: "KR", BirthDate: Date{Time: day("1970-08-20")}}
	tests := []struct {
		name   string
		s      Situation
		today  time.Time
		kind   string
		answer string
		from   string
		reason string
	}{
		{"ISA FAQ Q1-3: applications from 2026-06-15", student("2027-09-30"), day("2026-06-10"),
			CardSpecifiedResidence, AnswerFromDate, "2026-06-15", "residency.combinedCard.fromDate"},
		{"facts.md: a registered mid-to-long-term resident", student("2027-09-30"), day("2026-06-15"),
			CardSpecifiedResidence, AnswerYes, "", "residency.combinedCard.yes"},
		{"facts.md: a special permanent resident gets the certificate", special, day("2026-07-01"),
			CardSpecifiedSpecialPermanent, AnswerYes, "", "residency.combinedCard.yes"},
		{"registered later: from the later day", with(student("2027-09-30"), func(s *Situation) { s.RegisteredOn = dp("2026-07-10") }), day("2026-07-01"),
			CardSpecifiedResidence, AnswerFromDate, "2026-07-10", "residency.combinedCard.fromDate"},
		{"a stay that ended leaves no register entry", student("2026-05-31"), day("2026-07-01"),
			CardSpecifiedResidence, AnswerNo, "", "residency.combinedCard.notRegistered"},
		{"not for other categories, registered or not", Situation{Category: TemporaryRefuge, Nationality: "MM", Stay: &StayPeriod{End: *dp("2026-09-30")}}, day("2026-07-01"),
			"", AnswerNo, "", "residency.combinedCard.notEligible"},
		{"not for short stays", Situation{Category: ShortStay, Nationality: "US"}, day("2026-07-01"),
			"", AnswerNo, "", "residency.combinedCard.notEligible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.s, tt.today).CombinedCard
			from := ""
			if got.From != nil {
				from = got.From.String()
			}
			if got.Kind != tt.kind || got.Answer != tt.answer || from != tt.from || got.Reason != tt.reason {
				t.Fatalf("combined card = %s %s %q %s; want %s %s %q %s", got.Kind, got.Answer, from, got.Reason, tt.kind, tt.answer, tt.from, tt.reason)
			}
			if got.Source == "" || (got.Answer != AnswerNo && len(got.Where) != 2) {
				t.Fatalf("combined card without its source or where to apply: %+v", got)
			}
		})
	}
}
