package intake

import (
	"context"
	"testing"

	"madoguchi/app/freetext"
	"madoguchi/app/freetext/freetexttest"
)

// TestTextFieldsRefuseHostileText (attack #8): every free-text answer
// refuses what the shared rule refuses, as this step's invalidCharacters.
// Control and format characters were refused before the rule was shared;
// invalid UTF-8 and what encoding/json makes of a lone surrogate were
// stored (as U+FFFD).
func TestTextFieldsRefuseHostileText(t *testing.T) {
	fields := []struct {
		step, field string
		with        Answers // the step's other answers, valid
	}{
		{"name", "name", Answers{}},
		{"name", "alias", Answers{"name": "Yamada Taro"}},
		{"address", "address", Answers{"postalCode": "100-0001"}},
		{"contact", "contactOther", Answers{}},
	}
	for _, f := range fields {
		for _, h := range freetexttest.Hostile() {
			t.Run(f.field+"/"+h.Name, func(t *testing.T) {
				in := Answers{f.field: h.Text}
				for k, v := range f.with {
					in[k] = v
				}
				got, probs := Validate(f.step, in, testRules)
				if len(probs) != 1 || probs[0].Field != f.field || probs[0].ID != messageID(f.step, f.field, "invalidCharacters") {
					t.Fatalf("%q: answers %q, problems %v; want %s.invalidCharacters", h.Text, got, probs, f.field)
				}
			})
		}
	}
}

// TestHandoverReasonRefusesHostileText (attack #8): a supervisor's override
// reason follows the rule for several lines; it was stored as typed.
func TestHandoverReasonRefusesHostileText(t *testing.T) {
	ctx := context.Background()
	for _, h := range freetexttest.Hostile() {
		t.Run(h.Name, func(t *testing.T) {
			s, _ := newTestService(t)
			app := fillJP(t, s, 1)
			if _, err := s.Submit(ctx, app.ID); err != nil {
				t.Fatal(err)
			}
			_, err := s.RecordHandover(ctx, app.ID, HandoverInput{By: 1, Differing: []string{"name"},
				Override: &Override{By: 2, Reason: "旧字体の表記違い。" + h.Text}}, nil)
			_, fault := freetext.Clean(h.Text, freetext.Lines)
			wantProblem(t, err, fault.MessageID())
			if after, _ := s.Get(ctx, app.ID); after.HandedOver != nil {
				t.Error("a refused handover was recorded")
			}
		})
	}
	t.Run("line breaks kept, as LF", func(t *testing.T) {
		s, _ := newTestService(t)
		app := fillJP(t, s, 1)
		if _, err := s.Submit(ctx, app.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.RecordHandover(ctx, app.ID, HandoverInput{By: 1, Differing: []string{"name"},
			Override: &Override{By: 2, Reason: " 旧字体の表記違い。\r\n住民票で本人確認済み。 "}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := "旧字体の表記違い。\n住民票で本人確認済み。"; got.HandedOver.Reason != want {
			t.Errorf("reason stored as %q, want %q", got.HandedOver.Reason, want)
		}
	})
}
