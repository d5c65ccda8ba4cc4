package intake

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// newNumberService is a counter's service over a database with a real,
// unlocked vault, on a clock the test moves by hand.
func newNumberService(t *testing.T) (*Service, *store.DB, *time.Time) {
	t.Helper()
	ctx := context.Background()
	db := openDB(t, newPlace(t))
	if err := db.Migrate(ctx, Migrations, vault.Migrations); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Setup(ctx, "number test passphrase"); err != nil {
		t.Fatal(err)
	}
	now := testNow
	return New(db, v, []string{"ja", "en"}, func() time.Time { return now }).RecordingNumbers(nil), db, &now
}

// numberCases are the number step's validation cases; the catalog test
// collects the message IDs they emit.
var numberCases = []struct {
	name string
	in   Answers
	want []string // field:kind of each problem
}{
	{"nothing chosen", Answers{}, []string{"recordNumber:required"}},
	{"unknown choice", Answers{"recordNumber": "maybe"}, []string{"recordNumber:invalid"}},
	{"not recorded", Answers{"recordNumber": "no", "number": "garbage"}, nil},
	{"typed twice", Answers{"recordNumber": "yes", "number": "1234 5678 9018", "numberAgain": "123456789018"}, nil},
	{"full-width from an IME", Answers{"recordNumber": "yes", "number": "１２３４５６７８９０１８", "numberAgain": "1234-5678-9018"}, nil},
	{"yes without a number", Answers{"recordNumber": "yes"}, []string{"number:required"}},
	{"too short", Answers{"recordNumber": "yes", "number": "12345678901", "numberAgain": "12345678901"}, []string{"number:length"}},
	{"a letter", Answers{"recordNumber": "yes", "number": "12345678901O", "numberAgain": "12345678901O"}, []string{"number:notDigits"}},
	{"check digit", Answers{"recordNumber": "yes", "number": "123456789019", "numberAgain": "123456789019"}, []string{"number:checkDigit"}},
	{"second box empty", Answers{"recordNumber": "yes", "number": "123456789018"}, []string{"numberAgain:required"}},
	{"second box differs", Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "983205673214"}, []string{"numberAgain:mismatch"}},
	{"already stored, boxes left empty", Answers{"recordNumber": "yes", "numberRecorded": "yes"}, nil},
}

