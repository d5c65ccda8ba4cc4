package audit

import (
	"context"
	"database/sql"
	"testing"
)

// Entries appended all at once (more than one INSERT's worth) chain exactly
// as entries appended one by one: the same seqs, the chain whole, and the
// same hashes as a log that took them one at a time.
func TestAppendAllChainsLikeAppend(t *testing.T) {
	ctx := context.Background()
	const n = entriesPerInsert + 7
	var entries []Entry
	for i := range n {
		e := sample(i)
		e.Reason = "" // a sealed reason's salt differs per run, so its hash would too
		entries = append(entries, e)
	}
	batchLog, batchDB := newLog(t)
	appendN(t, batchLog, batchDB, 2)
	var batched []Entry
	err := batchDB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		batched, err = batchLog.AppendAll(ctx, tx, entries)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	oneLog, oneDB := newLog(t)
	appendN(t, oneLog, oneDB, 2)
	for i, e := range entries {
		var got Entry
		err := oneDB.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			got, err = oneLog.Append(ctx, tx, e)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.Seq != batched[i].Seq || got.Hash != batched[i].Hash {
			t.Fatalf("entry %d: one by one seq %d hash %s, all at once seq %d hash %s", i, got.Seq, got.Hash, batched[i].Seq, batched[i].Hash)
		}
	}
	if rep := verify(t, batchDB); !rep.OK() || rep.Entries != n+2 {
		t.Fatalf("after AppendAll: %+v, broken %+v", rep, rep.Broken)
	}
}
