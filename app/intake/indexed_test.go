package intake

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"madoguchi/app/people"
	"madoguchi/app/synth"
)

// syntheticApplications fills a test service with n synthetic applicants
// (near and exact duplicates at several times the usual rates) through Add,
// and returns each application's stored answers by ID.
func syntheticApplications(t *testing.T, n int) (*Service, map[int64]Answers) {
	t.Helper()
	ctx := context.Background()
	s, _ := newTestService(t)
	s.languages = []string{"ja", "en", "vi", "zh-Hans", "ko", "pt-BR", "ne", "fil", "th", "id", "es", "zh-Hant", "ja-x-easy"}
	gen := synth.New(synth.Config{Seed: 11, Now: testNow, Languages: s.languages, NearDuplicate: 0.10, Duplicate: 0.05})
	b, err := s.vault.Blinder()
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for range n {
			a := gen.Next()
			taken := Taken{Submit: a.Status == StatusReady, HandedOver: a.HandedOver, At: testNow, HandedAt: testNow}
			for _, st := range a.Steps {
				taken.Steps = append(taken.Steps, StepAnswers{Step: st.Step, Answers: Answers(st.Answers)})
			}
			if _, err := s.Add(ctx, tx, b, taken); err != nil {
				return fmt.Errorf("applicant %d: %w", a.Index, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stored := make(map[int64]Answers, n)
	for id := int64(1); id <= int64(n); id++ {
		app, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		stored[id] = app.Answers
	}
	return s, stored
}

// searchQueries are what staff type to find the applicants: whole names,
// each part, readings and their starts in hiragana, aliases, birth dates
// in both calendars, and queries found only inside a part or nowhere.
func searchQueries(stored map[int64]Answers, r *rand.Rand, count int) []string {
	ids := make([]int64, 0, len(stored))
	for id := range stored {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	qs := []string{"", "佐", "サ", "さとう", "n", "NGUYEN", "田太", "まだ", "ヰヱ", "1990-04-01"}
	for range count {
		a := stored[ids[r.IntN(len(ids))]]
		name, reading := []rune(a[fieldName]), []rune(hiragana(a[fieldNameKana]))
		parts := strings.Fields(a[fieldName])
		qs = append(qs, a[fieldName], a[fieldAlias], string(reading))
		if len(parts) > 1 {
			qs = append(qs, parts[len(parts)-1], parts[0]+parts[1])
		}
		if len(reading) > 2 {
			qs = append(qs, string(reading[:2]), string(reading[:3]), string(reading[1:3]))
		}
		if len(name) > 1 {
			qs = append(qs, string(name[:1]), string(name[1:]))
		}
		if a[fieldBirthDate] != "" {
			qs = append(qs, a[fieldBirthDate], inJapaneseCalendar(a[fieldBirthDate]))
		}
	}
	return qs
}

func hiragana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'ァ' && r <= 'ヶ' {
			return r - 0x60
		}
		return r
	}, s)
}

// inJapaneseCalendar writes an ISO date as 平成2年4月1日 (or the Gregorian kanji form
// before the Shōwa era), as staff type it.
func inJapaneseCalendar(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	if e, ok := ToEra(t); ok {
		for _, era := range eras {
			if era.id == e.Era {
				return fmt.Sprintf("%s%d年%d月%d日", era.kanji, e.Year, e.Month, e.Day)
			}
		}
	}
	return t.Format("2006年1月2日")
}

// The indexed search finds exactly what opening every application and
// asking the query would, on thousands of synthetic applicants: no
// application the query matches is missing from the index.
func TestIndexedSearchEqualsFullScan(t *testing.T) {
	ctx := context.Background()
	s, stored := syntheticApplications(t, 3000)
	ids := make([]int64, 0, len(stored))
	for id := range stored {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Reverse(ids) // newest first, as search answers
	queries := searchQueries(stored, rand.New(rand.NewPCG(5, 6)), 80)
	checked := 0
	for _, q := range queries {
		pq := parseQuery(q)
		if pq.all {
			continue
		}
		var want []int64
		for _, id := range ids {
			if pq.matches(cardOf(stored[id])) {
				want = append(want, id)
			}
		}
		got, err := s.Search(ctx, q, len(stored))
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var gotIDs []int64
		for _, sum := range got {
			gotIDs = append(gotIDs, sum.ID)
		}
		if !slices.Equal(gotIDs, want) {
			t.Errorf("search %q: indexed %d results, full scan %d\nindexed %v\nscan    %v", q, len(gotIDs), len(want), gotIDs, want)
		}
		if len(want) > 0 {
			checked++
		}
	}
	if checked < len(queries)/2 {
		t.Fatalf("only %d of %d queries found anyone: the comparison proves little", checked, len(queries))
	}
}

// The similar-person check through the index names the same applications,
// with the same reasons in the same order, as an index of every
// application (how the desk did it before).
func TestIndexedSimilarEqualsFullScan(t *testing.T) {
	ctx := context.Background()
	s, stored := syntheticApplications(t, 3000)
	var all []people.Record
	for id := int64(1); id <= int64(len(stored)); id++ {
		if p := personOf(id, "", stored[id]); p.Name != "" {
			all = append(all, people.Record{ID: strconv.FormatInt(id, 10), Person: asPerson(p)})
		}
	}
	full := people.NewIndex(all)
	withReasons, r := 0, rand.New(rand.NewPCG(7, 8))
	for range 600 {
		id := 1 + r.Int64N(int64(len(stored)))
		var want []string
		if self := personOf(id, "", stored[id]); self.Name != "" {
			for _, c := range full.Similar(asPerson(self)) {
				if c.ID != strconv.FormatInt(id, 10) {
					want = append(want, fmt.Sprintf("%v %v", c.ID, c.Reasons))
				}
			}
		}
		found, err := s.Similar(ctx, id)
		if err != nil {
			t.Fatalf("similar %d: %v", id, err)
		}
		var got []string
		for _, f := range found {
			got = append(got, fmt.Sprintf("%v %v", f.ID, f.Reasons))
		}
		if !slices.Equal(got, want) {
			t.Errorf("similar to %d: indexed %v, full %v", id, got, want)
		}
		if len(want) > 0 {
			withReasons++
		}
	}
	if withReasons < 30 {
		t.Fatalf("only %d of 600 applicants had a similar one: the comparison proves little", withReasons)
	}
}
