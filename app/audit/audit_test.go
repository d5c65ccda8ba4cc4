package audit

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

var t0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// tick is a clock that moves one second per call.
func tick() func() time.Time {
	n := 0
	return func() time.Time { n++; return t0.Add(time.Duration(n) * time.Second) }
}

// newDB is a new, migrated database on the test run's engine (testdb).
func newDB(t *testing.T) *store.DB {
	t.Helper()
	return testdb.Migrated(t, vault.Migrations, Migrations)
}

func newLog(t *testing.T) (*Log, *store.DB) {
	db := newDB(t)
	return New(db, vault.NewPlain(), tick()), db
}

// sample is the i-th entry of a varied log.
func sample(i int) Entry {
	e := Entry{UserID: int64(1 + i%3), Role: "counter", Action: Change, RecordType: "application", RecordID: int64(100 + i)}
	switch i % 5 {
	case 1:
		e.Action, e.RecordType, e.RecordID = SignIn, "", 0
	case 2:
		e.Role, e.Action, e.Reason = "supervisor", Override, fmt.Sprintf("記録の旧姓と一致することを確認した (%d)", i)
	case 3:
		e.Action = Read
	case 4:
		e.UserID, e.Role, e.Action, e.RecordType, e.RecordID = 0, "", SignInFailed, "", 0
	}
	return e
}

