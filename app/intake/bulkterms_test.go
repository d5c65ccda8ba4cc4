package intake

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"madoguchi/app/synth"
)

// bulkWrite writes n synthetic applicants through a Bulk in transactions of
// batch, failing the transaction numbered failAt (from 1; 0: none), and
// returns the IDs written.
func bulkWrite(t *testing.T, s *Service, bulk *Bulk, n, batch, failAt int) []int64 {
	t.Helper()
	ctx := context.Background()
	gen := synth.New(synth.Config{Seed: 3, Now: testNow, Languages: s.languages})
	b, err := s.vault.Blinder()
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for tx := 1; len(ids) < n; tx++ {
		var written []int64
		failed := errors.New("the batch fails")
		err := s.db.Tx(ctx, func(sqlTx *sql.Tx) error {
			for range min(batch, n-len(ids)) {
				a := gen.Next()
				taken := Taken{Submit: a.Status == StatusReady, At: testNow}
				for _, st := range a.Steps {
					taken.Steps = append(taken.Steps, StepAnswers{Step: st.Step, Answers: Answers(st.Answers)})
				}
				p, err := s.Prepare(b, taken)
				if err != nil {
					return err
				}
				id, err := bulk.Write(ctx, sqlTx, p)
				if err != nil {
					return err
				}
				written = append(written, id)
			}
			if tx == failAt {
				return failed
			}
			return nil
		})
		switch {
		case errors.Is(err, failed):
			bulk.Discard()
			failAt = 0
		case err != nil:
			t.Fatal(err)
		default:
			if err := bulk.Committed(ctx); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, written...)
		}
	}
	return ids
}

// A bulk write files exactly the terms each application would have filed
// by itself, in runs and at Finish; a transaction that failed files none.
func TestBulkFilesEveryTermOnce(t *testing.T) {
	ctx := context.Background()
	s, p := newTestService(t)
	bulk := newBulk(t, s)
	bulk.run = 500 // a few runs before Finish
	ids := bulkWrite(t, s, bulk, 120, 25, 2)
	if err := bulk.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	b, _ := s.vault.Blinder()
	db := openDB(t, p) // another desk
	var total int
	for _, id := range ids {
		app, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := filedTerms(t, db, id), termsOf(b, app.Answers); !slices.Equal(got, want) {
			t.Fatalf("application %d: filed %d terms, its answers make %d", id, len(got), len(want))
		}
		total += len(termsOf(b, app.Answers))
	}
	var rows int
	if err := db.QueryRow(`SELECT COUNT(*) FROM intake_terms`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != total {
		t.Fatalf("the index holds %d terms, the %d applications make %d: the failed batch's were filed", rows, len(ids), total)
	}
	if done, err := indexComplete(ctx, db); err != nil || !done {
		t.Fatalf("index complete after Finish = %v, %v", done, err)
	}
}

// A bulk write that stops before Finish (a killed seed) leaves the index
// marked incomplete, and the next desk to search rebuilds it.
func TestBulkKilledBeforeFinishIsRebuilt(t *testing.T) {
	ctx := context.Background()
	s, p := newTestService(t)
	bulk := newBulk(t, s)
	ids := bulkWrite(t, s, bulk, 40, 10, 0)
	db := openDB(t, p)
	if done, err := indexComplete(ctx, db); err != nil || done {
		t.Fatalf("index complete in the middle of a bulk write = %v, %v", done, err)
	}
	fresh := New(db, s.vault, s.languages, nil) // the next start of the program
	app, err := fresh.Get(ctx, ids[len(ids)-1])
	if err != nil {
		t.Fatal(err)
	}
	found := searchIDs(t, fresh, app.Answers[fieldName])
	if !slices.Contains(found, app.ID) {
		t.Fatalf("search for the last applicant of a killed bulk write finds %v, not %d", found, app.ID)
	}
}

func newBulk(t *testing.T, s *Service) *Bulk {
	t.Helper()
	b, err := s.Bulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A seed into a database indexed by an older version (a training database
// seeded before) leaves its older applications findable: Finish marks the
// index complete only once it is.
func TestBulkOnAnOlderIndex(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestService(t)
	old := fillJP(t, s, 1)
	if _, err := s.db.Exec(`DELETE FROM intake_persons; DELETE FROM intake_person_terms; UPDATE intake_settings SET value = '1' WHERE name = 'termsVersion'`); err != nil {
		t.Fatal(err)
	}
	fresh := New(s.db, s.vault, s.languages, nil) // this version starts on it
	bulk := newBulk(t, fresh)
	bulkWrite(t, fresh, bulk, 20, 10, 0)
	if err := bulk.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, fresh, "やまだ"); !slices.Contains(got, old.ID) {
		t.Fatalf("after a seed, the application from before finds %v, not %d", got, old.ID)
	}
}
