package desk

import (
	"context"
	"slices"
	"strings"
	"testing"

	"madoguchi/app/audit"
	"madoguchi/app/lostcard"
)

func stolenCardAndPhone() lostcard.Answers {
	return lostcard.Answers{
		"callerLanguage": "vi", "name": "NGUYEN THI LAN", "address": "東京都新宿区西新宿2-8-1",
		"birthDate": "1995-07-03", "sex": "female", "lostItem": "both", "phoneSystem": "iphone",
		"kind": "stolen", "place": "outside", "lostOn": "2026-11-22", "lostWhere": "新宿駅",
		"suspendedAt": "10:05", "suspensionReference": "T-4471", "consequenceExplained": "yes",
	}
}

// TestLostCardReport takes a report through the desk as the call centre:
// suspension, guidance in the caller's language, print and copy recorded,
// the same-person warning, and the audit trail of each.
func TestLostCardReport(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	if _, err := d.SignIn("callcentre1", pw); err != nil {
		t.Fatal(err)
	}
	r, err := d.StartLostCardReport()
	if err != nil {
		t.Fatal(err)
	}
	if r.StartedAt != "2026-11-23T10:00:00.000Z" || len(r.SamePerson) != 0 {
		t.Fatalf("start %+v", r)
	}
	if r, err = d.MoveLostCardReport(r.ID, lostcard.StatusSuspended, stolenCardAndPhone()); err != nil {
		t.Fatal(err)
	}
	g, err := d.GetLostCardGuidance(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(g.Caller, "\n")
	if g.Language != "vi" || !strings.Contains(text, "1.000 yên") || !strings.Contains(text, "2.000 yên") ||
		!strings.Contains(text, "22/12/2026") || !strings.Contains(text, "T-4471") || !strings.Contains(text, "0120-0178-27") {
		t.Errorf("Vietnamese guidance:\n%s", text)
	}
	if staff := strings.Join(g.Staff, "\n"); !strings.Contains(staff, "¥1,000") || !strings.Contains(staff, "2026年12月22日") {
		t.Errorf("staff guidance:\n%s", staff)
	}
	for _, how := range []string{"print", "copy"} {
		if err := d.RecordLostCardGuidance(r.ID, how); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.RecordLostCardGuidance(r.ID, "fax"); problemID(err) != "lostcard.error.choice" {
		t.Errorf("unknown way out: %v", err)
	}

	// A second report of the same person warns.
	second, _ := d.StartLostCardReport()
	a := stolenCardAndPhone()
	second, err = d.SaveLostCardReport(second.ID, lostcard.Answers{"name": "Nguyen Thi Lan", "address": a["address"],
		"birthDate": "1995/7/3", "sex": "2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.SamePerson) != 1 || second.SamePerson[0].ID != r.ID {
		t.Errorf("same person: %+v", second.SamePerson)
	}

	list, err := d.LostCardFollowUps()
	if err != nil || len(list) != 2 {
		t.Fatalf("follow-ups %v %+v", err, list)
	}
	entries, err := d.Audit.Query(context.Background(), audit.Filter{RecordType: recordLostCard, RecordID: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []audit.Action
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []audit.Action{audit.Create, audit.Change, audit.Print, audit.Copy}) {
		t.Errorf("audit %v", actions)
	}
}

// TestLostCardStaleScreen: a change made from a screen showing an older
// version is refused, as for applications.
func TestLostCardStaleScreen(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	d.SignIn("callcentre1", pw)
	r, _ := d.StartLostCardReport()
	// Another desk changes the report behind this one's back.
	if _, err := d.LostCard.Save(context.Background(), r.ID, lostcard.Answers{"name": "A"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveLostCardReport(r.ID, lostcard.Answers{"name": "B"}); problemID(err) != "lostcard.error.conflict" {
		t.Errorf("stale save: %v", err)
	}
}

// TestLostCardFiguresForSupervisor: supervisors see the counts, never a report.
func TestLostCardFiguresForSupervisor(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	d.SignIn("callcentre1", pw)
	r, _ := d.StartLostCardReport()
	d.SignOut()
	d.SignIn("supervisor1", pw)
	f, err := d.LostCardFigures(7)
	if err != nil || f.Total != 1 {
		t.Fatalf("figures %v %+v", err, f)
	}
	if _, err := d.GetLostCardReport(r.ID); problemID(err) != "desk.error.forbidden" {
		t.Errorf("supervisor reading a report: %v", err)
	}
}
