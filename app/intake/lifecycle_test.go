package intake

import (
	"context"
	"testing"
)

// The stages of an application's life: a draft being filled in, ready
// (submitted, waiting for its card), handed over (the card given; a row of
// intake_handovers, the status staying ready).
const (
	stageDraft      = "draft"
	stageReady      = "ready"
	stageHandedOver = "handedOver"
)

// applicationLifecycleByHand is every move between two stages, written out
// from the rules (docs/architecture.md, Card handover; intake.go) rather
// than taken from the code: draft → ready by Submit, ready → handed over by
// RecordHandover, and no way back. Each move is tried through the method
// that leads to its target: Save (a draft's answers), Submit, RecordHandover.
// want is "" for an allowed move, else the refusing problem.
var applicationLifecycleByHand = []struct {
	from, to string
	want     string
}{
	{stageDraft, stageDraft, ""},
	{stageDraft, stageReady, ""},
	{stageDraft, stageHandedOver, "intake.handover.error.notReady"},

	{stageReady, stageDraft, "intake.error.alreadySubmitted"},
	{stageReady, stageReady, "intake.error.alreadySubmitted"},
	{stageReady, stageHandedOver, ""},

	{stageHandedOver, stageDraft, "intake.error.alreadySubmitted"},
	{stageHandedOver, stageReady, "intake.error.alreadySubmitted"},
	{stageHandedOver, stageHandedOver, "intake.handover.error.already"},
}

// applicationAt is a complete application brought to stage through the
// service.
func applicationAt(t *testing.T, s *Service, stage string) int64 {
	t.Helper()
	ctx := context.Background()
	id := fillJP(t, s, 1).ID
	if stage == stageDraft {
		return id
	}
	if _, err := s.Submit(ctx, id); err != nil {
		t.Fatal(err)
	}
	if stage == stageHandedOver {
		if _, err := s.RecordHandover(ctx, id, HandoverInput{By: 1}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// moveTo tries the move to stage through the method that leads there.
func moveTo(s *Service, id int64, stage string) error {
	ctx := context.Background()
	var err error
	switch stage {
	case stageDraft:
		_, err = s.Save(ctx, id, "contact", Answers{"phone": "090-8765-4321"})
	case stageReady:
		_, err = s.Submit(ctx, id)
	case stageHandedOver:
		_, err = s.RecordHandover(ctx, id, HandoverInput{By: 1}, nil)
	}
	return err
}

func stageOf(t *testing.T, s *Service, id int64) string {
	t.Helper()
	a, err := s.Get(context.Background(), id)
	switch {
	case err != nil:
		t.Fatal(err)
	case a.HandedOver != nil:
		return stageHandedOver
	}
	return a.Status
}

func TestEveryApplicationMoveAgainstTheLifecycleByHand(t *testing.T) {
	s, _ := newTestService(t)
	stages := []string{stageDraft, stageReady, stageHandedOver}
	if n := len(stages) * len(stages); len(applicationLifecycleByHand) != n {
		t.Fatalf("the table has %d moves; %d stages make %d", len(applicationLifecycleByHand), len(stages), n)
	}
	for _, m := range applicationLifecycleByHand {
		t.Run(m.from+"→"+m.to, func(t *testing.T) {
			id := applicationAt(t, s, m.from)
			if got := problemIDOf(moveTo(s, id, m.to)); got != m.want {
				t.Fatalf("move: %q, want %q", got, m.want)
			}
			want := m.from
			if m.want == "" {
				want = m.to
			}
			if got := stageOf(t, s, id); got != want {
				t.Errorf("stage %s, want %s", got, want)
			}
		})
	}
}
