package intake

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"madoguchi/app/audit"
)

var errAuditFull = errors.New("audit full")

// events is an audit hook that keeps what it is given, or fails as a full
// audit trail does.
type events[T any] struct {
	got  []T
	full bool
}

func (e *events[T]) hook() audit.Hook[T] {
	return func(_ context.Context, _ *sql.Tx, done T) error {
		if e.full {
			return errAuditFull
		}
		e.got = append(e.got, done)
		return nil
	}
}

// TestNumberChangesAreRecordedWithThem: a number recorded, withdrawn or
// revealed runs its audit hook in its own transaction; when the hook fails,
// the number is not stored, not destroyed, not revealed.
func TestNumberChangesAreRecordedWithThem(t *testing.T) {
	ctx := context.Background()
	base, _, _ := newNumberService(t)
	var numbers events[NumberEvent]
	s := base.RecordingNumbers(numbers.hook())
	typed := Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"}
	app := fillJP(t, s, 1)

	numbers.full = true
	if _, err := s.Save(ctx, app.ID, stepNumber, typed); !errors.Is(err, errAuditFull) {
		t.Fatalf("number saved with no audit trail: %v", err)
	}
	if got, _ := s.Get(ctx, app.ID); got.Number != nil {
		t.Fatalf("an unrecorded number was stored: %+v", got.Number)
	}
	numbers.full = false
	mustSave(t, s, app.ID, stepNumber, typed)

	var reveals events[int64]
	reveals.full = true
	if n, err := s.RevealNumber(ctx, app.ID, reveals.hook()); !errors.Is(err, errAuditFull) || n != "" {
		t.Errorf("revealed with no audit trail: %q, %v", n, err)
	}
	reveals.full = false
	if n, err := s.RevealNumber(ctx, app.ID, reveals.hook()); err != nil || n != "123456789018" || !slices.Equal(reveals.got, []int64{app.ID}) {
		t.Errorf("reveal %q, %v, recorded %v", n, err, reveals.got)
	}

	numbers.full = true
	if _, err := s.Save(ctx, app.ID, stepNumber, Answers{"recordNumber": "no"}); !errors.Is(err, errAuditFull) {
		t.Fatalf("number withdrawn with no audit trail: %v", err)
	}
	if got, _ := s.Get(ctx, app.ID); got.Number == nil || got.Number.Masked == "" {
		t.Fatalf("an unrecorded withdrawal destroyed the number: %+v", got.Number)
	}
	numbers.full = false
	mustSave(t, s, app.ID, stepNumber, Answers{"recordNumber": "no"})
	want := []NumberEvent{{Application: app.ID}, {Application: app.ID, Destroyed: DestroyedWithdrawn}}
	if !slices.Equal(numbers.got, want) {
		t.Errorf("number events %v, want %v", numbers.got, want)
	}
}

// TestHandoverIsRecordedWithIt: a handover whose audit hook fails is not
// made; one made from an older version of the application is refused.
func TestHandoverIsRecordedWithIt(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t)
	app := fillJP(t, s, 1)
	ready, err := s.Submit(ctx, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	var handovers events[int64]
	handovers.full = true
	if _, err := s.RecordHandover(ctx, app.ID, HandoverInput{By: 1}, handovers.hook()); !errors.Is(err, errAuditFull) {
		t.Fatalf("handed over with no audit trail: %v", err)
	}
	if got, _ := s.Get(ctx, app.ID); got.HandedOver != nil {
		t.Fatalf("an unrecorded handover stands: %+v", got.HandedOver)
	}
	handovers.full = false
	if _, err := s.At(ready.Version-1).RecordHandover(ctx, app.ID, HandoverInput{By: 1}, handovers.hook()); problemIDOf(err) != "intake.error.conflict" {
		t.Errorf("handover checked against an older version: %v", err)
	}
	if _, err := s.At(ready.Version).RecordHandover(ctx, app.ID, HandoverInput{By: 1}, handovers.hook()); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(handovers.got, []int64{app.ID}) {
		t.Errorf("recorded %v, want the handover of %d", handovers.got, app.ID)
	}
}
