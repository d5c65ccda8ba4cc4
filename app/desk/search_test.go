package desk

import (
	"fmt"
	"testing"

	"madoguchi/app/intake"
)

// A search shows the newest 50 matches and says when more match, so staff
// type more instead of looking for someone who is not on the list.
func TestSearchSaysWhenMoreMatch(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	signIn(t, d, "counter1")
	for i := range shownResults + 1 {
		a, err := d.StartApplication()
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			id string
			in intake.Answers
		}{
			{"language", intake.Answers{"applicantLanguage": "ja"}},
			{"name", intake.Answers{"name": fmt.Sprintf("佐藤 %s", []string{"花子", "太郎", "一郎"}[i%3])}},
		} {
			if a, err = d.SaveStep(a.ID, step.id, step.in); err != nil {
				t.Fatalf("applicant %d, step %s: %v", i, step.id, err)
			}
		}
		d.NextApplicant()
	}
	tests := []struct {
		query string
		shown int
		more  bool
	}{
		{"佐藤", shownResults, true},
		{"花子", (shownResults + 3) / 3, false},
		{"鈴木", 0, false},
	}
	for _, tt := range tests {
		found, err := d.SearchApplications(tt.query)
		if err != nil {
			t.Fatalf("search %q: %v", tt.query, err)
		}
		if len(found.Applications) != tt.shown || found.More != tt.more {
			t.Errorf("search %q: %d shown, more %v; want %d, %v", tt.query, len(found.Applications), found.More, tt.shown, tt.more)
		}
	}
}
