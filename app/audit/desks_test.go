package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
	"madoguchi/app/vault"
)

// logRows is every row of the log and of the entries held for the key, as
// text: what a refused append must leave as it was.
func logRows(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{`SELECT * FROM audit_log ORDER BY seq`, `SELECT * FROM audit_pending ORDER BY id`} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%v\n", vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// After desk A rotated the data key, desk B, still holding the retired key,
// appends no entry keyed or sealed with it: its Record fails with
// vault.error.keyChanged (and ErrNotRecorded), the log is as it was and
// still whole, and B's vault is locked; once B opens the data again, its
// entries chain under the new key.
func TestRecordAfterRotationOnAnotherDesk(t *testing.T) {
	ctx := context.Background()
	const newPass = "office data passphrase 2027"
	dir, url := testdb.Place(t)
	dbA := testdb.OpenAt(t, dir, url)
	if err := dbA.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	a, va := keyedLogOn(t, dbA)
	dirB := dir // beside an SQLite file the desks share one anchor
	if testdb.Engine() == store.Postgres {
		dirB = t.TempDir()
	}
	b, _ := deskOn(t, dirB, url)
	vb := b.sealer.(*vault.Vault)
	recordN(t, b, 3) // one with a sealed reason

	if err := va.Rotate(ctx, newPass, Reseal); err != nil {
		t.Fatal(err)
	}
	before := logRows(t, dbA)
	_, err := b.Record(ctx, Entry{UserID: 2, Role: "supervisor", Action: Override, Reason: "旧姓の山田で記載"})
	if l := problem.From(err); len(l) == 0 || l[0].ID != "vault.error.keyChanged" ||
		!errors.Is(err, vault.ErrKeyChanged) || !errors.Is(err, ErrNotRecorded) {
		t.Fatalf("record with the retired key: %v, want vault.error.keyChanged", err)
	}
	if after := logRows(t, dbA); after != before {
		t.Fatalf("the refused append changed the log:\nbefore\n%safter\n%s", before, after)
	}
	if vb.State() != vault.StateLocked {
		t.Fatalf("desk B after the refused append: %v, want locked", vb.State())
	}
	wantWhole(t, a, 3)

	if err := vb.Unlock(ctx, newPass); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Record(ctx, sample(2)); err != nil {
		t.Fatalf("record after opening the data again: %v", err)
	}
	wantWhole(t, a, 4)
}

// A rotation on desk A waits for an append under way on desk B, which
// holds the key, and then moves B's entry to the new key with the rest:
// the log stays whole. Without B's hold, on PostgreSQL, the rotation would
// not see the entry being appended, which would keep its MAC under the
// erased key.
func TestRotationWaitsForAnAppendUnderWay(t *testing.T) {
	ctx := context.Background()
	const newPass = "office data passphrase 2027"
	dir, url := testdb.Place(t)
	dbA := testdb.OpenAt(t, dir, url)
	if err := dbA.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	a, va := keyedLogOn(t, dbA)
	dirB := dir
	if testdb.Engine() == store.Postgres {
		dirB = t.TempDir()
	}
	b, dbB := deskOn(t, dirB, url)
	recordN(t, b, 2)

	tx, err := dbB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := b.Append(ctx, tx, sample(2)); err != nil {
		t.Fatal(err)
	}
	rotated, resealing := make(chan error, 1), make(chan struct{})
	signal := func(context.Context, *sql.Tx, *vault.Rekey) error {
		close(resealing)
		return nil
	}
	go func() { rotated <- va.Rotate(ctx, newPass, signal, Reseal) }()
	select {
	case <-resealing:
		t.Fatal("the rotation re-keyed the log while an append on another desk was under way")
	case <-time.After(time.Second): // longer than the rotation's key derivation
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-rotated; err != nil {
		t.Fatal(err)
	}
	wantWhole(t, a, 3)
}

// An append takes the data key before the log's lock, as a rotation does
// (the key's row first, then whatever it writes): so a rotation that
// appends while another desk's append waits for the key goes through, and
// the waiting append then fails closed. Taking the log's lock first would
// deadlock the two on PostgreSQL.
func TestAppendWaitingForARotationThatAppends(t *testing.T) {
	ctx := context.Background()
	const newPass = "office data passphrase 2027"
	dir, url := testdb.Place(t)
	dbA := testdb.OpenAt(t, dir, url)
	if err := dbA.Migrate(ctx, vault.Migrations, Migrations); err != nil {
		t.Fatal(err)
	}
	a, va := keyedLogOn(t, dbA)
	dirB := dir
	if testdb.Engine() == store.Postgres {
		dirB = t.TempDir()
	}
	b, _ := deskOn(t, dirB, url)
	recordN(t, b, 2)

	// The rotation pauses once it holds the key, then appends (as a
	// plain-sealed log: its own vault is busy rotating, so the entry waits
	// in audit_pending for the new key).
	inside, release := make(chan struct{}), make(chan struct{})
	pause := func(context.Context, *sql.Tx, *vault.Rekey) error {
		close(inside)
		<-release
		return nil
	}
	appendInside := func(ctx context.Context, tx *sql.Tx, _ *vault.Rekey) error {
		_, err := New(dbA, vault.NewPlain(), tick()).Append(ctx, tx, Entry{Action: KeyRotate})
		return err
	}
	rotated := make(chan error, 1)
	go func() { rotated <- va.Rotate(ctx, newPass, Reseal, pause, appendInside) }()
	<-inside
	recorded := make(chan error, 1)
	go func() {
		_, err := b.Record(ctx, Entry{UserID: 2, Role: "counter", Action: SignIn})
		recorded <- err
	}()
	select {
	case err := <-recorded:
		t.Fatalf("an append went through during the rotation: %v", err)
	case <-time.After(300 * time.Millisecond): // B waits for the key
	}
	close(release)
	if err := <-rotated; err != nil {
		t.Fatalf("the rotation: %v", err)
	}
	if err := <-recorded; !errors.Is(err, vault.ErrKeyChanged) {
		t.Fatalf("the append that waited: %v, want vault.error.keyChanged", err)
	}
	if _, err := a.Record(ctx, sample(3)); err != nil { // chains the held entry
		t.Fatal(err)
	}
	wantWhole(t, a, 4)
}

// callOrder is the vault, noting when the log seals and when it holds.
type callOrder struct {
	*vault.Vault
	calls *[]string
}

func (c callOrder) Seal(plain []byte) ([]byte, error) {
	*c.calls = append(*c.calls, "seal")
	return c.Vault.Seal(plain)
}

func (c callOrder) Hold(ctx context.Context, tx *sql.Tx) error {
	*c.calls = append(*c.calls, "hold")
	return c.Vault.Hold(ctx, tx)
}

// An append seals its reasons only once it holds the key: sealed before,
// a reason could be under a key this process rotated away in between.
func TestReasonsAreSealedUnderTheKeyHeld(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	_, v := keyedLogOn(t, db)
	var calls []string
	l := New(db, callOrder{Vault: v, calls: &calls}, tick())
	if _, err := l.Record(ctx, Entry{UserID: 2, Role: "supervisor", Action: Override, Reason: "旧姓の山田で記載"}); err != nil {
		t.Fatal(err)
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := l.AppendAll(ctx, tx, []Entry{sample(2), sample(7)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(calls, " "); got != "hold seal hold seal seal" {
		t.Fatalf("calls %q, want each append to hold, then seal", got)
	}
}
