package intake

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// testClock starts at testNow and moves one second per reading, so every
// write has its own updated_at and "newest first" is deterministic.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// place is where a test's database is, on the test run's engine
// (testdb.Place): a desk's data folder, and on PostgreSQL the database's
// URL. Each openDB of one place is another desk on the same database.
type place struct{ dir, url string }

func newPlace(t *testing.T) place {
	t.Helper()
	dir, url := testdb.Place(t)
	return place{dir, url}
}

// openDB opens the database at p, migrated, closed when t ends.
func openDB(t *testing.T, p place) *store.DB {
	t.Helper()
	db := testdb.OpenAt(t, p.dir, p.url)
	if err := db.Migrate(context.Background(), Migrations); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func newTestService(t *testing.T) (*Service, place) {
	t.Helper()
	p := newPlace(t)
	db := openDB(t, p)
	clock := &testClock{t: testNow}
	return New(db, vault.New(), []string{"ja", "en"}, clock.now), p
}

// answersJP are the answers of a Japanese applicant, step by step.
var answersJP = []struct {
	step string
	in   Answers
}{
	{"language", Answers{"applicantLanguage": "ja"}},
	{"name", Answers{"name": "山田　太郎"}},
	{"kana", Answers{"nameKana": "やまだ たろう"}},
	{"birth", wareki("heisei", "2", "4", "1")},
	{"sex", Answers{"sex": "male"}},
	{"address", Answers{"postalCode": "1000001", "address": "東京都千代田区千代田1-1"}},
	{"nationality", Answers{"nationality": "JP"}},
	{"contact", Answers{"phone": "090-1234-5678"}},
}

func mustSave(t *testing.T, s *Service, id int64, step string, in Answers) *Application {
	t.Helper()
	app, err := s.Save(context.Background(), id, step, in)
	if err != nil {
		t.Fatalf("save %s: %v", step, err)
	}
	return app
}

func wantProblem(t *testing.T, err error, id string) {
	t.Helper()
	for _, p := range problem.From(err) {
		if p.ID == id {
			return
		}
	}
	t.Fatalf("error %v, want problem %s", err, id)
}

func fillJP(t *testing.T, s *Service, userID int64) *Application {
	t.Helper()
	app, err := s.Start(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answersJP {
		app = mustSave(t, s, app.ID, a.step, a.in)
	}
	return app
}

func TestStepsMoveForward(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	app, err := s.Start(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if app.Status != StatusDraft || app.Step != "language" || len(app.Answers) != 0 || app.Answers == nil {
		t.Fatalf("new draft: %+v", app)
	}
	if !slices.Contains(app.Steps, "residence") {
		t.Fatalf("residence should apply until the nationality is known: %v", app.Steps)
	}
	wantNext := []string{"name", "kana", "birth", "sex", "address", "nationality", "contact", "check"}
	for i, a := range answersJP {
		app = mustSave(t, s, app.ID, a.step, a.in)
		if app.Step != wantNext[i] {
			t.Fatalf("after %s: step %s, want %s", a.step, app.Step, wantNext[i])
		}
	}
	if want := []string{"language", "name", "kana", "birth", "sex", "address", "nationality", "contact", "check"}; !slices.Equal(app.Steps, want) {
		t.Fatalf("steps of a Japanese applicant: %v, want %v", app.Steps, want)
	}
	if app.Answers["name"] != "山田 太郎" || app.Answers["nameKana"] != "ヤマダ タロウ" || app.Answers["postalCode"] != "100-0001" {
		t.Fatalf("answers not normalised: %v", app.Answers)
	}
	if app.BirthDate != "1990-04-01" || app.BirthEra == nil || *app.BirthEra != (EraDate{"heisei", 2, 4, 1}) {
		t.Fatalf("birth: %s %v", app.BirthDate, app.BirthEra)
	}
	if app.CreatedBy != 7 {
		t.Fatalf("created by %d", app.CreatedBy)
	}
}

func TestSaveRefusesWithoutChanging(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	app := fillJP(t, s, 1)
	before := app.UpdatedAt

	_, err := s.Save(ctx, app.ID, "birth", greg("2001", "2", "29"))
	wantProblem(t, err, "intake.birth.birthDay.error.notRealDate")
	if len(problem.From(err)) != 1 {
		t.Fatalf("problems: %v", err)
	}
	got, _ := s.Get(ctx, app.ID)
	if got.BirthDate != "1990-04-01" || got.UpdatedAt != before || got.Step != "check" {
		t.Fatalf("a refused save changed the draft: %+v", got)
	}

	_, err = s.Save(ctx, app.ID, "photo", Answers{})
	wantProblem(t, err, "intake.error.stepNotAvailable")
	_, err = s.Save(ctx, 999, "name", Answers{"name": "x"})
	wantProblem(t, err, "intake.error.notFound")
}

func TestSaveOnlyReachableSteps(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	app, _ := s.Start(ctx, 1)
	_, err := s.Save(ctx, app.ID, "birth", greg("1990", "1", "1"))
	wantProblem(t, err, "intake.error.stepNotAvailable")
	_, err = s.Open(ctx, app.ID, "name")
	wantProblem(t, err, "intake.error.stepNotAvailable")
	if _, err := s.Open(ctx, app.ID, "language"); err != nil {
		t.Fatal(err)
	}
}

func TestChangeComesBackToCheck(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	app := fillJP(t, s, 1)
	app, err := s.Open(ctx, app.ID, "name")
	if err != nil || app.Step != "name" {
		t.Fatalf("open name: %v %v", app, err)
	}
	got, _ := s.Get(ctx, app.ID)
	if got.Step != "name" {
		t.Fatalf("Open did not record the position: %s", got.Step)
	}
	app = mustSave(t, s, app.ID, "name", Answers{"name": "山田 太郎", "alias": "ヤマダ"})
	if app.Step != "check" || app.Answers["alias"] != "ヤマダ" {
		t.Fatalf("after change: %s %v", app.Step, app.Answers)
	}
	app = mustSave(t, s, app.ID, "name", Answers{"name": "山田 太郎"})
	if _, kept := app.Answers["alias"]; kept {
		t.Fatalf("a cleared alias was kept: %v", app.Answers)
	}
	app = mustSave(t, s, app.ID, "birth", greg("1990", "4", "1"))
	if _, kept := app.Answers["birthEra"]; kept || app.Answers["birthCalendar"] != "gregorian" {
		t.Fatalf("era kept after switching to the Western calendar: %v", app.Answers)
	}
}

func TestNationalityChangesResidenceStep(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	app := fillJP(t, s, 1)
	if slices.Contains(app.Steps, "residence") {
		t.Fatalf("residence applies to a Japanese national: %v", app.Steps)
	}
	_, err := s.Open(ctx, app.ID, "residence")
	wantProblem(t, err, "intake.error.stepNotAvailable")

	app = mustSave(t, s, app.ID, "nationality", Answers{"nationality": "vn"})
	if app.Step != "residence" || !slices.Contains(app.Steps, "residence") {
		t.Fatalf("after JP -> VN: step %s, steps %v", app.Step, app.Steps)
	}
	_, err = s.Submit(ctx, app.ID)
	wantProblem(t, err, "intake.residence.residenceStatus.error.required")

	app = mustSave(t, s, app.ID, "residence", Answers{"residenceStatus": "student", "stayUntil": "2028-03-31"})
	if app.Step != "check" {
		t.Fatalf("after residence: %s", app.Step)
	}
	app = mustSave(t, s, app.ID, "nationality", Answers{"nationality": "JP"})
	if _, kept := app.Answers["residenceStatus"]; kept || app.Step != "check" {
		t.Fatalf("after VN -> JP: step %s, answers %v", app.Step, app.Answers)
	}
}

func TestDraftSurvivesReopen(t *testing.T) {
	s, p := newTestService(t)
	ctx := context.Background()
	app, _ := s.Start(ctx, 3)
	for _, a := range answersJP[:4] {
		app = mustSave(t, s, app.ID, a.step, a.in)
	}
	s.db.Close()

	db := openDB(t, p)
	s2 := New(db, vault.New(), []string{"ja", "en"}, (&testClock{t: testNow}).now)
	got, err := s2.Get(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != "sex" || got.Step != app.Step || !maps.Equal(got.Answers, app.Answers) || got.UpdatedAt != app.UpdatedAt {
		t.Fatalf("after reopen: %+v\nbefore: %+v", got, app)
	}
	if id, _ := s2.LatestDraft(ctx, 3); id != app.ID {
		t.Fatalf("latest draft after reopen: %d", id)
	}

	var sealed []byte
	if err := db.QueryRowContext(ctx, `SELECT answers FROM intake_applications WHERE id = ?`, app.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if len(sealed) == 0 || sealed[0] != 0x00 {
		t.Fatalf("answers not stored through the vault: %x", sealed)
	}
}

func TestSubmit(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()

	partial, _ := s.Start(ctx, 1)
	mustSave(t, s, partial.ID, "language", Answers{"applicantLanguage": "en"})
	_, err := s.Submit(ctx, partial.ID)
	probs := problem.From(err)
	var ids []string
	for _, p := range probs {
		ids = append(ids, p.ID)
	}
	want := []string{
		"intake.name.name.error.required",
		"intake.kana.nameKana.error.required",
		"intake.birth.birthCalendar.error.required",
		"intake.birth.birthYear.error.required",
		"intake.birth.birthMonth.error.required",
		"intake.birth.birthDay.error.required",
		"intake.sex.sex.error.required",
		"intake.address.postalCode.error.required",
		"intake.address.address.error.required",
		"intake.nationality.nationality.error.required",
		"intake.residence.residenceStatus.error.required",
		"intake.contact.phone.error.required",
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("submit incomplete: %v\nwant %v", ids, want)
	}
	if got, _ := s.Get(ctx, partial.ID); got.Status != StatusDraft || got.Step != "name" {
		t.Fatalf("a refused submit changed the draft: %+v", got)
	}

	app := fillJP(t, s, 1)
	mustSave(t, s, app.ID, "name", Answers{"name": "山田 太郎"}) // harmless re-save
	if _, err := s.Open(ctx, app.ID, "sex"); err != nil {
		t.Fatal(err)
	}
	app, err = s.Submit(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if app.Status != StatusReady || app.Step != "check" {
		t.Fatalf("after submit: %s %s", app.Status, app.Step)
	}
	_, err = s.Save(ctx, app.ID, "name", Answers{"name": "別人"})
	wantProblem(t, err, "intake.error.alreadySubmitted")
	_, err = s.Open(ctx, app.ID, "name")
	wantProblem(t, err, "intake.error.alreadySubmitted")
	_, err = s.Submit(ctx, app.ID)
	wantProblem(t, err, "intake.error.alreadySubmitted")
	if got, err := s.Open(ctx, app.ID, "check"); err != nil || got.Status != StatusReady || got.UpdatedAt != app.UpdatedAt {
		t.Fatalf("open check of a ready application: %v %v", got, err)
	}
	if got, _ := s.Get(ctx, app.ID); got.Answers["name"] != "山田 太郎" {
		t.Fatalf("ready application changed: %v", got.Answers)
	}
}

func TestGetNotFound(t *testing.T) {
	s, _ := newTestService(t)
	_, err := s.Get(context.Background(), 42)
	wantProblem(t, err, "intake.error.notFound")
}

func TestLatestDraft(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	if id, err := s.LatestDraft(ctx, 5); err != nil || id != 0 {
		t.Fatalf("no drafts: %d %v", id, err)
	}
	first, _ := s.Start(ctx, 5)
	second, _ := s.Start(ctx, 5)
	other, _ := s.Start(ctx, 6)
	if id, _ := s.LatestDraft(ctx, 5); id != second.ID {
		t.Fatalf("latest of user 5: %d, want %d", id, second.ID)
	}
	mustSave(t, s, first.ID, "language", Answers{"applicantLanguage": "ja"}) // first is now the newest
	if id, _ := s.LatestDraft(ctx, 5); id != first.ID {
		t.Fatalf("latest after saving the first: %d, want %d", id, first.ID)
	}
	if id, _ := s.LatestDraft(ctx, 6); id != other.ID {
		t.Fatalf("latest of user 6: %d", id)
	}
	done := fillJP(t, s, 8)
	if _, err := s.Submit(ctx, done.ID); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.LatestDraft(ctx, 8); id != 0 {
		t.Fatalf("a ready application is not a draft: %d", id)
	}
}
