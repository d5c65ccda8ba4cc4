package desk

import (
	"context"
	"slices"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/intake"
)

// readyWithNumber is an application a counter clerk filled in, with the
// Individual Number, and submitted.
func readyWithNumber(t *testing.T, d *Desk) int64 {
	t.Helper()
	id := draftWithNumber(t, d)
	if _, err := d.SubmitApplication(id); err != nil {
		t.Fatal(err)
	}
	return id
}

// draftWithNumber is an application a counter clerk filled in, with the
// Individual Number, not yet submitted.
func draftWithNumber(t *testing.T, d *Desk) int64 {
	t.Helper()
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	id := fillApplication(t, d, "山田 太郎", "ヤマダ タロウ", "1980")
	for _, s := range []struct {
		step string
		in   intake.Answers
	}{
		{"nationality", intake.Answers{"nationality": "JP"}},
		{"contact", intake.Answers{"phone": "09012345678"}},
		{"number", intake.Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"}},
	} {
		if _, err := d.SaveStep(id, s.step, s.in); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	return id
}

func auditOf(t *testing.T, d *Desk, id int64) []audit.Action {
	t.Helper()
	entries, err := d.Audit.Query(context.Background(), audit.Filter{RecordType: numberRecord, RecordID: id})
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Action
	for _, e := range entries {
		out = append(out, e.Action)
	}
	slices.Sort(out)
	return out
}

func TestIndividualNumberAtTheCounter(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	id := readyWithNumber(t, d)
	a, err := d.GetApplication(id)
	if err != nil || a.Number == nil || a.Number.Masked != "•••• •••• 9018" {
		t.Fatalf("counter's view: %+v, %v", a.Number, err)
	}
	if n, err := d.RevealNumber(id); err != nil || n != "1234 5678 9018" {
		t.Fatalf("RevealNumber = %q, %v", n, err)
	}
	d.SignOut()

	// A supervisor sees it masked, is never asked for it, and may not reveal it.
	if _, err := d.SignIn("supervisor1", pw); err != nil {
		t.Fatal(err)
	}
	a, err = d.GetApplication(id)
	if err != nil || a.Number == nil || a.Number.Masked != "•••• •••• 9018" || slices.Contains(a.Steps, "number") {
		t.Fatalf("supervisor's view: number %+v, steps %v, %v", a.Number, a.Steps, err)
	}
	if _, err := d.RevealNumber(id); problemID(err) != "desk.error.forbidden" {
		t.Errorf("supervisor RevealNumber: %v", err)
	}
	draft, err := d.StartApplication()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveStep(draft.ID, "number", intake.Answers{"recordNumber": "no"}); problemID(err) != "desk.error.forbidden" {
		t.Errorf("supervisor saving the number step: %v", err)
	}
	d.SignOut()

	if got, want := auditOf(t, d, id), []audit.Action{audit.Create, audit.Read}; !slices.Equal(got, want) {
		t.Errorf("number audit %v, want %v", got, want)
	}
}

func TestExpiredNumbersAreDestroyedWithARecord(t *testing.T) {
	d, c := newDesk(t)
	withUsers(t, d)
	id := readyWithNumber(t, d)
	if _, err := d.Intake.RecordHandover(context.Background(), id, intake.HandoverInput{By: 2}, nil); err != nil {
		t.Fatal(err)
	}
	d.destroyExpiredNumbers(context.Background())
	if a, _ := d.GetApplication(id); a.Number == nil || a.Number.Masked == "" {
		t.Fatalf("destroyed before the retention ended: %+v", a.Number)
	}
	c.t = c.t.Add((intake.DefaultNumberRetentionDays + 1) * 24 * time.Hour)
	d.destroyExpiredNumbers(context.Background())
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	a, err := d.GetApplication(id)
	if err != nil || a.Number == nil || a.Number.Destroyed != intake.DestroyedRetention {
		t.Fatalf("after retention: %+v, %v", a.Number, err)
	}
	if _, err := d.RevealNumber(id); problemID(err) != "intake.number.error.none" {
		t.Errorf("RevealNumber after destruction: %v", err)
	}
	if got, want := auditOf(t, d, id), []audit.Action{audit.Create, audit.Delete}; !slices.Equal(got, want) {
		t.Errorf("number audit %v, want %v", got, want)
	}
}