func appendN(t *testing.T, l *Log, db *store.DB, n int) []Entry {
	t.Helper()
	var out []Entry
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			e, err := l.Append(context.Background(), tx, sample(i))
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// committedN is appendN whose newest entry was written by Record: on
// PostgreSQL the highest seq used marks only committed entries (markSeen),
// so the newest of one transaction are marked by whatever writes next.
// Tests that delete the newest entries start from such a log.
func committedN(t *testing.T, l *Log, db *store.DB, n int) {
	t.Helper()
	appendN(t, l, db, n-1)
	if _, err := l.Record(context.Background(), sample(n-1)); err != nil {
		t.Fatal(err)
	}
}

// verify runs Verify, and checks that reading the log in several ranges
// side by side, cut anywhere, gives the same report.
func verify(t *testing.T, db *store.DB) Report {
	t.Helper()
	rep, err := Verify(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, parts := range []int{1, 2, 3, 7} {
		got, err := walker{parts: parts, minPart: 1}.whole(context.Background(), db)
		if err != nil {
			t.Fatalf("%d parts: %v", parts, err)
		}
		if !reflect.DeepEqual(got, rep) {
			t.Fatalf("read in %d parts: %+v %+v; in one: %+v %+v", parts, got, got.Broken, rep, rep.Broken)
		}
	}
	return rep
}

func TestAppendAndVerify(t *testing.T) {
	l, db := newLog(t)
	if rep := verify(t, db); !rep.OK() || rep.Entries != 0 || rep.LastSeq != 0 {
		t.Fatalf("empty log: %+v", rep)
	}
	entries := appendN(t, l, db, 100)
	for i, e := range entries {
		if e.Seq != int64(i+1) || len(e.Hash) != 64 {
			t.Fatalf("entry %d: seq %d hash %q", i, e.Seq, e.Hash)
		}
	}
	rep := verify(t, db)
	if !rep.OK() || rep.Entries != 100 || rep.Intact != 100 || rep.LastSeq != 100 || rep.LastHash != entries[99].Hash {
		t.Fatalf("report %+v, broken %+v", rep, rep.Broken)
	}
	// One more through Record, in its own transaction.
	e, err := l.Record(context.Background(), Entry{UserID: 1, Role: "counter", Action: SignOut})
	if err != nil || e.Seq != 101 {
		t.Fatalf("record: %+v, %v", e, err)
	}
	if rep := verify(t, db); !rep.OK() || rep.LastSeq != 101 {
		t.Fatalf("after Record: %+v", rep)
	}
}

// An action and its audit entry commit together: if the action's
// transaction rolls back, so does the entry, and the chain stays whole.
func TestAppendRollsBackWithTheAction(t *testing.T) {
	l, db := newLog(t)
	ctx := context.Background()
	appendN(t, l, db, 3)
	boom := errors.New("save failed")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range 3 {
			if _, err := l.Append(ctx, tx, sample(i)); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	// Nothing marks the entries rolled back as used: not the highest seq
	// used (which on PostgreSQL does not roll back), not the anchor.
	if used, err := highestSeqUsed(ctx, db, db); err != nil || used > 3 {
		t.Fatalf("highest seq used %d, %v after a rollback; want 3 at most", used, err)
	}
	if a, _, err := readAnchor(AnchorPath(db)); err != nil || a.seq > 3 {
		t.Fatalf("anchor at %d, %v after a rollback; want 3 at most", a.seq, err)
	}
	if rep := verify(t, db); !rep.OK() {
		t.Fatalf("after a rollback: %+v", rep.Broken)
	}
	e, err := l.Record(ctx, sample(0))
	if err != nil || e.Seq != 4 {
		t.Fatalf("after a rollback the next entry is %d, %v; want 4", e.Seq, err)
	}
	if rep := verify(t, db); !rep.OK() {
		t.Fatalf("%+v", rep.Broken)
	}
}

func TestAppendRefusesFreeText(t *testing.T) {
	l, _ := newLog(t)
	for name, e := range map[string]Entry{
		"unknown action":            {Action: "renamed"},
		"name as role":              {Action: SignIn, Role: "山田 太郎"},
		"free text as record type":  {Action: Read, RecordType: "application of Yamada", RecordID: 1},
		"record ID without type":    {Action: Read, RecordID: 7},
		"negative user":             {Action: SignIn, UserID: -1},
		"record type too long":      {Action: Read, RecordType: strings.Repeat("a", 33), RecordID: 1},
		"record type with a number": {Action: Read, RecordType: "123456789018", RecordID: 1},
	} {
		if _, err := l.Record(context.Background(), e); !errors.Is(err, ErrInvalidEntry) {
			t.Errorf("%s: %v, want ErrInvalidEntry", name, err)
		}
	}
}

func TestTriggersKeepTheLogAppendOnly(t *testing.T) {
	l, db := newLog(t)
	appendN(t, l, db, 3)
	statements := []string{
		`UPDATE audit_log SET user_id = 9 WHERE seq = 2`,
		`UPDATE audit_log SET seq = 9 WHERE seq = 2`,
		`DELETE FROM audit_log WHERE seq = 2`,
		`DELETE FROM audit_log`,
	}
	if db.Engine == store.Postgres {
		// Row triggers do not fire for TRUNCATE (migration 005).
		statements = append(statements, `TRUNCATE audit_log`)
	}
	for _, q := range statements {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// swap exchanges the positions of two entries (all their columns move).
const swap = `UPDATE audit_log SET seq = -1 WHERE seq = %[1]d;
	UPDATE audit_log SET seq = %[1]d WHERE seq = %[2]d;
	UPDATE audit_log SET seq = %[2]d WHERE seq = -1`

// rehash recomputes one entry's hash, as someone who read the package would.
func rehash(t *testing.T, db *store.DB, seq int64) {
	t.Helper()
	r := row{seq: seq}
	err := db.QueryRow(`SELECT at, user_id, role, action, record_type, record_id, reason_digest, prev_hash FROM audit_log WHERE seq = ?`, seq).
		Scan(&r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &r.reasonDigest, &r.prevHash)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit_log SET hash = ? WHERE seq = ?`, r.chainHash(), seq); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFindsTheFirstBreak(t *testing.T) {
	cases := []struct {
		name   string
		tamper string
		then   func(t *testing.T, l *Log, db *store.DB)
		want   Break
	}{
		{"user edited", `UPDATE audit_log SET user_id = 99 WHERE seq = 20`, nil, Break{20, KindChanged}},
		{"action edited", `UPDATE audit_log SET action = 'read' WHERE seq = 20`, nil, Break{20, KindChanged}},
		{"time edited", `UPDATE audit_log SET at = '2026-11-30T00:00:00.000Z' WHERE seq = 20`, nil, Break{20, KindChanged}},
		{"record edited", `UPDATE audit_log SET record_id = 1 WHERE seq = 20`, nil, Break{20, KindChanged}},
		{"reason digest edited", `UPDATE audit_log SET reason_digest = hash WHERE seq = 23`, nil, Break{23, KindChanged}},
		{"hash edited", `UPDATE audit_log SET hash = prev_hash WHERE seq = 20`, nil, Break{20, KindChanged}},
		{"row deleted", `DELETE FROM audit_log WHERE seq = 20`, nil, Break{20, KindDeleted}},
		{"three rows deleted", `DELETE FROM audit_log WHERE seq BETWEEN 20 AND 22`, nil, Break{20, KindDeleted}},
		{"rows swapped", fmt.Sprintf(swap, 20, 30), nil, Break{20, KindReordered}},
		{"neighbours swapped", fmt.Sprintf(swap, 20, 21), nil, Break{20, KindReordered}},
		{"contents swapped, hashes left", `CREATE TEMP TABLE was AS SELECT * FROM audit_log WHERE seq IN (20, 30);
			UPDATE audit_log SET (at, user_id, role, action, record_type, record_id) =
			(SELECT at, user_id, role, action, record_type, record_id FROM was WHERE was.seq = 20 + 30 - audit_log.seq)
			WHERE seq IN (20, 30)`, nil, Break{20, KindChanged}},
		{"first row swapped", fmt.Sprintf(swap, 1, 2), nil, Break{1, KindReordered}},
		{"first row changed", `UPDATE audit_log SET role = 'admin' WHERE seq = 1`, nil, Break{1, KindChanged}},
		{"first row deleted", `DELETE FROM audit_log WHERE seq = 1`, nil, Break{1, KindDeleted}},
		{"genesis link changed", `UPDATE audit_log SET prev_hash = hash WHERE seq = 1`, nil, Break{1, KindBadGenesis}},
		{"first row re-hashed on another genesis", `UPDATE audit_log SET prev_hash = hash WHERE seq = 1`,
			func(t *testing.T, _ *Log, db *store.DB) { rehash(t, db, 1) }, Break{1, KindBadGenesis}},
		{"row edited and re-hashed", `UPDATE audit_log SET user_id = 99 WHERE seq = 20`,
			func(t *testing.T, _ *Log, db *store.DB) { rehash(t, db, 20) }, Break{20, KindChanged}},
		{"newest rows deleted", `DELETE FROM audit_log WHERE seq >= 48`, nil, Break{48, KindDeleted}},
		{"newest rows deleted, then a new entry", `DELETE FROM audit_log WHERE seq >= 48`,
			func(t *testing.T, l *Log, _ *store.DB) {
				if _, err := l.Record(context.Background(), sample(0)); err != nil {
					t.Fatal(err)
				}
			}, Break{48, KindDeleted}},
		{"two breaks", `UPDATE audit_log SET user_id = 9 WHERE seq IN (10, 30); DELETE FROM audit_log WHERE seq = 40`, nil, Break{10, KindChanged}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, db := newLog(t)
			committedN(t, l, db, 50)
			dropTriggers(t, db)
			if _, err := db.Exec(c.tamper); err != nil {
				t.Fatal(err)
			}
			if c.then != nil {
				c.then(t, l, db)
			}
			rep := verify(t, db)
			if rep.Broken == nil || *rep.Broken != c.want {
				t.Fatalf("broken = %+v, want %+v", rep.Broken, c.want)
			}
			if rep.Intact != c.want.Seq-1 || rep.LastHash != "" {
				t.Fatalf("report %+v: want %d intact and no last hash", rep, c.want.Seq-1)
			}
			if p := rep.Broken.Problem(); p.ID != "audit.error.chain."+string(c.want.Kind) || p.Args["Seq"] != c.want.Seq {
				t.Fatalf("problem %+v", p)
			}
		})
	}
}

// TestVerifyFindsABreakAnywhere moves one break along the log, so that it
// falls at the start, the end and inside every range the log is read in.
func TestVerifyFindsABreakAnywhere(t *testing.T) {
	l, db := newLog(t)
	committedN(t, l, db, 30)
	dropTriggers(t, db)
	if _, err := db.Exec(`CREATE TABLE kept AS SELECT * FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	for seq := int64(1); seq <= 30; seq++ {
		for _, c := range []struct {
			tamper string
			want   Break
		}{
			{`UPDATE audit_log SET user_id = 99 WHERE seq = ?`, Break{seq, KindChanged}},
			{`DELETE FROM audit_log WHERE seq = ?`, Break{seq, KindDeleted}},
		} {
			if _, err := db.Exec(c.tamper, seq); err != nil {
				t.Fatal(err)
			}
			if rep := verify(t, db); rep.Broken == nil || *rep.Broken != c.want {
				t.Errorf("%s, seq %d: broken = %+v, want %+v", c.tamper, seq, rep.Broken, c.want)
			}
			for _, q := range []string{`DELETE FROM audit_log WHERE seq = ?`, `INSERT INTO audit_log SELECT * FROM kept WHERE seq = ?`} {
				if _, err := db.Exec(q, seq); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if rep := verify(t, db); !rep.OK() {
		t.Fatalf("restored: %+v", rep.Broken)
	}
}

// The limit of a hash chain without a key: whoever rewrites the newest
// entry and its hash leaves a whole chain. Only an anchor noted elsewhere
// (AuditMain --anchor) shows it.
func TestRewrittenNewestEntryNeedsAnAnchor(t *testing.T) {
	l, db := newLog(t)
	entries := appendN(t, l, db, 10)
	dropTriggers(t, db)
	db.Exec(`UPDATE audit_log SET user_id = 99 WHERE seq = 10`)
	rehash(t, db, 10)
	if rep := verify(t, db); !rep.OK() {
		t.Fatalf("expected the chain to look whole: %+v", rep.Broken)
	}
	var out, errOut bytes.Buffer
	code := AuditMain(context.Background(), db, nil, []string{"verify", "--anchor", "10:" + entries[9].Hash}, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "entry 10 no longer has the hash noted") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	// The rewritten chain did not become the window's checkpoint.
	if seq, _ := checkpointAt(t, db); seq != 0 {
		t.Fatalf("checkpoint saved at %d after the anchor failed", seq)
	}
}

func TestVerifyTenThousandEntries(t *testing.T) {
	l, db := newLog(t)
	start := time.Now()
	appendN(t, l, db, 10000)
	appended := time.Since(start)
	start = time.Now()
	rep := verify(t, db)
	took := time.Since(start)
	t.Logf("append 10,000 entries in one transaction: %v; verify: %v", appended, took)
	if !rep.OK() || rep.Entries != 10000 || rep.LastSeq != 10000 {
		t.Fatalf("%+v", rep)
	}
	if took > 5*time.Second {
		t.Errorf("verify of 10,000 entries took %v", took)
	}
	dropTriggers(t, db)
	db.Exec(`UPDATE audit_log SET record_id = 1 WHERE seq = 9999`)
	if rep := verify(t, db); rep.Broken == nil || *rep.Broken != (Break{9999, KindChanged}) {
		t.Fatalf("broken = %+v", rep.Broken)
	}
	db.Exec(fmt.Sprintf(swap, 5000, 9000))
	start = time.Now()
	rep = verify(t, db)
	t.Logf("verify finding a reordering among 10,000: %v", time.Since(start))
	if rep.Broken == nil || *rep.Broken != (Break{5000, KindReordered}) {
		t.Fatalf("broken = %+v", rep.Broken)
	}
}

func TestQueryFilters(t *testing.T) {
	l, db := newLog(t)
	appendN(t, l, db, 20) // at = t0 + 1s .. t0 + 20s
	ctx := context.Background()
	for _, c := range []struct {
		name string
		f    Filter
		want []int64
	}{
		{"all", Filter{}, seqs(1, 20)},
		{"time window", Filter{From: t0.Add(5 * time.Second), To: t0.Add(8 * time.Second)}, []int64{5, 6, 7}},
		{"time window in JST", Filter{From: t0.Add(5 * time.Second).In(time.FixedZone("JST", 9*3600)), To: t0.Add(6 * time.Second)}, []int64{5}},
		{"user", Filter{UserID: 2}, []int64{2, 8, 11, 14, 17}},
		{"action", Filter{Action: Override}, []int64{3, 8, 13, 18}},
		{"record", Filter{RecordType: "application", RecordID: 103}, []int64{4}},
		{"combined", Filter{Action: Read, UserID: 1, From: t0}, []int64{4, 19}},
	} {
		got, err := l.Query(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var gotSeqs []int64
		for _, e := range got {
			gotSeqs = append(gotSeqs, e.Seq)
		}
		if fmt.Sprint(gotSeqs) != fmt.Sprint(c.want) {
			t.Errorf("%s: seqs %v, want %v", c.name, gotSeqs, c.want)
		}
	}
	got, _ := l.Query(ctx, Filter{Action: Override, UserID: 3, To: t0.Add(10 * time.Second)})
	if len(got) != 1 || got[0].Reason != "記録の旧姓と一致することを確認した (2)" || got[0].Role != "supervisor" || !got[0].At.Equal(t0.Add(3*time.Second)) {
		t.Fatalf("override entry %+v", got)
	}
}

func seqs(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestCSVRoundTrip(t *testing.T) {
	l, _ := newLog(t)
	ctx := context.Background()
	reasons := []string{
		"記録の旧姓と一致することを確認した",
		`comma, "quotes" and` + "\nnew lines\r\nof both kinds",
		"=HYPERLINK(\"http://x\")", "+81 3", "-1", "@SUM(A1)", "'already quoted", "\tTab first",
	}
	for i, r := range reasons {
		if _, err := l.Record(ctx, Entry{UserID: int64(i + 1), Role: "supervisor", Action: Override, RecordType: "application", RecordID: 7, Reason: r}); err != nil {
			t.Fatal(err)
		}
	}
	l.Record(ctx, Entry{Action: SignInFailed})
	entries, err := l.Query(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, entries); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\uFEFFseq,at,userId,role,action,recordType,recordId,reason,hash\r\n") {
		t.Fatalf("CSV starts %q: want a BOM and the header with CRLF", raw[:min(80, len(raw))])
	}
	for _, cell := range []string{`,"'=HYPERLINK(""http://x"")",`, ",'+81 3,", ",'-1,", ",'@SUM(A1),", ",''already quoted,"} {
		if !strings.Contains(raw, cell) {
			t.Errorf("CSV lacks %q: a formula must be written as text", cell)
		}
	}
	back, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(entries) {
		t.Fatalf("read %d entries back, wrote %d", len(back), len(entries))
	}
	for i := range entries {
		if !back[i].At.Equal(entries[i].At) {
			t.Errorf("entry %d: at %v, want %v", i, back[i].At, entries[i].At)
		}
		back[i].At = entries[i].At
		if back[i] != entries[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, back[i], entries[i])
		}
	}
	if entries[1].Reason != "comma, \"quotes\" and\nnew lines\nof both kinds" {
		t.Errorf("line breaks not stored as \\n: %q", entries[1].Reason)
	}
}

// With a real vault the reason is encrypted at rest; a rotation re-encrypts
// it through Reseal and the chain stays whole.
func TestReasonsAreSealedAndSurviveRotation(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	v, err := vault.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	const passphrase = "correct horse battery staple"
	if err := v.Setup(ctx, passphrase); err != nil {
		t.Fatal(err)
	}
	l := New(db, v, tick())
	const reason = "申請者の旧姓（山田）と一致することを確認した"
	for i := 0; i < 3; i++ {
		if _, err := l.Record(ctx, Entry{UserID: 2, Role: "supervisor", Action: Override, RecordType: "application", RecordID: int64(i + 1), Reason: reason}); err != nil {
			t.Fatal(err)
		}
	}
	var stored []byte
	db.QueryRow(`SELECT reason FROM audit_log WHERE seq = 1`).Scan(&stored)
	if stored[0] != 0x01 || bytes.Contains(stored, []byte("山田")) {
		t.Fatalf("reason stored as %x", stored)
	}
	before := verify(t, db)

	if err := v.Rotate(ctx, passphrase, Reseal); err != nil {
		t.Fatal(err)
	}
	var after []byte
	db.QueryRow(`SELECT reason FROM audit_log WHERE seq = 1`).Scan(&after)
	if bytes.Equal(after, stored) {
		t.Fatal("rotation left the reason as it was")
	}
	if rep := verify(t, db); !rep.OK() || rep.LastHash != before.LastHash {
		t.Fatalf("after rotation: %+v (before: %+v)", rep, before)
	}
	got, err := l.Query(ctx, Filter{RecordID: 2, RecordType: "application"})
	if err != nil || len(got) != 1 || got[0].Reason != reason {
		t.Fatalf("reason after rotation: %+v, %v", got, err)
	}

	// Moving one entry's sealed reason to another (the triggers allow
	// writing reason, for Reseal) is caught when read.
	if _, err := db.Exec(`UPDATE audit_log SET reason = (SELECT reason FROM audit_log WHERE seq = 1) WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	_, err = l.Query(ctx, Filter{})
	if l := problem.From(err); len(l) != 1 || l[0].ID != "audit.error.reasonChanged" || l[0].Args["Seq"] != int64(3) {
		t.Fatalf("query after moving a reason: %v", err)
	}
}

func TestAuditMain(t *testing.T) {
	ctx := context.Background()
	run := func(db *store.DB, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := AuditMain(ctx, db, nil, args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	l, db := newLog(t)
	entries := appendN(t, l, db, 30)
	last := "30:" + entries[29].Hash

	if code, out, _ := run(db, "verify"); code != 0 || !strings.Contains(out, "ok, 30 entries") || !strings.Contains(out, "last entry: "+last) {
		t.Fatalf("verify: exit %d, %q", code, out)
	}
	if code, out, _ := run(db, "verify", "--anchor", "12:"+entries[11].Hash); code != 0 || !strings.Contains(out, "entry 12 still has the hash") {
		t.Fatalf("verify --anchor: exit %d, %q", code, out)
	}
	appendN(t, l, db, 1)
	if code, out, _ := run(db, "verify", "--full"); code != 0 || !strings.Contains(out, "ok, 31 entries") {
		t.Fatalf("verify --full: exit %d, %q", code, out)
	}
	// The command line walks the whole chain, and leaves the window's check
	// its checkpoint.
	if seq, _ := checkpointAt(t, db); seq != 31 {
		t.Fatalf("checkpoint at %d after verify, want 31", seq)
	}
	for _, args := range [][]string{{}, {"check"}, {"verify", "extra"}, {"verify", "--anchor", "12"}, {"verify", "--anchor", "x:00"}, {"verify", "--bogus"}} {
		if code, _, errOut := run(db, args...); code != 2 || !strings.Contains(errOut, "usage: madoguchi audit verify") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	dropTriggers(t, db)
	db.Exec(`DELETE FROM audit_log WHERE seq = 17`)
	code, out, _ := run(db, "verify")
	if code != 1 || !strings.Contains(out, "BROKEN at entry 17 (deleted)") || !strings.Contains(out, "entries 1 to 16 of 30") {
		t.Fatalf("broken: exit %d, %q", code, out)
	}
	db.Exec(`DROP TABLE audit_log`)
	if code, _, errOut := run(db, "verify"); code != 2 || errOut == "" {
		t.Fatalf("no table: exit %d, %q", code, errOut)
	}
}

// TestOldLogStillVerifies reads a log written by an earlier version
// (testdata/v1-log.sql, migration 001 only): after the migrations of this
// one, the chain must still verify to the same hashes, byte for byte.
func TestOldLogStillVerifies(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	first, err := fs.ReadFile(migrationFiles, "migrations/001_log.sql")
	if err != nil {
		t.Fatal(err)
	}
	v1 := store.Embedded("audit", fstest.MapFS{"migrations/001_log.sql": {Data: first}})
	fixture, err := os.ReadFile(filepath.Join("testdata", "v1-log.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, vault.Migrations, v1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(blobLiterals(db, string(fixture))); err != nil {
		t.Fatal(err)
	}
	// As a backup of that version is checked before it is restored: no
	// checkpoint table yet.
	if rep := verify(t, db); !rep.OK() || rep.LastSeq != 12 {
		t.Fatalf("before the migrations: %+v, broken %+v", rep, rep.Broken)
	}
	if err := db.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	const last = "234f6025f9b4e05e05c05e2fa1e81344965f6019776ccbaf927b17d9ebad15de"
	if rep := verify(t, db); !rep.OK() || rep.Entries != 12 || rep.LastSeq != 12 || rep.LastHash != last {
		t.Fatalf("%+v, broken %+v", rep, rep.Broken)
	}
	entries, err := New(db, vault.NewPlain(), nil).Query(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		want := sample(i)
		if e.Action != want.Action || e.Reason != want.Reason || !e.At.Equal(t0.Add(time.Duration(i+1)*time.Second)) {
			t.Errorf("entry %d: %+v, want %+v", e.Seq, e, want)
		}
	}
}
