package lostcard

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// 2026-11-23 10:00 in Japan.
var testNow = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*Service, *clock) {
	t.Helper()
	dir, url := testdb.Place(t)
	c := &clock{t: testNow}
	return openAt(t, dir, url, c), c
}

// openAt opens the reports of the database at a testdb.Place, migrated, on
// clock c: a second one on the same place is a second desk.
func openAt(t *testing.T, dir, url string, c *clock) *Service {
	t.Helper()
	db := testdb.OpenAt(t, dir, url)
	if err := db.Migrate(context.Background(), Migrations); err != nil {
		t.Fatal(err)
	}
	return New(db, vault.New(), []string{"ja", "en", "vi"}, c.now)
}

// stolenBoth is a complete report of a stolen card and smartphone, ready to suspend.
func stolenBoth() Answers {
	return Answers{
		FieldCallerLanguage: "vi", FieldName: "NGUYEN THI LAN", FieldAddress: "東京都新宿区西新宿2-8-1",
		FieldBirthDate: "1995/7/3", FieldSex: "female", FieldLostItem: itemBoth, FieldPhoneSystem: "android",
		FieldKind: kindStolen, FieldPlace: placeOutside, FieldLostOn: "2026-11-22", FieldLostWhere: "新宿駅",
		FieldSuspendedAt: "1012", FieldSuspensionReference: "T-4471", FieldConsequenceExplained: "yes",
	}
}

func ids(err error) []string {
	var out []string
	for _, p := range problem.From(err) {
		out = append(out, p.Field+":"+p.ID)
	}
	return out
}

