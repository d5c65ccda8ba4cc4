package audit

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"testing/fstest"

	"madoguchi/app/store"
	"madoguchi/app/vault"
)

// actedTable is the stand-in service's own table.
var actedTable = store.Migrations{Owner: "acted", FS: fstest.MapFS{
	"001_acted.sql": {Data: []byte(`CREATE TABLE acted (id INTEGER PRIMARY KEY);`)},
}}

// act is a stand-in for a service's action: it writes a row of its own and
// runs the hook in the same transaction, as every service given a Hook does.
func act(ctx context.Context, db *store.DB, h Hook[int64]) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO acted DEFAULT VALUES RETURNING id`).Scan(&id); err != nil {
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
			if err := db.Migrate(ctx, vault.Migrations, Migrations, actedTable); err != nil {
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
