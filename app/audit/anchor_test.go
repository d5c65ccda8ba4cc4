package audit

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

const testPassphrase = "correct horse battery staple"

// keyedLog is a log whose vault is set up: its entries are keyed.
func keyedLog(t *testing.T) (*Log, *store.DB, *vault.Vault) {
	t.Helper()
	db := newDB(t)
	l, v := keyedLogOn(t, db)
	return l, db, v
}

// keyedLogOn sets up the vault of the migrated database db.
func keyedLogOn(t *testing.T, db *store.DB) (*Log, *vault.Vault) {
	t.Helper()
	v, err := vault.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Setup(context.Background(), testPassphrase, Reseal); err != nil {
		t.Fatal(err)
	}
	return New(db, v, tick()), v
}

// deskOn opens a second desk's handle on the database at dir and url, with
// the data passphrase given.
func deskOn(t *testing.T, dir, url string) (*Log, *store.DB) {
	t.Helper()
	db := testdb.OpenAt(t, dir, url)
	v, err := vault.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(context.Background(), testPassphrase); err != nil {
		t.Fatal(err)
	}
	return New(db, v, tick()), db
}

func recordN(t *testing.T, l *Log, n int) []Entry {
	t.Helper()
	var out []Entry
	for i := range n {
		e, err := l.Record(context.Background(), sample(i))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func wantWhole(t *testing.T, l *Log, entries int64) Report {
	t.Helper()
	rep, err := l.Verify(context.Background())
	if err != nil || !rep.OK() || rep.Entries != entries || rep.Keyless {
		t.Fatalf("verify: %+v, %v; want %d entries whole, MACs checked", rep, err, entries)
	}
	return rep
}

func wantBroken(t *testing.T, l *Log, want Break) {
	t.Helper()
	for name, verify := range map[string]func(context.Context) (Report, error){
		"whole": l.Verify, "since checkpoint": l.VerifySinceCheckpoint,
	} {
		rep, err := verify(context.Background())
		if err != nil || rep.Broken == nil || *rep.Broken != want {
			t.Fatalf("%s: %+v (broken %+v), %v; want %+v", name, rep, rep.Broken, err, want)
		}
	}
}

// The three attacks of issue "Data protection under attack" #4. Each
// passed the plain chain's verify before the chain was keyed and anchored.
func TestAttacksOnTheChainAreCaught(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(t *testing.T, db *store.DB)
		rechain bool // then renumber and rehash the entries left
		want    Break
	}{
		{"newest entries deleted, highest seq used lowered", func(t *testing.T, db *store.DB) {
			exec(t, db, `DELETE FROM audit_log WHERE seq > 15`, `DELETE FROM audit_checkpoint`)
			lowerSeqUsed(t, db, 15)
		}, false, Break{Seq: 16, Kind: KindDeleted}},
		{"every entry deleted", func(t *testing.T, db *store.DB) {
			exec(t, db, `DELETE FROM audit_log`, `DELETE FROM audit_checkpoint`)
			lowerSeqUsed(t, db, 0)
		}, false, Break{Seq: 1, Kind: KindDeleted}},
		// Every reveal erased and the SHA-256 chain recomputed (rechain),
		// MACs kept: they no longer match.
		{"reveals erased, hashes recomputed", func(t *testing.T, db *store.DB) {
			exec(t, db, `DELETE FROM audit_log WHERE action = 'read'`)
		}, true, Break{Seq: 4, Kind: KindChanged}},
		// The same with every MAC stripped, so the log looks plain: the
		// anchored entry no longer has its hash.
		{"reveals erased, hashes recomputed, MACs stripped", func(t *testing.T, db *store.DB) {
			exec(t, db, `DELETE FROM audit_log WHERE action = 'read'`, `UPDATE audit_log SET mac = NULL`)
		}, true, Break{Seq: 17, Kind: KindDeleted}}, // 16 entries left, 20 anchored
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, db, _ := keyedLog(t)
			recordN(t, l, 20)
			wantWhole(t, l, 20)
			dropTriggers(t, db)
			c.tamper(t, db)
			if c.rechain {
				renumberAndRehash(t, db)
			}
			// What verify was before keying and anchoring: it passes.
			if rep, err := Verify(context.Background(), db); err != nil || !rep.OK() {
				t.Fatalf("the plain chain's check: %+v, %v; want it fooled", rep, err)
			}
			wantBroken(t, l, c.want)
		})
	}
}

