package cases

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// now is 2026-11-23 10:00 in Japan.
var now = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)

func newService(t *testing.T) *Service {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, orgs.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	return New(db, vault.NewPlain(), orgs.New(db, clock), []string{"ja", "en"}, clock)
}

var orgA, orgB = Scope{Org: "issj"}, Scope{Org: "jar"}

func dmy(t time.Time) (string, string, string) {
	return strconv.Itoa(t.Day()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Year())
}

// childBornHere is the end-to-end case: a child born in Japan on its
// 20th day counting the day of birth (Family Register Act art. 43), birth
// not notified, no status applied for.
func childBornHere() SituationForm {
	d, m, y := dmy(now.AddDate(0, 0, -19))
	return SituationForm{
		Category: "transitional_birth", Nationality: "unknown", BirthDay: d, BirthMonth: m, BirthYear: y,
		BornInJapan: "yes", BirthNotified: "no", StatusApplied: "no", ParentCategory: "mid_to_long_term", ParentNation: "VN",
	}
}

func newCase(t *testing.T, s *Service, sc Scope) *Case {
	t.Helper()
	c, err := s.Create(context.Background(), sc, 1, Person{Name: "Nguyen Thi Lan", Language: "en", Contact: "090-1234-5678", Notes: "Mother speaks some English."})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSituationDeadlines(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	c, err := s.SaveSituation(ctx, orgA, c.ID, 0, childBornHere())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]residency.Deadline{}
	for _, d := range c.Evaluation.Deadlines {
		got[d.ID] = d
	}
	if d := got[residency.DeadlineBirthNotification]; d.Status != residency.StatusOverdue || d.DaysLeft != -6 {
		t.Errorf("birth notification = %+v, want overdue by 6 days", d)
	}
	if d := got[residency.DeadlineStatusApplication]; d.Status != residency.StatusDueSoon || d.DaysLeft != 10 {
		t.Errorf("status application = %+v, want due in 10 days", d)
	}
	var flags []string
	for _, f := range c.Evaluation.Flags {
		flags = append(flags, f.ID)
	}
	if !slices.Contains(flags, residency.FlagUnregisteredBirth) {
		t.Errorf("flags = %v, want unregistered_birth", flags)
	}
}

func TestSituationFormProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(*SituationForm)
		want []string
	}{
		{"no category", func(f *SituationForm) { f.Category = "" }, []string{"category:residency.error.category.required"}},
		{"31 February", func(f *SituationForm) { f.BirthDay, f.BirthMonth = "31", "2" }, []string{"birthDate:cases.situation.error.dateInvalid"}},
		{"notified without a day", func(f *SituationForm) { f.BirthNotified = "yes" }, []string{"notifiedDate:cases.situation.error.dateRequired"}},
		{"born in Japan unanswered", func(f *SituationForm) { f.BornInJapan = "" }, []string{"bornInJapan:cases.situation.error.yesNo"}},
		{"future birth", func(f *SituationForm) { f.BirthYear = "2030" }, []string{"birthDate:residency.error.date.future"}},
		{"full-width digits accepted", func(f *SituationForm) { f.BirthYear = "２０２６" }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newService(t)
			c := newCase(t, s, orgA)
			f := childBornHere()
			tc.edit(&f)
			_, err := s.SaveSituation(context.Background(), orgA, c.ID, 0, f)
			var got []string
			for _, p := range problem.From(err) {
				got = append(got, p.Field+":"+p.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("problems = %v (%v), want %v", got, err, tc.want)
			}
		})
	}
}

