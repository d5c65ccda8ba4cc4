package audit

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"sync"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/vault"
)

const testPassphrase = "correct horse battery staple"

// keyedLog is a log whose vault is set up: its entries are keyed.
func keyedLog(t *testing.T) (*Log, *store.DB, *vault.Vault) {
	t.Helper()
	db := newDB(t)
	v, err := vault.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Setup(context.Background(), testPassphrase, Reseal); err != nil {
		t.Fatal(err)
	}
	return New(db, v, tick()), db, v
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
		name   string
		tamper []string
		want   Break
	}{
		{"newest entries deleted, sqlite_sequence lowered", []string{
			`DROP TRIGGER audit_log_no_delete`,
			`DELETE FROM audit_log WHERE seq > 15`,
			`UPDATE sqlite_sequence SET seq = 15 WHERE name = 'audit_log'`,
			`DELETE FROM audit_checkpoint`,
		}, Break{Seq: 16, Kind: KindDeleted}},
		{"every entry deleted", []string{
			`DROP TRIGGER audit_log_no_delete`,
			`DELETE FROM audit_log`,
			`DELETE FROM sqlite_sequence WHERE name = 'audit_log'`,
			`DELETE FROM audit_checkpoint`,
		}, Break{Seq: 1, Kind: KindDeleted}},
		// Every reveal erased and the SHA-256 chain recomputed (rechain),
		// MACs kept: they no longer match.
		{"reveals erased, hashes recomputed", []string{
			`DROP TRIGGER audit_log_no_delete`,
			`DELETE FROM audit_log WHERE action = 'read'`,
		}, Break{Seq: 4, Kind: KindChanged}},
		// The same with every MAC stripped, so the log looks plain: the
		// anchored entry no longer has its hash.
		{"reveals erased, hashes recomputed, MACs stripped", []string{
			`DROP TRIGGER audit_log_no_delete`,
			`DELETE FROM audit_log WHERE action = 'read'`,
			`UPDATE audit_log SET mac = NULL`,
		}, Break{Seq: 17, Kind: KindDeleted}}, // 16 entries left, 20 anchored
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, db, _ := keyedLog(t)
			recordN(t, l, 20)
			wantWhole(t, l, 20)
			for _, q := range c.tamper {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if c.name != "newest entries deleted, sqlite_sequence lowered" && c.name != "every entry deleted" {
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

// renumberAndRehash renumbers the entries 1..n and recomputes every hash, as whoever
// edits the file can: the plain chain then verifies.
func renumberAndRehash(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `DELETE FROM audit_checkpoint`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
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
	if _, err := db.Exec(`UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'`, len(all)); err != nil {
		t.Fatal(err)
	}
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
		wantBroken(t, l, Break{Seq: 3, Kind: KindNoAnchor})
	})
	t.Run("two writers", func(t *testing.T) {
		l, db, _ := keyedLog(t)
		other, err := store.Open(ctx, db.Path)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		v2, err := vault.Open(ctx, other, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := v2.Unlock(ctx, testPassphrase); err != nil {
			t.Fatal(err)
		}
		l2 := New(other, v2, tick())
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
