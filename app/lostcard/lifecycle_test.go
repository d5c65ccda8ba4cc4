package lostcard

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// lifecycleByHand is every move between two statuses, written out from
// docs/lost-cards.md (Lifecycle) rather than taken from transitions, so
// that a move the rules do not give (a card "found" before it was
// suspended, a finished report reopened) fails here. want is "" for an
// allowed move, else the problem that refuses it.
var lifecycleByHand = []struct {
	from, to string
	want     string
}{
	{StatusOpen, StatusOpen, "lostcard.error.transition"},
	{StatusOpen, StatusSuspended, ""},
	{StatusOpen, StatusReissueApplied, "lostcard.error.transition"},
	{StatusOpen, StatusClosed, ""}, // the card turned up before it was suspended
	{StatusOpen, StatusFound, "lostcard.error.transition"},
	{StatusOpen, StatusLifted, "lostcard.error.transition"},

	{StatusSuspended, StatusOpen, "lostcard.error.transition"},
	{StatusSuspended, StatusSuspended, "lostcard.error.transition"},
	{StatusSuspended, StatusReissueApplied, ""},
	{StatusSuspended, StatusClosed, "lostcard.error.transition"},
	{StatusSuspended, StatusFound, ""},
	{StatusSuspended, StatusLifted, "lostcard.error.transition"},

	{StatusReissueApplied, StatusOpen, "lostcard.error.transition"},
	{StatusReissueApplied, StatusSuspended, "lostcard.error.transition"},
	{StatusReissueApplied, StatusReissueApplied, "lostcard.error.transition"},
	{StatusReissueApplied, StatusClosed, ""},
	{StatusReissueApplied, StatusFound, "lostcard.error.transition"},
	{StatusReissueApplied, StatusLifted, "lostcard.error.transition"},

	{StatusClosed, StatusOpen, "lostcard.error.finished"},
	{StatusClosed, StatusSuspended, "lostcard.error.finished"},
	{StatusClosed, StatusReissueApplied, "lostcard.error.finished"},
	{StatusClosed, StatusClosed, "lostcard.error.finished"},
	{StatusClosed, StatusFound, "lostcard.error.finished"},
	{StatusClosed, StatusLifted, "lostcard.error.finished"},

	{StatusFound, StatusOpen, "lostcard.error.transition"},
	{StatusFound, StatusSuspended, "lostcard.error.transition"},
	{StatusFound, StatusReissueApplied, "lostcard.error.transition"},
	{StatusFound, StatusClosed, "lostcard.error.transition"},
	{StatusFound, StatusFound, "lostcard.error.transition"},
	{StatusFound, StatusLifted, ""}, // lifted in person at the municipal office

	{StatusLifted, StatusOpen, "lostcard.error.finished"},
	{StatusLifted, StatusSuspended, "lostcard.error.finished"},
	{StatusLifted, StatusReissueApplied, "lostcard.error.finished"},
	{StatusLifted, StatusClosed, "lostcard.error.finished"},
	{StatusLifted, StatusFound, "lostcard.error.finished"},
	{StatusLifted, StatusLifted, "lostcard.error.finished"},
}

// complete is a report holding everything every status needs, so that
// only the lifecycle decides a move.
func complete() Answers {
	a := stolenBoth()
	a[FieldPoliceReceipt], a[FieldPoliceStation] = "第123号", "新宿警察署"
	return a
}

// reportAt is a complete report put straight into status from, past the
// lifecycle under test.
func reportAt(t *testing.T, s *Service, from string) int64 {
	t.Helper()
	ctx := context.Background()
	r, err := s.Start(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(ctx, r.ID, complete()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE lostcard_reports SET status = ? WHERE id = ?`, from, r.ID); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func TestEveryMoveAgainstTheLifecycleByHand(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	if n := len(Statuses) * len(Statuses); len(lifecycleByHand) != n {
		t.Fatalf("the table has %d moves; %d statuses make %d", len(lifecycleByHand), len(Statuses), n)
	}
	for _, m := range lifecycleByHand {
		t.Run(m.from+"→"+m.to, func(t *testing.T) {
			id := reportAt(t, s, m.from)
			r, err := s.Move(ctx, id, m.to, nil, nil)
			if got := onlyID(err); got != m.want {
				t.Fatalf("move: %q (%v), want %q", got, err, m.want)
			}
			after, err := s.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := m.from
			if m.want == "" {
				want = m.to
				if r.Status != m.to {
					t.Errorf("moved report says %s", r.Status)
				}
			}
			if after.Status != want {
				t.Errorf("status %s, want %s", after.Status, want)
			}
		})
	}
}

func onlyID(err error) string {
	ids := ids(err)
	switch {
	case err == nil:
		return ""
	case len(ids) == 1:
		return ids[0][1:] // no field: ":id"
	}
	return "not one problem: " + err.Error()
}

// TestMoveIsRecordedWithIt: a suspension whose audit record fails is not
// made; a recorded one gives the hook the report's ID.
func TestMoveIsRecordedWithIt(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	id := reportAt(t, s, StatusOpen)
	full := errors.New("audit full")
	if _, err := s.Move(ctx, id, StatusSuspended, nil, func(context.Context, *sql.Tx, int64) error { return full }); !errors.Is(err, full) {
		t.Fatalf("moved with no audit trail: %v", err)
	}
	if r, _ := s.Get(ctx, id); r.Status != StatusOpen || r.Version != 2 {
		t.Fatalf("an unrecorded move stands: %s, version %d", r.Status, r.Version)
	}
	var recorded []int64
	if _, err := s.Move(ctx, id, StatusSuspended, nil, func(_ context.Context, _ *sql.Tx, got int64) error {
		recorded = append(recorded, got)
		return nil
	}); err != nil || len(recorded) != 1 || recorded[0] != id {
		t.Fatalf("recorded move: %v, hook given %v", err, recorded)
	}
}