func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	r, err := s.Start(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusOpen || r.StartedAt != "2026-11-23T01:00:00.000Z" || r.ExpressUntil != "2026-12-22" {
		t.Fatalf("started %+v", r)
	}
	// Suspending an empty report names every missing field, in form order.
	_, err = s.Move(ctx, r.ID, StatusSuspended, nil, nil)
	got := ids(err)
	if len(got) != 12 || got[0] != "callerLanguage:lostcard.error.required.callerLanguage" ||
		got[len(got)-1] != "consequenceExplained:lostcard.error.required.consequenceExplained" {
		t.Fatalf("problems %v", got)
	}
	r, err = s.At(r.Version).Move(ctx, r.ID, StatusSuspended, stolenBoth(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusSuspended || r.CallerLanguage != "vi" || r.Answers[FieldBirthDate] != "1995-07-03" ||
		r.Answers[FieldSuspendedAt] != "10:12" || r.Evidence != EvidencePolice || r.Answers[FieldCallerLanguage] != "" {
		t.Fatalf("suspended %+v", r)
	}
	if !slices.Equal(r.Next, []string{StatusReissueApplied, StatusFound}) {
		t.Errorf("next %v", r.Next)
	}
	// Reissue needs the police receipt of a theft.
	if _, err := s.Move(ctx, r.ID, StatusReissueApplied, nil, nil); !slices.Equal(ids(err),
		[]string{"policeReceipt:lostcard.error.required.policeReceipt", "policeStation:lostcard.error.required.policeStation"}) {
		t.Fatalf("reissue without receipt: %v", ids(err))
	}
	r, err = s.Move(ctx, r.ID, StatusReissueApplied, Answers{FieldPoliceReceipt: "第123号", FieldPoliceStation: "新宿警察署"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Move(ctx, r.ID, StatusFound, nil, nil); !slices.Equal(ids(err), []string{":lostcard.error.transition"}) {
		t.Errorf("reissueApplied → found: %v", ids(err))
	}
	if r, err = s.Move(ctx, r.ID, StatusClosed, nil, nil); err != nil || r.Status != StatusClosed {
		t.Fatalf("close: %v %+v", err, r)
	}
	if _, err := s.Save(ctx, r.ID, Answers{FieldLostWhere: "x"}); !slices.Equal(ids(err), []string{":lostcard.error.finished"}) {
		t.Errorf("change closed: %v", ids(err))
	}
}

func TestFoundAndLifted(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	r, _ := s.Start(ctx, 1)
	a := stolenBoth()
	a[FieldKind], a[FieldPlace], a[FieldLostItem] = kindLost, placeHome, itemCard
	delete(a, FieldPhoneSystem)
	r, err := s.Move(ctx, r.ID, StatusSuspended, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Evidence != EvidenceExplanation {
		t.Errorf("lost at home needs %q", r.Evidence)
	}
	if r, err = s.Move(ctx, r.ID, StatusFound, nil, nil); err != nil {
		t.Fatal(err)
	}
	if r, err = s.Move(ctx, r.ID, StatusLifted, nil, nil); err != nil || r.Status != StatusLifted || len(r.Next) != 0 {
		t.Fatalf("lift: %v %+v", err, r)
	}
}

func TestVersionConflict(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	r, _ := s.Start(ctx, 1)
	if _, err := s.At(r.Version).Save(ctx, r.ID, Answers{FieldName: "A"}); err != nil {
		t.Fatal(err)
	}
	// A second desk still showing the first version is refused, and nothing is written.
	if _, err := s.At(r.Version).Save(ctx, r.ID, Answers{FieldName: "B"}); !slices.Equal(ids(err), []string{":lostcard.error.conflict"}) {
		t.Fatalf("stale save: %v", ids(err))
	}
	got, _ := s.Get(ctx, r.ID)
	if got.Answers[FieldName] != "A" || got.Version != 2 {
		t.Errorf("after conflict %+v", got)
	}
}

// Two desks change one report at the same moment: one change is made, the
// other is refused (lostcard.error.conflict) and overwrites nothing.
// Whether each desk sends the version its screen shows or none, the second
// works on the report as the first left it: a move from the status both
// saw is never made twice (open → suspended and open → closed).
func TestTwoDesksChangeOneReportAtOnce(t *testing.T) {
	type change struct {
		to      string // "" saves
		answers Answers
	}
	tests := []struct {
		name      string
		shown     bool // each desk sends the version it showed
		a, b      change
		refusedBy []string
	}{
		{"save from the version shown", true,
			change{"", Answers{FieldName: "DESK A"}}, change{"", Answers{FieldName: "DESK B"}},
			[]string{"lostcard.error.conflict"}},
		{"move from the version shown", true,
			change{StatusSuspended, nil}, change{StatusClosed, nil},
			[]string{"lostcard.error.conflict"}},
		{"move without a version", false,
			change{StatusSuspended, nil}, change{StatusClosed, nil},
			// after closed nothing moves; after suspended, closed is no move
			[]string{"lostcard.error.finished", "lostcard.error.transition"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir, url := testdb.Place(t)
			c := &clock{t: testNow}
			first := openAt(t, dir, url, c)
			r, err := first.Start(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if r, err = first.Save(ctx, r.ID, complete()); err != nil {
				t.Fatal(err)
			}
			desks := []*Service{first, openAt(t, dir, url, c)}
			changes := []change{tc.a, tc.b}
			results := make([]*Report, 2)
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, s := range desks {
				s.beforeWrite = func() { time.Sleep(50 * time.Millisecond) }
				if tc.shown {
					s = s.At(r.Version)
				}
				ch := changes[i]
				wg.Go(func() {
					if ch.to == "" {
						results[i], errs[i] = s.Save(ctx, r.ID, ch.answers)
					} else {
						results[i], errs[i] = s.Move(ctx, r.ID, ch.to, ch.answers, nil)
					}
				})
			}
			wg.Wait()
			won := -1
			for i, err := range errs {
				switch got := onlyID(err); {
				case err == nil && won < 0:
					won = i
				case !slices.Contains(tc.refusedBy, got):
					t.Errorf("desk %d: %q (%v), want one change made and the other refused with one of %v", i, got, err, tc.refusedBy)
				}
			}
			if won < 0 {
				t.Fatal("neither change was made")
			}
			after, err := first.Get(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if after.Version != r.Version+1 || after.Status != results[won].Status || after.Answers[FieldName] != results[won].Answers[FieldName] {
				t.Errorf("stored %s v%d %q, want desk %d's %s v%d %q", after.Status, after.Version, after.Answers[FieldName],
					won, results[won].Status, r.Version+1, results[won].Answers[FieldName])
			}
		})
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		field, in, want, problem string
	}{
		{FieldBirthDate, "１９９５年７月３日", "1995-07-03", ""},
		{FieldBirthDate, "1995-02-30", "", "lostcard.error.birthDate.format"},
		{FieldBirthDate, "2030-01-01", "", "lostcard.error.birthDate.future"},
		{FieldSex, "2", "female", ""},
		{FieldSex, "x", "", "lostcard.error.choice"},
		{FieldLostOn, "20261122", "2026-11-22", ""},
		{FieldLostOn, "2026-11-24", "", "lostcard.error.lostOn.future"},
		{FieldLostOn, "2026-11-00", "", "lostcard.error.lostOn.format"},
		{FieldSuspendedAt, "9:05", "09:05", ""},
		{FieldSuspendedAt, "２３：５９", "23:59", ""},
		{FieldSuspendedAt, "24:00", "", "lostcard.error.suspendedAt.format"},
		{FieldCallerLanguage, "th", "", "lostcard.error.choice"},
		{FieldLostItem, "wallet", "", "lostcard.error.choice"},
		{FieldName, strings.Repeat("あ", 101), "", "lostcard.error.tooLong"},
		{FieldSuspensionReference, "1234 5678 9018", "", "lostcard.error.individualNumber"},
		{FieldPoliceReceipt, "123456789012", "123456789012", ""}, // 12 digits failing the check digit: a receipt number
		{FieldConsequenceExplained, "yes", "yes", ""},
		{FieldConsequenceExplained, "no", "", "lostcard.error.choice"},
	}
	s, _ := newService(t)
	for _, tc := range cases {
		t.Run(tc.field+"/"+tc.in, func(t *testing.T) {
			out, probs := s.validate(Answers{tc.field: tc.in}, testNow)
			if tc.problem != "" {
				if len(probs) != 1 || probs[0].ID != tc.problem || probs[0].Field != tc.field {
					t.Fatalf("problems %v, want %s", probs, tc.problem)
				}
				return
			}
			if len(probs) > 0 || out[tc.field] != tc.want {
				t.Fatalf("got %q %v, want %q", out[tc.field], probs, tc.want)
			}
		})
	}
}

func TestSamePerson(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	first, _ := s.Start(ctx, 1)
	s.Save(ctx, first.ID, stolenBoth())
	second, _ := s.Start(ctx, 1)
	// Written differently, the same on all four items once normalised.
	s.Save(ctx, second.ID, Answers{FieldName: "Nguyen Thi Lan", FieldAddress: "東京都新宿区西新宿二丁目8番1号",
		FieldBirthDate: "19950703", FieldSex: "2"})
	third, _ := s.Start(ctx, 1)
	// Three items the same, the address another: not the same person.
	s.Save(ctx, third.ID, Answers{FieldName: "NGUYEN THI LAN", FieldAddress: "大阪府大阪市北区梅田1-1",
		FieldBirthDate: "1995-07-03", FieldSex: "female"})
	got, err := s.SamePerson(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != first.ID {
		t.Fatalf("same person as %d: %+v", second.ID, got)
	}
	if got, _ := s.SamePerson(ctx, third.ID); len(got) != 0 {
		t.Errorf("three items matched: %+v", got)
	}
	// A finished report is no longer a warning.
	s.Move(ctx, first.ID, StatusClosed, nil, nil)
	if got, _ := s.SamePerson(ctx, second.ID); len(got) != 0 {
		t.Errorf("closed report still warned: %+v", got)
	}
}

func TestFollowUpsAndFigures(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	c.t = testNow.AddDate(0, 0, -2)
	a, _ := s.Start(ctx, 1)
	s.Save(ctx, a.ID, Answers{FieldCallerLanguage: "vi"})
	c.t = testNow
	b, _ := s.Start(ctx, 1)
	s.Save(ctx, b.ID, Answers{FieldCallerLanguage: "vi"})
	s.Move(ctx, b.ID, StatusClosed, nil, nil)
	d, _ := s.Start(ctx, 1)
	s.Save(ctx, d.ID, Answers{FieldCallerLanguage: "ja"})

	list, err := s.FollowUps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != d.ID {
		t.Errorf("follow-ups %+v", list)
	}
	f, err := s.Figures(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 3 || len(f.PerDay) != 7 || f.PerDay[4] != (Count{"2026-11-21", 1}) || f.PerDay[6] != (Count{"2026-11-23", 2}) {
		t.Errorf("per day %+v", f)
	}
	if !slices.Equal(f.ByLanguage, []Count{{"vi", 2}, {"ja", 1}}) {
		t.Errorf("by language %+v", f.ByLanguage)
	}
	if f.ByOutcome[0] != (Count{StatusOpen, 2}) || f.ByOutcome[3] != (Count{StatusClosed, 1}) {
		t.Errorf("by outcome %+v", f.ByOutcome)
	}
}

func TestExpressUntil(t *testing.T) {
	jst := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, japanTime) }
	cases := []struct {
		at   time.Time
		want string
	}{
		{jst(2026, 11, 23, 10), "2026-12-22"},
		{jst(2026, 11, 23, 23), "2026-12-22"},
		{time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC), "2026-12-23"}, // 00:30 on the 24th in Japan
		{jst(2024, 12, 2, 0), "2024-12-31"},
		{jst(2024, 12, 1, 23), ""}, // before express issue existed
	}
	for _, tc := range cases {
		got := ""
		if u, ok := ExpressUntil(tc.at); ok {
			got = u.Format(time.DateOnly)
		}
		if got != tc.want {
			t.Errorf("ExpressUntil(%v) = %q, want %q", tc.at, got, tc.want)
		}
	}
}

func TestRulesEvidenceTable(t *testing.T) {
	r := CurrentRules()
	if r.Evidence[kindLost][placeHome] != EvidenceExplanation || r.Evidence[kindStolen][placeHome] != EvidencePolice ||
		r.Evidence[kindLost][placeFire] != EvidenceDisaster || len(r.Evidence) != len(kinds) {
		t.Errorf("evidence table %v", r.Evidence)
	}
}

func TestEvidence(t *testing.T) {
	cases := []struct {
		kind, place string
		want        Evidence
	}{
		{kindLost, placeOutside, EvidencePolice},
		{kindStolen, placeOutside, EvidencePolice},
		{kindStolen, placeHome, EvidencePolice},
		{kindLost, placeHome, EvidenceExplanation},
		{kindLost, placeFire, EvidenceDisaster},
		{kindStolen, placeFire, EvidenceDisaster},
		{"", "", ""},
	}
	for _, tc := range cases {
		if got := evidenceFor(tc.kind, tc.place); got != tc.want {
			t.Errorf("evidenceFor(%s, %s) = %s, want %s", tc.kind, tc.place, got, tc.want)
		}
	}
}
