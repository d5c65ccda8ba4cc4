package intake

import (
	"context"
	"testing"
)

func TestRecordHandover(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		submit  bool
		in      HandoverInput
		problem string // "" when the handover is recorded
		matched bool
	}{
		{"all four items matched", true, HandoverInput{By: 1}, "", true},
		{"draft cannot be handed over", false, HandoverInput{By: 1}, "intake.handover.error.notReady", false},
		{"difference without override is blocked", true, HandoverInput{By: 1, Differing: []string{"name"}}, "intake.handover.error.differs", false},
		{"override needs a real reason", true, HandoverInput{By: 1, Differing: []string{"name"}, Override: &Override{By: 2, Reason: "ok"}}, "intake.handover.reason.error.tooShort", false},
		{"supervisor override with a reason", true, HandoverInput{By: 1, Differing: []string{"name", "address"}, Override: &Override{By: 2, Reason: "旧字体の表記違い。住民票で本人確認済み。"}}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newTestService(t)
			app := fillJP(t, s, 1)
			if c.submit {
				if _, err := s.Submit(ctx, app.ID); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.RecordHandover(ctx, app.ID, c.in, nil)
			if c.problem != "" {
				wantProblem(t, err, c.problem)
				if after, _ := s.Get(ctx, app.ID); after.HandedOver != nil {
					t.Error("a refused handover was recorded")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			again, err := s.Get(ctx, app.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range []*Handover{got.HandedOver, again.HandedOver} {
				if h == nil || h.Matched != c.matched || h.By != 1 {
					t.Fatalf("handover = %+v, want matched=%v by 1", h, c.matched)
				}
			}
			if c.in.Override != nil && (again.HandedOver.Reason != c.in.Override.Reason || again.HandedOver.OverrideBy != 2 || len(again.HandedOver.Differing) != 2) {
				t.Errorf("override not kept: %+v", again.HandedOver)
			}
			if _, err := s.RecordHandover(ctx, app.ID, HandoverInput{By: 1}, nil); err == nil {
				t.Error("a card was handed over twice")
			} else {
				wantProblem(t, err, "intake.handover.error.already")
			}
		})
	}
}
