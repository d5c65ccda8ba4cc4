package lostcard

import (
	"context"
	"testing"

	"madoguchi/app/freetext"
	"madoguchi/app/freetext/freetexttest"
)

// TestTextFieldsRefuseHostileText (attack #8): every typed field of a
// report refuses what the shared text rule refuses, with the rule's
// message on the field, and nothing of the save is kept. They were stored
// as typed (invalid UTF-8 as U+FFFD).
func TestTextFieldsRefuseHostileText(t *testing.T) {
	ctx := context.Background()
	fields := []string{FieldName, FieldAddress, FieldLostWhere, FieldPoliceReceipt, FieldPoliceStation, FieldSuspensionReference}
	s, _ := newService(t) // each case starts a report of its own
	for _, f := range fields {
		for _, h := range freetexttest.Hostile() {
			t.Run(f+"/"+h.Name, func(t *testing.T) {
				r, err := s.Start(ctx, 7)
				if err != nil {
					t.Fatal(err)
				}
				_, err = s.Save(ctx, r.ID, Answers{FieldLostWhere: "新宿駅", f: h.Text})
				_, fault := freetext.Clean(h.Text, freetext.Compared)
				if got := ids(err); len(got) != 1 || got[0] != f+":"+fault.MessageID() {
					t.Fatalf("%q: problems %v, want %s:%s", h.Text, got, f, fault.MessageID())
				}
				if after, _ := s.Get(ctx, r.ID); len(after.Answers) != 0 {
					t.Errorf("refused save kept %q", after.Answers)
				}
			})
		}
	}
}

// TestTextFieldsNormalised: one line, white space collapsed, NFKC.
func TestTextFieldsNormalised(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	r, err := s.Start(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	r, err = s.Save(ctx, r.ID, Answers{FieldName: " ＮＧＵＹＥＮ\t THI\r\nLAN ", FieldLostWhere: "ｼﾝｼﾞｭｸ駅"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Answers[FieldName] != "NGUYEN THI LAN" || r.Answers[FieldLostWhere] != "シンジュク駅" {
		t.Errorf("saved %q", r.Answers)
	}
}
