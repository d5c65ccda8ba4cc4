package audit

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"madoguchi/app/store"
)

// failInserts makes every new audit entry fail as a full disk would: the
// trigger aborts the insert, and with it the transaction it runs in.
func failInserts(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(),
		`CREATE TRIGGER test_audit_full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
}

// act is a stand-in for a service's action: it writes a row of its own and
// runs the hook in the same transaction, as every service given a Hook does.
func act(ctx context.Context, db *store.DB, h Hook[int64]) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS acted (id INTEGER PRIMARY KEY)`); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO acted DEFAULT VALUES`)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return h.Run(ctx, tx, id)
	})
}

func countActed(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM acted`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestHookRecordsInTheActionsTransaction(t *testing.T) {
	ctx := context.Background()
	byID := func(id int64) []Entry {
		return []Entry{{UserID: 1, Role: "admin", Action: UserCreate, RecordType: "user", RecordID: id}}
	}
	cases := []struct {
		name       string
		hook       func(l *Log) Hook[int64]
		full       bool // audit inserts fail
		wantActed  int
		wantErr    error
		wantRecord bool
	}{
		{name: "recorded with the action", hook: func(l *Log) Hook[int64] { return Entries(l, byID) }, wantActed: 1, wantRecord: true},
		{name: "no hook records nothing", hook: func(*Log) Hook[int64] { return nil }, wantActed: 1},
		{name: "a full log undoes the action", hook: func(l *Log) Hook[int64] { return Entries(l, byID) }, full: true, wantErr: ErrNotRecorded},
		{name: "no log undoes the action", hook: func(*Log) Hook[int64] { return Entries(nil, byID) }, wantErr: ErrNotRecorded},
		{name: "nothing to record undoes the action", hook: func(l *Log) Hook[int64] {
			return Entries(l, func(int64) []Entry { return nil })
		}, wantErr: ErrNotRecorded},
		{name: "a broken entry undoes the action", hook: func(l *Log) Hook[int64] {
			return Entries(l, func(int64) []Entry { return []Entry{{Action: "renamed"}} })
		}, wantErr: ErrNotRecorded},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, db := newLog(t)
			if _, err := db.ExecContext(ctx, `CREATE TABLE acted (id INTEGER PRIMARY KEY)`); err != nil {
				t.Fatal(err)
			}
			if c.full {
				failInserts(t, db)
			}
			err := act(ctx, db, c.hook(l))
			if !errors.Is(err, c.wantErr) || (c.wantErr == nil && err != nil) {
				t.Fatalf("act: %v, want %v", err, c.wantErr)
			}
			if got := countActed(t, db); got != c.wantActed {
				t.Errorf("%d actions stand, want %d", got, c.wantActed)
			}
			entries, err := l.Query(ctx, Filter{RecordType: "user", RecordID: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(entries) == 1; got != c.wantRecord {
				t.Errorf("entries %+v, want recorded=%v", entries, c.wantRecord)
			}
		})
	}
}

func TestRecordFailureIsNotRecorded(t *testing.T) {
	l, db := newLog(t)
	failInserts(t, db)
	if _, err := l.Record(context.Background(), Entry{Action: SignIn}); !errors.Is(err, ErrNotRecorded) {
		t.Fatalf("Record on a full log: %v, want ErrNotRecorded", err)
	}
}