func TestPersonProblems(t *testing.T) {
	tests := []struct {
		name string
		p    Person
		want []string
	}{
		{"fine", Person{Name: "A", Language: "en"}, nil},
		{"missing", Person{}, []string{"name:cases.error.required", "language:cases.person.language.error.required"}},
		{"unknown language", Person{Name: "A", Language: "xx"}, []string{"language:cases.person.language.error.unknown"}},
		{"Individual Number in notes", Person{Name: "A", Language: "ja", Notes: "番号 1234 5678 9018"}, []string{"notes:cases.error.individualNumber"}},
		{"full-width number", Person{Name: "A", Language: "ja", Contact: "１２３４５６７８９０１８"}, []string{"contact:cases.error.individualNumber"}},
		{"phone is not a number", Person{Name: "A", Language: "ja", Contact: "090-1234-5678, 0570-078377"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newService(t)
			_, err := s.Create(context.Background(), orgA, 1, tc.p)
			var got []string
			for _, p := range problem.From(err) {
				got = append(got, p.Field+":"+p.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("problems = %v (%v), want %v", got, err, tc.want)
			}
		})
	}
}

// TestScopes: an organisation's caseworkers never reach another's cases or
// referrals, nor learn that they exist.
func TestScopes(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	r, err := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "nationality"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []Scope{orgB, {Org: ""}} {
		if _, err := s.Get(ctx, sc, c.ID); problemID(err) != "cases.error.notFound" {
			t.Errorf("%v reads org A's case: %v", sc, err)
		}
		if _, err := s.SaveSituation(ctx, sc, c.ID, 0, childBornHere()); problemID(err) != "cases.error.notFound" {
			t.Errorf("%v changes org A's case: %v", sc, err)
		}
		if _, err := s.Referral(ctx, sc, r.ID); problemID(err) != "cases.referral.error.notFound" {
			t.Errorf("%v reads org A's referral: %v", sc, err)
		}
		if _, err := s.Letter(ctx, sc, r.ID); problemID(err) != "cases.referral.error.notFound" {
			t.Errorf("%v reads org A's letter: %v", sc, err)
		}
		if _, err := s.CreateReferral(ctx, sc, 1, c.ID, NewReferral{Org: "issj", Reason: "x"}); problemID(err) != "cases.error.notFound" {
			t.Errorf("%v refers org A's case: %v", sc, err)
		}
		if list, _ := s.List(ctx, sc); len(list) != 0 {
			t.Errorf("%v lists %v", sc, list)
		}
		if d, _ := s.Due(ctx, sc); len(d.Items) != 0 {
			t.Errorf("%v dashboard %v", sc, d.Items)
		}
	}
}

func problemID(err error) string {
	if l := problem.From(err); len(l) > 0 {
		return l[0].ID
	}
	if err != nil {
		return "non-problem: " + err.Error()
	}
	return ""
}

func consent(fields ...string) ConsentForm {
	d, m, y := dmy(now)
	return ConsentForm{GivenBy: "Nguyen Van Minh", Relationship: "parent", Fields: fields, Day: d, Month: m, Year: y,
		Method: MethodSpokenInterpreter, InterpreterLanguage: "en", InterpreterName: "Sato Yumi"}
}

func TestConsentGate(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	r, err := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(ctx, orgA, r.ID, nil, nil); problemID(err) != "cases.referral.error.noConsent" {
		t.Fatalf("sent without consent: %v", err)
	}
	if _, err := s.Letter(ctx, orgA, r.ID); problemID(err) != "cases.referral.error.noConsent" {
		t.Fatalf("letter without consent: %v", err)
	}
	bad := consent()
	bad.Method, bad.InterpreterName = MethodSpokenInterpreter, ""
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, bad, nil); len(problem.From(err)) != 2 {
		t.Errorf("consent without fields or interpreter: %v", err)
	}
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, consent(FieldName, "individualNumber"), nil); problemID(err) != "cases.consent.fields.error.required" {
		t.Errorf("consent to an unknown field: %v", err)
	}
	good := consent(FieldSituation, FieldName)
	good.GivenBy = "グエン・ティー・ホア"
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, good, nil); err != nil {
		t.Fatal(err)
	}
	r, err = s.Send(ctx, orgA, r.ID, nil, nil)
	if err != nil || r.Status != StatusSent || r.Consent.With != "issj" || r.Consent.GivenBy != "グエン・ティー・ホア" || !slices.Equal(r.Consent.Fields, []string{FieldName, FieldSituation}) {
		t.Fatalf("sent = %+v, %v", r, err)
	}
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, consent(FieldNotes), nil); problemID(err) != "cases.referral.error.notDraft" {
		t.Errorf("consent widened after sending: %v", err)
	}
}

func TestOverride(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	r, _ := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "jar", Reason: "Urgent shelter"})
	if _, err := s.Send(ctx, orgA, r.ID, &Override{By: 2, Reason: "  "}, nil); problemID(err) != "cases.referral.override.reason.error.required" {
		t.Errorf("override without a reason: %v", err)
	}
	r, err := s.Send(ctx, orgA, r.ID, &Override{By: 2, Reason: "Person in danger, cannot be reached to consent"}, nil)
	if err != nil || r.Status != StatusSent || r.Override == nil || r.Override.By != 2 {
		t.Fatalf("override = %+v, %v", r, err)
	}
	l, err := s.Letter(ctx, orgA, r.ID)
	if err != nil || !l.Override || len(l.Shared) != 0 || l.Name != nil || l.Situation != nil {
		t.Errorf("override letter shares %+v, %v", l, err)
	}
}

