package audit

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"testing"

	"madoguchi/app/store"
	"madoguchi/app/store/storetest"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

func TestMain(m *testing.M) {
	if role, args, ok := storetest.Role(); ok {
		os.Exit(playRole(role, args))
	}
	os.Exit(m.Run())
}

// playRole is another process of these tests. "append DATADIR URL USER N"
// is a desk on the database at DATADIR (and URL, "" for SQLite) that, once
// the test closes its standard input, appends N entries as user USER, by
// every path an entry takes: Record, a service's hook in the service's
// transaction, and several entries at once.
func playRole(role string, args []string) int {
	if role != "append" || len(args) != 4 {
		fmt.Fprintln(os.Stderr, "unknown role", role, args)
		return 2
	}
	user, err1 := strconv.ParseInt(args[2], 10, 64)
	n, err2 := strconv.Atoi(args[3])
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, "append: bad arguments", args)
		return 2
	}
	ctx := context.Background()
	db, err := store.OpenDatabase(ctx, args[0], args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	storetest.Ready()
	io.Copy(io.Discard, os.Stdin) // all writers start together
	if err := appendAsDesk(ctx, db, user, n); err != nil {
		fmt.Fprintf(os.Stderr, "writer %d: %v\n", user, err)
		return 1
	}
	return 0
}

// appendAsDesk appends n entries of user's, the i-th with record ID i.
func appendAsDesk(ctx context.Context, db *store.DB, user int64, n int) error {
	l := New(db, vault.NewPlain(), nil)
	entry := func(i int) Entry {
		return Entry{UserID: user, Role: "counter", Action: Change, RecordType: "application", RecordID: int64(i)}
	}
	hook := Entries(l, func(i int) []Entry { return []Entry{entry(i)} })
	for i := 1; i <= n; {
		var err error
		switch i % 3 {
		case 0:
			_, err = l.Record(ctx, entry(i))
			i++
		case 1:
			err = db.Tx(ctx, func(tx *sql.Tx) error { return hook.Run(ctx, tx, i) })
			i++
		default:
			batch := []Entry{entry(i)}
			if i < n {
				batch = append(batch, entry(i+1))
			}
			err = db.Tx(ctx, func(tx *sql.Tx) error {
				_, err := l.AppendAll(ctx, tx, batch)
				return err
			})
			i += len(batch)
		}
		if err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return nil
}

// One chain, many writers: desks in processes of their own append at the
// same moment to one database. Every entry is there once, the chain is
// whole, and no desk's anchor is taken for a cut log because the others
// wrote after it.
func TestWriterProcessesKeepOneChain(t *testing.T) {
	ctx := context.Background()
	const writers, each = 4, 30
	dir, url := testdb.Place(t)
	db := testdb.OpenAt(t, dir, url)
	if err := db.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	desks := make([]string, writers)
	procs := make([]*storetest.Proc, writers)
	for w := range writers {
		desks[w] = dir // SQLite: the desks share the file's folder, and its anchor
		if url != "" {
			desks[w] = t.TempDir() // a server: each desk has its own folder
		}
		procs[w] = storetest.Start(t, "append", desks[w], url, strconv.Itoa(w+1), strconv.Itoa(each))
	}
	// This desk wrote the first entry (its anchor), and checks the log
	// while the others write: never a break.
	l := New(db, vault.NewPlain(), nil)
	if _, err := l.Record(ctx, Entry{Action: SignIn}); err != nil {
		t.Fatal(err)
	}
	const total = writers*each + 1
	var wg sync.WaitGroup
	for w, p := range procs {
		wg.Go(func() {
			if err := p.Stop(); err != nil {
				t.Errorf("writer %d: %v", w+1, err)
			}
		})
	}
	done := make(chan struct{})
	checks := make(chan int)
	go func() {
		n := 0
		defer func() { checks <- n }()
		for {
			select {
			case <-done:
				return
			default:
			}
			check := l.Verify
			if n%2 == 1 {
				check = l.VerifySinceCheckpoint
			}
			if rep, err := check(ctx); err != nil || !rep.OK() || rep.Anchor < 1 {
				t.Errorf("check while the others write: %+v (broken %+v), %v", rep, rep.Broken, err)
				return
			}
			n++
		}
	}()
	wg.Wait()
	close(done)
	t.Logf("%d checks while %d desks wrote", <-checks, writers)

	rep, err := Verify(ctx, db)
	if err != nil || !rep.OK() || rep.Entries != total || rep.LastSeq != total {
		t.Fatalf("verify: %+v (broken %+v), %v; want %d entries whole", rep, rep.Broken, err, total)
	}
	var rows, distinct int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT seq) FROM audit_log`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != total || distinct != rows {
		t.Fatalf("%d rows, %d seqs; want %d", rows, distinct, total)
	}
	for w := range writers {
		var n, records int
		err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT record_id) FROM audit_log WHERE user_id = ?`, w+1).Scan(&n, &records)
		if err != nil || n != each || records != each {
			t.Errorf("writer %d: %d entries for %d records, %v; want %d", w+1, n, records, err, each)
		}
		// Each desk's anchor holds, though the others appended after it.
		desk := testdb.OpenAt(t, desks[w], url)
		a, ok, err := readAnchor(AnchorPath(desk))
		if err != nil || !ok || a.seq < 1 {
			t.Errorf("writer %d's anchor: %+v, %v, %v", w+1, a, ok, err)
		}
		if rep, err := (Check{Anchor: AnchorPath(desk)}).Verify(ctx, desk); err != nil || !rep.OK() || rep.Anchor != a.seq {
			t.Errorf("writer %d's desk: %+v (broken %+v), %v; want whole, anchored at %d", w+1, rep, rep.Broken, err, a.seq)
		}
	}
}
