package audit

import (
	"context"
	"encoding/hex"
	"fmt"
	"testing"

	"madoguchi/app/store"
)

// checkpointAt returns the log's checkpoint: its seq and hash, hex; 0 and ""
// when there is none.
func checkpointAt(t *testing.T, db *store.DB) (int64, string) {
	t.Helper()
	cp, ok, err := readCheckpoint(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return 0, ""
	}
	return cp.seq, hex.EncodeToString(cp.hash)
}

// rechain rewrites entries from..to as someone who read the package would:
// each one pointing to the previous one's new hash, and re-hashed.
func rechain(t *testing.T, db *store.DB, from, to int64) {
	t.Helper()
	for seq := from; seq <= to; seq++ {
		if _, err := db.Exec(`UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE seq = ?) WHERE seq = ?`, seq-1, seq); err != nil {
			t.Fatal(err)
		}
		rehash(t, db, seq)
	}
}

func TestVerifySinceCheckpointReadsOnlyNewEntries(t *testing.T) {
	l, db := newLog(t)
	ctx := context.Background()
	entries := appendN(t, l, db, 40)
	check := func(name string, verify func(context.Context) (Report, error), since, walked, last int64, lastHash string) {
		t.Helper()
		rep, err := verify(ctx)
		rep.Anchor, rep.Keyless = 0, false // anchor_test.go checks them
		want := Report{Entries: last, Intact: last, LastSeq: last, LastHash: lastHash, Since: since, Walked: walked}
		if err != nil || rep != want {
			t.Fatalf("%s: %+v, %v; want %+v", name, rep, err, want)
		}
	}
	check("no checkpoint yet: the whole chain", l.VerifySinceCheckpoint, 0, 40, 40, entries[39].Hash)
	if seq, hash := checkpointAt(t, db); seq != 40 || hash != entries[39].Hash {
		t.Fatalf("checkpoint %d:%s, want 40:%s", seq, hash, entries[39].Hash)
	}
	for range 5 {
		e, err := l.Record(ctx, sample(1))
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	check("five new entries", l.VerifySinceCheckpoint, 40, 5, 45, entries[44].Hash)
	check("nothing new", l.VerifySinceCheckpoint, 45, 0, 45, entries[44].Hash)
	if _, err := l.Record(ctx, sample(1)); err != nil {
		t.Fatal(err)
	}
	newest := hashOf(t, db, 46)
	// The package functions write nothing: the checkpoint stays at 45.
	check("package function", func(ctx context.Context) (Report, error) { return VerifySinceCheckpoint(ctx, db) }, 45, 1, 46, newest)
	check("package function again", func(ctx context.Context) (Report, error) { return VerifySinceCheckpoint(ctx, db) }, 45, 1, 46, newest)
	check("whole, package function", func(ctx context.Context) (Report, error) { return Verify(ctx, db) }, 0, 46, 46, newest)
	if seq, _ := checkpointAt(t, db); seq != 45 {
		t.Fatalf("checkpoint moved to %d by a package function", seq)
	}
	check("whole", l.Verify, 0, 46, 46, newest)
	check("after the whole", l.VerifySinceCheckpoint, 46, 0, 46, newest)
}

func hashOf(t *testing.T, db *store.DB, seq int64) string {
	t.Helper()
	var h []byte
	if err := db.QueryRow(`SELECT hash FROM audit_log WHERE seq = ?`, seq).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h)
}

// logWithCheckpoint is 50 entries whose checkpoint is at 30, and no
// triggers: the state in which someone with the file starts.
func logWithCheckpoint(t *testing.T) (*Log, *store.DB) {
	t.Helper()
	l, db := newLog(t)
	appendN(t, l, db, 30)
	if rep, err := l.Verify(context.Background()); err != nil || !rep.OK() {
		t.Fatalf("%+v, %v", rep, err)
	}
	committedN(t, l, db, 20)
	dropTriggers(t, db)
	return l, db
}