// TestLetterHoldsOnlyConsentedFields: what is not consented is not in the
// letter's data at all, and no Individual Number ever is.
func TestLetterHoldsOnlyConsentedFields(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	if _, err := s.SaveSituation(ctx, orgA, c.ID, 0, childBornHere()); err != nil {
		t.Fatal(err)
	}
	r, _ := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, consent(FieldName, FieldSituation, FieldLanguage), nil); err != nil {
		t.Fatal(err)
	}
	l, err := s.Letter(ctx, orgA, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(l)
	var m map[string]any
	json.Unmarshal(raw, &m)
	for _, k := range []string{"contact", "notes", "birthDate", "nationality"} {
		if _, ok := m[k]; ok {
			t.Errorf("letter holds %s, which was not consented", k)
		}
	}
	for _, secret := range []string{"090-1234-5678", "Mother speaks", "individualNumber", "myNumber"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("letter data holds %q", secret)
		}
	}
	if l.Name == nil || *l.Name != "Nguyen Thi Lan" || l.Situation == nil || l.PersonLang == nil || l.Language != "en" || l.To.ID != "issj" {
		t.Errorf("letter = %s", raw)
	}
}

func TestReferralStatusesAndDashboard(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	if _, err := s.SaveSituation(ctx, orgA, c.ID, 0, childBornHere()); err != nil {
		t.Fatal(err)
	}
	r, _ := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "issj", Reason: "x"})
	if _, err := s.Update(ctx, orgA, r.ID, StatusAccepted, "", "", nil); problemID(err) != "cases.referral.status.error.transition" {
		t.Errorf("draft accepted: %v", err)
	}
	s.RecordConsent(ctx, orgA, 1, r.ID, consent(FieldName), nil)
	s.Send(ctx, orgA, r.ID, nil, nil)
	if _, err := s.Update(ctx, orgA, r.ID, StatusDeclined, "", "", nil); problemID(err) != "cases.referral.outcome.error.required" {
		t.Errorf("declined without outcome: %v", err)
	}
	if _, err := s.Update(ctx, orgA, r.ID, StatusAccepted, "", "2026-11-25", nil); err != nil {
		t.Fatal(err)
	}
	d, err := s.Due(ctx, orgA)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, it := range d.Items {
		kinds = append(kinds, it.Kind+":"+it.Message+":"+it.Date)
	}
	want := []string{
		"deadline:residency.deadline.birth_notification:2026-11-17",
		"followUp:cases.due.followUp:2026-11-25",
		"deadline:residency.deadline.status_application:2026-12-03",
	}
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Errorf("dashboard = %v, want %v", kinds, want)
	}
	if d.Overdue != 1 || d.DueSoon != 2 || d.Buckets[0].Count != 1 || d.Buckets[1].Count != 1 || d.Buckets[2].Count != 1 {
		t.Errorf("counts %d/%d buckets %+v", d.Overdue, d.DueSoon, d.Buckets)
	}
	r, err = s.Update(ctx, orgA, r.ID, StatusClosed, "resolved", "2026-11-25", nil)
	if err != nil || r.Outcome != "resolved" || r.FollowUp != "" {
		t.Errorf("closed = %+v, %v", r, err)
	}
}

// TestStaleChangeRefused: a change made from an older version of the case
// (another caseworker saved in between) is refused and changes nothing.
func TestStaleChangeRefused(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	first, err := s.SaveSituation(ctx, orgA, c.ID, c.Version, childBornHere())
	if err != nil || first.Version != c.Version+1 {
		t.Fatalf("first save: %+v, %v", first, err)
	}
	if _, err := s.SavePerson(ctx, orgA, c.ID, c.Version, Person{Name: "Other", Language: "ja"}); problemID(err) != "cases.error.conflict" {
		t.Errorf("stale change: %v", err)
	}
	if got, _ := s.Get(ctx, orgA, c.ID); got.Person.Name != "Nguyen Thi Lan" || got.Version != first.Version {
		t.Errorf("after a refused change: %+v", got)
	}
}
