package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/orgs"
	"madoguchi/app/problem"
	"madoguchi/app/residency"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// now is 2026-11-23 10:00 in Japan.
var now = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)

func newService(t *testing.T) *Service {
	t.Helper()
	dir, url := testdb.Place(t)
	return openAt(t, dir, url)
}

// openAt opens the cases of the database at a testdb.Place, migrated: a
// second one on the same place is a second desk.
func openAt(t *testing.T, dir, url string) *Service {
	t.Helper()
	db := testdb.OpenAt(t, dir, url)
	if err := db.Migrate(context.Background(), orgs.Migrations, Migrations); err != nil {
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
	if _, err := s.Send(ctx, orgA, r.ID, 0, nil, nil); problemID(err) != "cases.referral.error.noConsent" {
		t.Fatalf("sent without consent: %v", err)
	}
	if _, err := s.Letter(ctx, orgA, r.ID); problemID(err) != "cases.referral.error.noConsent" {
		t.Fatalf("letter without consent: %v", err)
	}
	bad := consent()
	bad.Method, bad.InterpreterName = MethodSpokenInterpreter, ""
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, 0, bad, nil); len(problem.From(err)) != 2 {
		t.Errorf("consent without fields or interpreter: %v", err)
	}
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, 0, consent(FieldName, "individualNumber"), nil); problemID(err) != "cases.consent.fields.error.required" {
		t.Errorf("consent to an unknown field: %v", err)
	}
	good := consent(FieldSituation, FieldName)
	good.GivenBy = "グエン・ティー・ホア"
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, 0, good, nil); err != nil {
		t.Fatal(err)
	}
	r, err = s.Send(ctx, orgA, r.ID, 0, nil, nil)
	if err != nil || r.Status != StatusSent || r.Consent.With != "issj" || r.Consent.GivenBy != "グエン・ティー・ホア" || !slices.Equal(r.Consent.Fields, []string{FieldName, FieldSituation}) {
		t.Fatalf("sent = %+v, %v", r, err)
	}
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, 0, consent(FieldNotes), nil); problemID(err) != "cases.referral.error.notDraft" {
		t.Errorf("consent widened after sending: %v", err)
	}
}