// TestVerifySinceCheckpointCatchesChanges: a check from the checkpoint finds
// every change after it; a change to the checkpointed entry or to the
// checkpoint itself makes it walk the whole chain (Since 0), which reports
// it. Either way the checkpoint stays where it was.
func TestVerifySinceCheckpointCatchesChanges(t *testing.T) {
	cases := []struct {
		name   string
		tamper string
		then   func(t *testing.T, db *store.DB)
		want   *Break
		since  int64
	}{
		{"entry after the checkpoint edited", `UPDATE audit_log SET user_id = 99 WHERE seq = 40`, nil, &Break{40, KindChanged}, 30},
		{"first entry after the checkpoint edited", `UPDATE audit_log SET user_id = 99 WHERE seq = 31`, nil, &Break{31, KindChanged}, 30},
		{"first entry after the checkpoint deleted", `DELETE FROM audit_log WHERE seq = 31`, nil, &Break{31, KindDeleted}, 30},
		{"entry after the checkpoint edited and re-hashed", `UPDATE audit_log SET user_id = 99 WHERE seq = 40`,
			func(t *testing.T, db *store.DB) { rehash(t, db, 40) }, &Break{40, KindChanged}, 30},
		{"first entry after the checkpoint re-linked", `UPDATE audit_log SET prev_hash = (SELECT prev_hash FROM audit_log WHERE seq = 1) WHERE seq = 31`,
			func(t *testing.T, db *store.DB) { rehash(t, db, 31) }, &Break{30, KindChanged}, 30},
		{"entries after the checkpoint swapped", fmt.Sprintf(swap, 35, 45), nil, &Break{35, KindReordered}, 30},
		{"newest entries deleted", `DELETE FROM audit_log WHERE seq >= 48`, nil, &Break{48, KindDeleted}, 30},
		{"checkpointed entry edited", `UPDATE audit_log SET user_id = 99 WHERE seq = 30`, nil, &Break{30, KindChanged}, 0},
		{"checkpointed entry edited and re-hashed", `UPDATE audit_log SET user_id = 99 WHERE seq = 30`,
			func(t *testing.T, db *store.DB) { rehash(t, db, 30) }, &Break{30, KindChanged}, 0},
		{"checkpointed entry deleted", `DELETE FROM audit_log WHERE seq = 30`, nil, &Break{30, KindDeleted}, 0},
		{"log rewritten from before the checkpoint to the end", `UPDATE audit_log SET user_id = 99 WHERE seq = 20`,
			func(t *testing.T, db *store.DB) { rechain(t, db, 20, 50) }, &Break{30, KindChanged}, 0},
		{"checkpoint's hash edited", `UPDATE audit_checkpoint SET hash = (SELECT prev_hash FROM audit_log WHERE seq = 1)`, nil, &Break{30, KindChanged}, 0},
		{"checkpoint moved past the newest entry", `UPDATE audit_checkpoint SET seq = 60`, nil, &Break{51, KindDeleted}, 0},
		{"checkpoint moved to another entry", `UPDATE audit_checkpoint SET seq = 31`, nil, &Break{31, KindChanged}, 0},
		{"checkpoint deleted", `DELETE FROM audit_checkpoint`, nil, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, db := logWithCheckpoint(t)
			if _, err := db.Exec(c.tamper); err != nil {
				t.Fatal(err)
			}
			if c.then != nil {
				c.then(t, db)
			}
			cpSeq, cpHash := checkpointAt(t, db)
			rep, err := l.VerifySinceCheckpoint(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !sameBreak(rep.Broken, c.want) || rep.Since != c.since {
				t.Fatalf("broken = %+v since %d, want %+v since %d", rep.Broken, rep.Since, c.want, c.since)
			}
			if c.want == nil {
				return
			}
			if rep.Intact != c.want.Seq-1 || rep.LastHash != "" {
				t.Fatalf("report %+v: want %d intact and no last hash", rep, c.want.Seq-1)
			}
			// The whole walk reports the same first break.
			if whole := verify(t, db); !sameBreak(whole.Broken, c.want) {
				t.Fatalf("whole walk: broken = %+v, want %+v", whole.Broken, c.want)
			}
			if seq, hash := checkpointAt(t, db); seq != cpSeq || hash != cpHash {
				t.Fatalf("checkpoint moved to %d:%s", seq, hash)
			}
		})
	}
}

