package desk

import (
	"testing"

	"madoguchi/app/intake"
)

func fillApplication(t *testing.T, d *Desk, name, kana, birthYear string) int64 {
	t.Helper()
	a, err := d.StartApplication()
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		step string
		in   intake.Answers
	}{
		{"language", intake.Answers{"applicantLanguage": "ja"}},
		{"name", intake.Answers{"name": name}},
		{"kana", intake.Answers{"nameKana": kana}},
		{"birth", intake.Answers{"birthCalendar": "gregorian", "birthYear": birthYear, "birthMonth": "4", "birthDay": "12"}},
		{"sex", intake.Answers{"sex": "male"}},
		{"address", intake.Answers{"postalCode": "1600023", "address": "東京都新宿区西新宿二丁目8番1号"}},
	}
	for _, s := range steps {
		if _, err := d.SaveStep(a.ID, s.step, s.in); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	return a.ID
}

func TestSimilarApplications(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	if _, err := d.SignIn("counter1", pw); err != nil {
		t.Fatal(err)
	}
	taro := fillApplication(t, d, "山田 太郎", "ヤマダ タロウ", "1990")
	taro2 := fillApplication(t, d, "山田 太朗", "ヤマダ タロウ", "1990") // one character, same reading and birth date
	other := fillApplication(t, d, "佐藤 花子", "サトウ ハナコ", "1975")

	got, err := d.SimilarApplications(taro)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != taro2 || len(got[0].Reasons) == 0 {
		t.Fatalf("similar to %d = %+v, want only %d with a reason", taro, got, taro2)
	}
	if got[0].Address == "" || got[0].BirthDate != "1990-04-12" {
		t.Errorf("candidate lacks the items to show side by side: %+v", got[0])
	}
	if got, _ := d.SimilarApplications(other); len(got) != 0 {
		t.Errorf("similar to an unrelated person: %+v", got)
	}
}

// TestStaleScreenIsRefused: two desks (two Desk values on one database, as
// two PCs would have) open the same application; the second to save from
// the older screen gets a conflict and the first one's answer stays.
func TestStaleScreenIsRefused(t *testing.T) {
	d1, c := newDesk(t)
	withUsers(t, d1)
	d2 := New(d1.Deps)
	d2.Now = c.now
	for _, d := range []*Desk{d1, d2} {
		if _, err := d.SignIn("counter1", pw); err != nil {
			t.Fatal(err)
		}
	}
	id := fillApplication(t, d1, "山田 太郎", "ヤマダ タロウ", "1990")
	if _, err := d2.GetApplication(id); err != nil {
		t.Fatal(err)
	}
	if _, err := d1.SaveStep(id, "name", intake.Answers{"name": "山田 花子"}); err != nil {
		t.Fatal(err)
	}
	_, err := d2.SaveStep(id, "name", intake.Answers{"name": "山田 次郎"})
	if !hasProblem(err, "intake.error.conflict") {
		t.Fatalf("save from the stale screen: %v, want intake.error.conflict", err)
	}
	a, _ := d1.GetApplication(id)
	if a.Answers["name"] != "山田 花子" {
		t.Errorf("name is %q, want the first desk's 山田 花子", a.Answers["name"])
	}
	if _, err := d2.GetApplication(id); err != nil {
		t.Fatal(err)
	}
	if _, err := d2.SaveStep(id, "name", intake.Answers{"name": "山田 次郎"}); err != nil {
		t.Errorf("save after reopening: %v", err)
	}
}