func TestValidateNumber(t *testing.T) {
	for _, tt := range numberCases {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Validate(stepNumber, tt.in, Rules{RecordsNumber: true})
			var got []string
			for _, p := range probs {
				got = append(got, p.Field+":"+p.ID[len("intake.number."+p.Field+".error."):])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNumberIsAskedOnlyOfCounterStaff(t *testing.T) {
	s, _ := newTestService(t)
	if app := fillJP(t, s, 1); slices.Contains(app.Steps, stepNumber) || app.Step != stepCheck {
		t.Errorf("without RecordingNumbers: steps %v, at %s; want no number step", app.Steps, app.Step)
	}
	c := s.RecordingNumbers(nil)
	app := fillJP(t, c, 1)
	if !slices.Contains(app.Steps, stepNumber) || app.Step != stepNumber {
		t.Errorf("counter: steps %v, at %s; want the number step next", app.Steps, app.Step)
	}
}

func TestNumberStoredApartAndEncrypted(t *testing.T) {
	ctx := context.Background()
	s, db, _ := newNumberService(t)
	app := fillJP(t, s, 1)
	app = mustSave(t, s, app.ID, stepNumber, Answers{"recordNumber": "yes", "number": "9832 0567 3214", "numberAgain": "983205673214"})
	if app.Step != stepCheck || app.Number == nil || app.Number.Masked != "•••• •••• 3214" || app.Number.Source != NumberTyped {
		t.Fatalf("after saving: step %s, number %+v", app.Step, app.Number)
	}
	for k, v := range app.Answers {
		if bytes.Contains([]byte(v), []byte("3205673")) {
			t.Errorf("answer %s holds the number", k)
		}
	}
	if got, err := s.RevealNumber(ctx, app.ID, nil); err != nil || got != "983205673214" {
		t.Errorf("RevealNumber = %q, %v", got, err)
	}
	// Sent again with the boxes empty: the stored number stays.
	app = mustSave(t, s, app.ID, stepNumber, Answers{"recordNumber": "yes"})
	if app.Number == nil || app.Number.Masked != "•••• •••• 3214" {
		t.Errorf("resent unchanged: number %+v", app.Number)
	}
	var stored []byte
	if err := db.QueryRow(`SELECT number FROM intake_numbers WHERE application_id = ?`, app.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if len(stored) == 0 || stored[0] != 0x02 || bytes.Contains(stored, []byte("3205673")) {
		t.Errorf("stored number %x: want sealed with its record key (0x02)", stored)
	}
	for _, name := range []string{db.Path, db.Path + "-wal"} {
		if db.Engine != store.SQLite {
			break // the server's files are its own
		}
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("983205673214")) {
			t.Errorf("%s holds the number in plaintext", name)
		}
	}
}

func TestWithdrawnNumberIsDestroyed(t *testing.T) {
	ctx := context.Background()
	s, db, _ := newNumberService(t)
	app := fillJP(t, s, 1)
	mustSave(t, s, app.ID, stepNumber, Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"})
	var before []byte
	if err := db.QueryRow(`SELECT number FROM intake_numbers`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	app = mustSave(t, s, app.ID, stepNumber, Answers{"recordNumber": "no"})
	if app.Number == nil || app.Number.Masked != "" || app.Number.Destroyed != DestroyedWithdrawn || app.Number.DestroyedAt == "" {
		t.Fatalf("after withdrawing: %+v", app.Number)
	}
	if _, err := s.RevealNumber(ctx, app.ID, nil); problemIDOf(err) != "intake.number.error.none" {
		t.Errorf("RevealNumber after withdrawing: %v", err)
	}
	if _, err := s.vault.OpenRecord(ctx, db, numberRecord(app.ID), before); !errors.Is(err, vault.ErrShredded) {
		t.Errorf("a copy taken before opens: %v", err)
	}
}

func TestRetentionDestroysNumbersAfterHandoverAndOfAbandonedDrafts(t *testing.T) {
	ctx := context.Background()
	s, db, now := newNumberService(t)
	handed := fillJP(t, s, 1)
	mustSave(t, s, handed.ID, stepNumber, Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"})
	waiting := fillJP(t, s, 1) // submitted, its card not yet handed over
	mustSave(t, s, waiting.ID, stepNumber, Answers{"recordNumber": "yes", "number": "983205673214", "numberAgain": "983205673214"})
	abandoned := fillJP(t, s, 1) // never submitted
	mustSave(t, s, abandoned.ID, stepNumber, Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"})
	for _, id := range []int64{handed.ID, waiting.ID} {
		if _, err := s.Submit(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordHandover(ctx, handed.ID, HandoverInput{By: 1}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetNumberRetentionDays(ctx, 30); err != nil {
		t.Fatal(err)
	}
	recorded := map[int64]string{}
	destroy := func() []int64 {
		t.Helper()
		clear(recorded)
		ids, err := s.DestroyExpiredNumbers(ctx, func(ctx context.Context, tx *sql.Tx, e NumberEvent) error {
			recorded[e.Application] = e.Destroyed
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(recorded) {
			t.Errorf("destroyed %v but recorded %v", ids, recorded)
		}
		return ids
	}
	*now = now.Add(29 * 24 * time.Hour)
	if ids := destroy(); len(ids) != 0 {
		t.Fatalf("day 29: destroyed %v, want none", ids)
	}
	*now = now.Add(2 * 24 * time.Hour)
	if ids := destroy(); !slices.Equal(ids, []int64{handed.ID, abandoned.ID}) {
		t.Fatalf("day 31: destroyed %v, want the handed-over application %d and the abandoned draft %d", ids, handed.ID, abandoned.ID)
	}
	if recorded[handed.ID] != DestroyedRetention || recorded[abandoned.ID] != DestroyedAbandoned {
		t.Errorf("deletion records give %v, want retention for %d and abandoned for %d", recorded, handed.ID, abandoned.ID)
	}
	for id, want := range map[int64]string{handed.ID: DestroyedRetention, abandoned.ID: DestroyedAbandoned} {
		got, err := s.Get(ctx, id)
		if err != nil || got.Number == nil || got.Number.Destroyed != want || got.Number.Masked != "" {
			t.Errorf("application %d after the run: %+v, %v; want destroyed (%s)", id, got.Number, err, want)
		}
	}
	if got, err := s.Get(ctx, waiting.ID); err != nil || got.Number == nil || got.Number.Masked == "" {
		t.Errorf("an application waiting for its card lost its number: %+v, %v", got.Number, err)
	}
	var keys int
	if err := db.QueryRow(`SELECT count(*) FROM vault_record_keys`).Scan(&keys); err != nil || keys != 1 {
		t.Errorf("record keys left %d, %v; want 1 (the waiting application's)", keys, err)
	}
	if ids := destroy(); len(ids) != 0 {
		t.Errorf("second run destroyed %v again", ids)
	}
	// With a retention of 0, a draft being typed keeps its number for its first day.
	if _, err := s.SetNumberRetentionDays(ctx, 0); err != nil {
		t.Fatal(err)
	}
	today := fillJP(t, s, 1)
	mustSave(t, s, today.ID, stepNumber, Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"})
	*now = now.Add(23 * time.Hour)
	if ids := destroy(); len(ids) != 0 {
		t.Errorf("retention 0: destroyed %v within a draft's first day", ids)
	}
	*now = now.Add(2 * time.Hour)
	if ids := destroy(); !slices.Equal(ids, []int64{today.ID}) {
		t.Errorf("retention 0: destroyed %v after a day, want the draft %d", ids, today.ID)
	}
	// A failing deletion record keeps the number: never gone without its record.
	if _, err := s.RecordHandover(ctx, waiting.ID, HandoverInput{By: 1}, nil); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(time.Hour)
	_, err := s.DestroyExpiredNumbers(ctx, func(context.Context, *sql.Tx, NumberEvent) error { return errors.New("audit full") })
	if err == nil {
		t.Fatal("DestroyExpiredNumbers ignored a failed deletion record")
	}
	if n, err := s.RevealNumber(ctx, waiting.ID, nil); err != nil || n != "983205673214" {
		t.Errorf("after a failed deletion record the number is %q, %v; want it kept", n, err)
	}
}

func TestNumberRetentionSetting(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t)
	if n, err := s.NumberRetentionDays(ctx); err != nil || n != DefaultNumberRetentionDays {
		t.Fatalf("default = %d, %v", n, err)
	}
	for _, tc := range []struct {
		days int
		ok   bool
	}{{0, true}, {365, true}, {MaxNumberRetentionDays, true}, {-1, false}, {MaxNumberRetentionDays + 1, false}} {
		_, err := s.SetNumberRetentionDays(ctx, tc.days)
		if (err == nil) != tc.ok {
			t.Errorf("SetNumberRetentionDays(%d): %v", tc.days, err)
		}
		if !tc.ok {
			wantProblem(t, err, "intake.number.retention.error.range")
		}
	}
}

func problemIDOf(err error) string {
	if l := problem.From(err); len(l) > 0 {
		return l[0].ID
	}
	if err != nil {
		return "non-problem: " + err.Error()
	}
	return ""
}

func TestNumberFromCard(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newNumberService(t)
	app := fillJP(t, s, 1)
	if _, err := s.SetNumberFromCard(ctx, app.ID, "123456789019"); problemIDOf(err) != "intake.number.error.cardNumber" {
		t.Errorf("a chip number failing its check digit: %v", err)
	}
	got, err := s.SetNumberFromCard(ctx, app.ID, "983205673214")
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != stepCheck || got.Number == nil || got.Number.Source != NumberCard || got.Answers[fieldRecordNumber] != "yes" {
		t.Errorf("after the card: step %s, number %+v, answers %v", got.Step, got.Number, got.Answers)
	}
	supervisor := New(s.db, s.vault, s.languages, s.now)
	if _, err := supervisor.SetNumberFromCard(ctx, app.ID, "983205673214"); problemIDOf(err) != "intake.error.stepNotAvailable" {
		t.Errorf("without RecordingNumbers: %v", err)
	}
	early, err := s.Start(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetNumberFromCard(ctx, early.ID, "983205673214"); problemIDOf(err) != "intake.error.stepNotAvailable" {
		t.Errorf("before the earlier questions: %v", err)
	}
}