// exec runs each query, as whoever holds the database can.
func exec(t *testing.T, db *store.DB, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// renumberAndRehash renumbers the entries 1..n and recomputes every hash, as whoever
// edits the file can: the plain chain then verifies.
func renumberAndRehash(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	exec(t, db, `DELETE FROM audit_checkpoint`) // the triggers are gone (dropTriggers)
	rows, err := db.QueryContext(ctx, `SELECT seq, at, user_id, role, action, record_type, record_id, reason_digest FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.seq, &r.at, &r.userID, &r.role, &r.action, &r.recordType, &r.recordID, &r.reasonDigest); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	prev := genesis().hash
	for i, r := range all {
		old := r.seq
		r.seq, r.prevHash = int64(i+1), prev
		r.hash = r.chainHash()
		prev = r.hash
		if _, err := db.Exec(`UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?`, r.seq, r.prevHash, r.hash, old); err != nil {
			t.Fatal(err)
		}
	}
	lowerSeqUsed(t, db, int64(len(all)))
	if rep, err := Verify(ctx, db); err != nil || !rep.OK() {
		t.Fatalf("the rechained log does not pass the keyless check: %+v, %v", rep, err)
	}
}

func TestKeyedLogsVerify(t *testing.T) {
	ctx := context.Background()
	t.Run("normal, restart", func(t *testing.T) {
		l, db, v := keyedLog(t)
		recordN(t, l, 10)
		rep := wantWhole(t, l, 10)
		if rep.Anchor != 10 {
			t.Fatalf("anchor %d, want 10", rep.Anchor)
		}
		if st, err := os.Stat(AnchorPath(db)); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("anchor file: %v, %v; want 0600", st, err)
		}
		again := New(db, v, tick()) // a restart: a new log on the same file
		recordN(t, again, 3)
		wantWhole(t, again, 13)
	})
	t.Run("plain entries, then keyed", func(t *testing.T) {
		db := newDB(t)
		v, err := vault.Open(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		l := New(db, v, tick())
		for range 5 { // before setup: plain, and no reason (nothing seals yet)
			if _, err := l.Record(ctx, sample(1)); err != nil {
				t.Fatal(err)
			}
		}
		if err := v.Setup(ctx, testPassphrase, Reseal); err != nil {
			t.Fatal(err)
		}
		recordN(t, l, 5)
		wantWhole(t, l, 10)
		// A keyed entry turned back into a plain one.
		if _, err := db.Exec(`UPDATE audit_log SET mac = NULL WHERE seq = 8`); err != nil {
			t.Fatal(err)
		}
		// The whole walk sees it (a check from the checkpoint, at 10, does
		// not look before it: checkpoint.go).
		if rep, err := l.Verify(ctx); err != nil || rep.Broken == nil || *rep.Broken != (Break{Seq: 8, Kind: KindChanged}) {
			t.Fatalf("turned plain: %+v, %v; want entry 8 changed", rep, err)
		}
	})
	t.Run("rotation", func(t *testing.T) {
		l, _, v := keyedLog(t)
		recordN(t, l, 10)
		if err := v.Rotate(ctx, testPassphrase, Reseal); err != nil {
			t.Fatal(err)
		}
		recordN(t, l, 2)
		wantWhole(t, l, 12)
	})
	t.Run("a transaction of several appends rolled back", func(t *testing.T) {
		l, db, _ := keyedLog(t)
		recordN(t, l, 3)
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			for i := range 3 {
				if _, err := l.Append(ctx, tx, sample(i)); err != nil {
					return err
				}
			}
			return errors.New("the action failed")
		})
		if err == nil {
			t.Fatal("the transaction committed")
		}
		if a, ok, err := readAnchor(AnchorPath(db)); err != nil || !ok || a.seq != 3 {
			t.Fatalf("anchor %+v, %v, %v; want entry 3, never an entry rolled back", a, ok, err)
		}
		wantWhole(t, l, 3)
	})
	t.Run("anchor file deleted", func(t *testing.T) {
		l, db, _ := keyedLog(t)
		recordN(t, l, 3)
		if err := os.Remove(AnchorPath(db)); err != nil {
			t.Fatal(err)
		}
		if db.Engine == store.SQLite {
			// Beside the file, whoever writes the log keeps it: it was there.
			wantBroken(t, l, Break{Seq: 3, Kind: KindNoAnchor})
			return
		}
		// A desk's own anchor: a desk that has not seen the log has none.
		// The check anchors the head it found whole.
		wantWhole(t, l, 3)
		if a, ok, err := readAnchor(AnchorPath(db)); err != nil || !ok || a.seq != 3 {
			t.Fatalf("anchor %+v, %v, %v after the check; want entry 3", a, ok, err)
		}
	})
	t.Run("anchor file unreadable", func(t *testing.T) {
		l, db, _ := keyedLog(t)
		recordN(t, l, 3)
		if err := os.WriteFile(AnchorPath(db), []byte("not an anchor\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		wantBroken(t, l, Break{Seq: 3, Kind: KindNoAnchor})
	})
	t.Run("two writers", func(t *testing.T) {
		dir, url := testdb.Place(t)
		db := testdb.OpenAt(t, dir, url)
		if err := db.Migrate(ctx, vault.Migrations, Migrations); err != nil {
			t.Fatal(err)
		}
		l, _ := keyedLogOn(t, db)
		l2, _ := deskOn(t, dir, url) // a second handle on the same data folder
		var wg sync.WaitGroup
		for _, w := range []*Log{l, l2} {
			wg.Go(func() { recordN(t, w, 25) })
		}
		wg.Wait()
		wantWhole(t, l, 50)
		wantWhole(t, l2, 50)
	})
	t.Run("locked vault holds entries until the key is back", func(t *testing.T) {
		l, db, _ := keyedLog(t)
		recordN(t, l, 1)
		locked, err := vault.Open(ctx, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		held, err := New(db, locked, tick()).Record(ctx, sample(1))
		if err != nil || held.Seq != 0 {
			t.Fatalf("locked: %+v, %v; want held, outside the chain", held, err)
		}
		wantWhole(t, l, 1)
		e, err := l.Record(ctx, sample(3))
		if err != nil || e.Seq != 3 {
			t.Fatalf("after unlock: %+v, %v; want seq 3 after the held entry", e, err)
		}
		wantWhole(t, l, 3)
	})
}

// Each desk's anchor is the newest entry that desk saw. On a server each
// desk keeps its own, in its own folder: a check fails when the log no
// longer holds that entry (cut or rewritten), never because other desks
// appended after it. Beside an SQLite file, every desk on the file shares
// one anchor, which is then the newest any of them saw.
func TestEachDeskAnchorsWhatItSaw(t *testing.T) {
	ctx := context.Background()
	shared := testdb.Engine() == store.SQLite
	// desks are two desks on one database: desk 1 wrote entries 1 to 10,
	// desk 2 then 11 to 20.
	desks := func(t *testing.T) (l1, l2 *Log, db *store.DB) {
		dir1, url := testdb.Place(t)
		db1 := testdb.OpenAt(t, dir1, url)
		if err := db1.Migrate(ctx, vault.Migrations, Migrations); err != nil {
			t.Fatal(err)
		}
		dir2 := dir1
		if !shared {
			dir2 = t.TempDir()
		}
		db2 := testdb.OpenAt(t, dir2, url)
		if shared != (AnchorPath(db1) == AnchorPath(db2)) {
			t.Fatalf("desk anchors %s and %s", AnchorPath(db1), AnchorPath(db2))
		}
		l1, l2 = New(db1, vault.NewPlain(), tick()), New(db2, vault.NewPlain(), tick())
		recordN(t, l1, 10)
		recordN(t, l2, 10)
		return l1, l2, db1
	}
	// check runs the whole check of l: want nil is a whole log.
	check := func(t *testing.T, desk string, l *Log, want *Break) {
		t.Helper()
		rep, err := l.Verify(ctx)
		if err != nil || (want == nil) != rep.OK() || (want != nil && *rep.Broken != *want) {
			t.Errorf("%s: %+v (broken %+v), %v; want broken %+v", desk, rep, rep.Broken, err, want)
		}
	}
	desk1At := func(own, sharedSeq int64, kind Kind) *Break {
		if shared {
			return &Break{Seq: sharedSeq, Kind: kind}
		}
		if own == 0 {
			return nil
		}
		return &Break{Seq: own, Kind: kind}
	}

	t.Run("others appended after a desk's anchor", func(t *testing.T) {
		l1, l2, db := desks(t)
		check(t, "desk 1", l1, nil)
		check(t, "desk 2", l2, nil)
		if a, _, err := readAnchor(AnchorPath(l1.db)); err != nil || a.seq != map[bool]int64{true: 20, false: 10}[shared] {
			t.Errorf("desk 1's anchor at %d, %v", a.seq, err)
		}
		recordN(t, l1, 1) // desk 1 sees the others' entries at its next append
		if a, _, err := readAnchor(AnchorPath(db)); err != nil || a.seq != 21 {
			t.Errorf("desk 1's anchor at %d after its append, %v; want 21", a.seq, err)
		}
	})
	t.Run("cut after what desk 1 saw", func(t *testing.T) {
		l1, l2, db := desks(t)
		dropTriggers(t, db)
		exec(t, db, `DELETE FROM audit_log WHERE seq > 15`, `DELETE FROM audit_checkpoint`)
		lowerSeqUsed(t, db, 15)
		check(t, "desk 1", l1, desk1At(0, 16, KindDeleted)) // desk 1 cannot know of entries it never saw
		check(t, "desk 2", l2, &Break{Seq: 16, Kind: KindDeleted})
	})
	t.Run("cut before what desk 1 saw", func(t *testing.T) {
		l1, l2, db := desks(t)
		dropTriggers(t, db)
		exec(t, db, `DELETE FROM audit_log WHERE seq > 5`, `DELETE FROM audit_checkpoint`)
		lowerSeqUsed(t, db, 5)
		check(t, "desk 1", l1, &Break{Seq: 6, Kind: KindDeleted})
		check(t, "desk 2", l2, &Break{Seq: 6, Kind: KindDeleted})
	})
	t.Run("rewritten", func(t *testing.T) {
		l1, l2, db := desks(t)
		dropTriggers(t, db)
		exec(t, db, `UPDATE audit_log SET user_id = 99 WHERE seq = 3`)
		renumberAndRehash(t, db)
		check(t, "desk 1", l1, desk1At(10, 20, KindChanged))
		check(t, "desk 2", l2, &Break{Seq: 20, Kind: KindChanged})
	})
	t.Run("another database at the same desk", func(t *testing.T) {
		if shared {
			t.Skip("an SQLite database is a file of its own, and its anchor beside it")
		}
		dir, url := testdb.Place(t)
		one, other := testdb.OpenAt(t, dir, url), testdb.OpenAt(t, dir, testdb.NewURL(t))
		if AnchorPath(one) == AnchorPath(other) || filepath.Dir(AnchorPath(one)) != dir {
			t.Errorf("anchors %s and %s; want two, in %s", AnchorPath(one), AnchorPath(other), dir)
		}
	})
}