func sameBreak(a, b *Break) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// TestWholeVerifyCatchesChangesBeforeTheCheckpoint: what changed before the
// checkpoint, its entry still intact, the check from the checkpoint does not
// read (that is what makes it quick); the whole walk finds it, and the
// checkpoint does not move past it.
func TestWholeVerifyCatchesChangesBeforeTheCheckpoint(t *testing.T) {
	cases := []struct {
		name   string
		tamper string
		then   func(t *testing.T, db *store.DB)
		want   Break
	}{
		{"entry edited", `UPDATE audit_log SET record_id = 1 WHERE seq = 10`, nil, Break{10, KindChanged}},
		{"entry edited and re-hashed", `UPDATE audit_log SET record_id = 1 WHERE seq = 10`,
			func(t *testing.T, db *store.DB) { rehash(t, db, 10) }, Break{10, KindChanged}},
		{"entry deleted", `DELETE FROM audit_log WHERE seq = 10`, nil, Break{10, KindDeleted}},
		{"entries swapped", fmt.Sprintf(swap, 5, 15), nil, Break{5, KindReordered}},
		{"first entry deleted", `DELETE FROM audit_log WHERE seq = 1`, nil, Break{1, KindDeleted}},
		{"genesis link changed", `UPDATE audit_log SET prev_hash = hash WHERE seq = 1`, nil, Break{1, KindBadGenesis}},
		{"entry slipped in before the first", `INSERT INTO audit_log SELECT 0, at, user_id, role, action, record_type, record_id,
			reason, reason_digest, prev_hash, hash, mac FROM audit_log WHERE seq = 1`, nil, Break{1, KindDeleted}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, db := logWithCheckpoint(t)
			if _, err := db.Exec(c.tamper); err != nil {
				t.Fatal(err)
			}
			if c.then != nil {
				c.then(t, db)
			}
			ctx := context.Background()
			if rep, err := VerifySinceCheckpoint(ctx, db); err != nil || !rep.OK() || rep.Since != 30 || rep.Walked != 20 {
				t.Fatalf("from the checkpoint: %+v %+v, %v; want whole from 30 with 20 entries read", rep, rep.Broken, err)
			}
			rep, err := l.Verify(ctx)
			if err != nil || rep.Broken == nil || *rep.Broken != c.want || rep.Since != 0 {
				t.Fatalf("whole: %+v %+v, %v; want %+v", rep, rep.Broken, err, c.want)
			}
			if seq, _ := checkpointAt(t, db); seq != 30 {
				t.Fatalf("checkpoint moved to %d", seq)
			}
		})
	}
}

// Two desks may check at once: the one that finishes last with an older
// newest entry does not move the checkpoint back.
func TestSaveCheckpointNeverMovesBack(t *testing.T) {
	l, db := newLog(t)
	ctx := context.Background()
	entries := appendN(t, l, db, 20)
	older := Report{Entries: 10, Intact: 10, LastSeq: 10, LastHash: entries[9].Hash}
	newer := Report{Entries: 20, Intact: 20, LastSeq: 20, LastHash: entries[19].Hash}
	broken := Report{Entries: 20, Intact: 4, Broken: &Break{5, KindChanged}}
	for _, rep := range []Report{older, newer, older, broken} {
		if err := saveCheckpoint(ctx, db, rep, t0); err != nil {
			t.Fatal(err)
		}
	}
	if seq, hash := checkpointAt(t, db); seq != 20 || hash != entries[19].Hash {
		t.Fatalf("checkpoint %d:%s, want 20", seq, hash)
	}
	var at string
	if err := db.QueryRow(`SELECT verified_at FROM audit_checkpoint`).Scan(&at); err != nil || at != "2026-12-01T00:00:00.000Z" {
		t.Fatalf("verified_at %q, %v", at, err)
	}
}