func TestOverride(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	c := newCase(t, s, orgA)
	r, _ := s.CreateReferral(ctx, orgA, 1, c.ID, NewReferral{Org: "jar", Reason: "Urgent shelter"})
	if _, err := s.Send(ctx, orgA, r.ID, 0, &Override{By: 2, Reason: "  "}, nil); problemID(err) != "cases.referral.override.reason.error.required" {
		t.Errorf("override without a reason: %v", err)
	}
	r, err := s.Send(ctx, orgA, r.ID, 0, &Override{By: 2, Reason: "Person in danger, cannot be reached to consent"}, nil)
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
	if _, err := s.RecordConsent(ctx, orgA, 1, r.ID, 0, consent(FieldName, FieldSituation, FieldLanguage), nil); err != nil {
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
	if _, err := s.Update(ctx, orgA, r.ID, 0, StatusAccepted, "", "", nil); problemID(err) != "cases.referral.status.error.transition" {
		t.Errorf("draft accepted: %v", err)
	}
	s.RecordConsent(ctx, orgA, 1, r.ID, 0, consent(FieldName), nil)
	s.Send(ctx, orgA, r.ID, 0, nil, nil)
	if _, err := s.Update(ctx, orgA, r.ID, 0, StatusDeclined, "", "", nil); problemID(err) != "cases.referral.outcome.error.required" {
		t.Errorf("declined without outcome: %v", err)
	}
	if _, err := s.Update(ctx, orgA, r.ID, 0, StatusAccepted, "", "2026-11-25", nil); err != nil {
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
	r, err = s.Update(ctx, orgA, r.ID, 0, StatusClosed, "resolved", "2026-11-25", nil)
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

// Two desks edit one case at the same moment. From the version each
// screen showed: one change is made, the other is refused
// (cases.error.conflict) and overwrites nothing. Without a version (0), the
// second desk works on the case as the first left it: both changes stand.
func TestTwoDesksEditOneCaseAtOnce(t *testing.T) {
	ctx := context.Background()
	for _, shown := range []bool{true, false} {
		t.Run(fmt.Sprintf("version shown %v", shown), func(t *testing.T) {
			dir, url := testdb.Place(t)
			desks := []*Service{openAt(t, dir, url), openAt(t, dir, url)}
			c := newCase(t, desks[0], orgA)
			version := int64(0)
			if shown {
				version = c.Version
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, s := range desks {
				s.beforeWrite = func() { time.Sleep(50 * time.Millisecond) }
				wg.Go(func() {
					if i == 0 {
						_, errs[i] = s.SavePerson(ctx, orgA, c.ID, version, Person{Name: "Nguyen Thi Hoa", Language: "en"})
					} else {
						_, errs[i] = s.SaveSituation(ctx, orgA, c.ID, version, childBornHere())
					}
				})
			}
			wg.Wait()
			after, err := desks[0].Get(ctx, orgA, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			personSaved, situationSaved := after.Person.Name == "Nguyen Thi Hoa", after.Evaluation != nil
			if !shown {
				if errs[0] != nil || errs[1] != nil || !personSaved || !situationSaved || after.Version != c.Version+2 {
					t.Errorf("errors %v, %v; person saved %v, situation saved %v, version %d: want both, version %d",
						errs[0], errs[1], personSaved, situationSaved, after.Version, c.Version+2)
				}
				return
			}
			won := -1
			for i, err := range errs {
				switch {
				case err == nil && won < 0:
					won = i
				case problemID(err) != "cases.error.conflict":
					t.Errorf("desk %d: %v, want one change made and the other refused", i, err)
				}
			}
			if won < 0 || personSaved != (won == 0) || situationSaved != (won == 1) || after.Version != c.Version+1 {
				t.Errorf("desk %d won; person saved %v, situation saved %v, version %d", won, personSaved, situationSaved, after.Version)
			}
		})
	}
}

// A referral's change, one per kind, as a desk makes it from the version
// its screen shows.
type referralChange struct {
	name string
	from string // the status the referral is in first (with consent recorded unless draft)
	do   func(s *Service, id, version int64) (*Referral, error)
}

func referralChanges() []referralChange {
	ctx := context.Background()
	return []referralChange{
		{"consent", StatusDraft, func(s *Service, id, v int64) (*Referral, error) {
			f := consent(FieldName, FieldNotes)
			f.GivenBy = "Nguyen Van Nam"
			return s.RecordConsent(ctx, orgA, 2, id, v, f, nil)
		}},
		{"sending", StatusDraft, func(s *Service, id, v int64) (*Referral, error) {
			return s.Send(ctx, orgA, id, v, &Override{By: 2, Reason: "Person in danger"}, nil)
		}},
		{"status", StatusSent, func(s *Service, id, v int64) (*Referral, error) {
			return s.Update(ctx, orgA, id, v, StatusAccepted, "", "", nil)
		}},
		{"outcome", StatusSent, func(s *Service, id, v int64) (*Referral, error) {
			return s.Update(ctx, orgA, id, v, StatusDeclined, "no_capacity", "", nil)
		}},
		{"follow-up", StatusSent, func(s *Service, id, v int64) (*Referral, error) {
			return s.Update(ctx, orgA, id, v, "", "", "2026-12-01", nil)
		}},
	}
}

// referralIn is a referral of a new case in status from: a draft as
// created, else with consent recorded and sent.
func referralIn(t *testing.T, s *Service, from string) *Referral {
	t.Helper()
	ctx := context.Background()
	r, err := s.CreateReferral(ctx, orgA, 1, newCase(t, s, orgA).ID, NewReferral{Org: "issj", Reason: "Nationality of the child"})
	if err != nil {
		t.Fatal(err)
	}
	if from == StatusDraft {
		return r
	}
	if r, err = s.RecordConsent(ctx, orgA, 1, r.ID, r.Version, consent(FieldName), nil); err != nil {
		t.Fatal(err)
	}
	if r, err = s.Send(ctx, orgA, r.ID, r.Version, nil, nil); err != nil {
		t.Fatal(err)
	}
	return r
}

// Two desks show one referral; one changes it. Every change the other then
// makes from the screen it still shows (the old version) is refused with
// cases.error.conflict, and the referral stays as the first desk left it.
func TestStaleReferralChangeRefused(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	a, b := openAt(t, dir, url), openAt(t, dir, url)
	for _, first := range referralChanges() {
		for _, second := range referralChanges() {
			if second.from != first.from {
				continue
			}
			t.Run(first.name+" then "+second.name, func(t *testing.T) {
				shown := referralIn(t, a, first.from)
				changed, err := first.do(a, shown.ID, shown.Version)
				if err != nil {
					t.Fatalf("first desk: %v", err)
				}
				if changed.Version != shown.Version+1 {
					t.Errorf("version after a change %d, want %d", changed.Version, shown.Version+1)
				}
				if _, err := second.do(b, shown.ID, shown.Version); problemID(err) != "cases.error.conflict" {
					t.Errorf("second desk from the old version: %v, want cases.error.conflict", err)
				}
				if after, err := b.Referral(ctx, orgA, shown.ID); err != nil || !reflect.DeepEqual(after, changed) {
					t.Errorf("after the refused change: %+v (%v), want %+v", after, err, changed)
				}
				// From the version it shows once reloaded, the second desk's
				// change is judged on its own (a sent referral is not sent
				// again, consent is not recorded after sending, ...).
				if _, err := second.do(b, shown.ID, changed.Version); problemID(err) == "cases.error.conflict" {
					t.Errorf("second desk from the new version: %v", err)
				}
			})
		}
	}
}

// The same at the same moment: two desks change one referral from the
// version both show; one change is made, the other refused, and the
// referral is the one made.
func TestTwoDesksChangeOneReferralAtOnce(t *testing.T) {
	ctx := context.Background()
	dir, url := testdb.Place(t)
	desks := []*Service{openAt(t, dir, url), openAt(t, dir, url)}
	for _, s := range desks {
		s.beforeWrite = func() { time.Sleep(50 * time.Millisecond) }
	}
	changes := referralChanges()
	for _, pair := range [][2]int{{0, 1}, {2, 4}, {3, 4}} {
		one, two := changes[pair[0]], changes[pair[1]]
		t.Run(one.name+" and "+two.name, func(t *testing.T) {
			shown := referralIn(t, desks[0], one.from)
			results := make([]*Referral, 2)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, ch := range []referralChange{one, two} {
				wg.Go(func() { results[i], errs[i] = ch.do(desks[i], shown.ID, shown.Version) })
			}
			wg.Wait()
			won := -1
			for i, err := range errs {
				switch {
				case err == nil && won < 0:
					won = i
				case problemID(err) != "cases.error.conflict":
					t.Errorf("desk %d: %v, want one change made and the other refused", i, err)
				}
			}
			if won < 0 {
				t.Fatal("neither change was made")
			}
			if after, err := desks[0].Referral(ctx, orgA, shown.ID); err != nil || !reflect.DeepEqual(after, results[won]) {
				t.Errorf("stored %+v (%v), want desk %d's %+v", after, err, won, results[won])
			}
		})
	}
}
