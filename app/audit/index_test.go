package audit

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"madoguchi/app/store"
	"madoguchi/app/store/testdb"
)

// TestQueriesUseTheIndexes checks, with EXPLAIN QUERY PLAN, which index each
// query of the trail reads. Every index of audit_log must serve one of them:
// an index no plan here names costs bytes on every entry for nothing. The
// database has no statistics (ANALYZE is never run), so the plans depend on
// the schema only, and an empty log shows the plans of a large one.
func TestQueriesUseTheIndexes(t *testing.T) {
	testdb.SQLiteOnly(t) // EXPLAIN QUERY PLAN is SQLite's; TestNewestEntryIsOneLookup covers PostgreSQL
	_, db := newLog(t)
	day := time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)
	days := Filter{From: day, To: day.AddDate(0, 0, 7)}
	page := " ORDER BY seq DESC LIMIT 25 OFFSET 0" // Newest
	cases := []struct {
		name string
		f    Filter
		sql  string // after where
		want string // the plan, its lines joined by " | "
	}{
		{"a page, no filter", Filter{}, entriesSQL + "%s" + page, "SCAN audit_log"},
		{"count, no filter", Filter{}, countSQL + "%s", "SCAN audit_log USING COVERING INDEX audit_log_by_user"},
		{"a page of some days", days, entriesSQL + "%s" + page,
			"SEARCH audit_log USING INDEX audit_log_by_at (at>? AND at<?) | USE TEMP B-TREE FOR ORDER BY"},
		{"count of some days", days, countSQL + "%s", "SEARCH audit_log USING COVERING INDEX audit_log_by_at (at>? AND at<?)"},
		{"export of some days", days, entriesSQL + "%s ORDER BY seq",
			"SEARCH audit_log USING INDEX audit_log_by_at (at>? AND at<?) | USE TEMP B-TREE FOR ORDER BY"},
		// In seq order straight off the index: no sort of all the member's entries.
		{"a page of one staff member", Filter{UserID: 7}, entriesSQL + "%s" + page, "SEARCH audit_log USING INDEX audit_log_by_user (user_id=?)"},
		{"count of one staff member", Filter{UserID: 7}, countSQL + "%s", "SEARCH audit_log USING COVERING INDEX audit_log_by_user (user_id=?)"},
		{"a page of one record", Filter{RecordType: "application", RecordID: 12}, entriesSQL + "%s" + page,
			"SEARCH audit_log USING INDEX audit_log_by_record (record_type=? AND record_id=?)"},
		{"record types", Filter{}, recordTypesSQL, "SCAN audit_log USING COVERING INDEX audit_log_by_record"},
		{"the newest entry (Append)", Filter{}, lastEntrySQL, "SCAN audit_log"},
	}
	used := map[string]bool{}
	for _, c := range cases {
		where, args := c.f.where()
		got := queryPlan(t, db, strings.Replace(c.sql, "%s", where, 1), args...)
		if got != c.want {
			t.Errorf("%s: plan\n\t%s\nwant\n\t%s", c.name, got, c.want)
		}
		for _, word := range strings.Fields(got) {
			used[word] = true
		}
	}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !used[name] {
			t.Errorf("index %s: no query above uses it", name)
		}
	}
}

func queryPlan(t *testing.T, db *store.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, " | ")
}

// TestAppendReadsOneEntryOnPostgres checks PostgreSQL's plans for what an
// append and the window's check read: the newest entry (off the end of the
// primary key, backward, no sort) and the entries after the checkpoint (a
// range of it), so that both cost the same at a million entries as at a
// thousand. TestQueriesUseTheIndexes checks SQLite's.
func TestAppendReadsOneEntryOnPostgres(t *testing.T) {
	if testdb.Engine() != store.Postgres {
		t.Skip("PostgreSQL's plans; TestQueriesUseTheIndexes checks SQLite's")
	}
	ctx := context.Background()
	l, db := newLog(t)
	entries := make([]Entry, 5000)
	for i := range entries {
		entries[i] = sample(i)
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error { _, err := l.AppendAll(ctx, tx, entries); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE audit_log`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, query string
		args        []any
		want        string
	}{
		{"the newest entry", lastEntrySQL, nil, "Index Scan Backward using audit_log_pkey"},
		{"the checkpointed entry", `SELECT hash FROM audit_log WHERE seq = ?`, []any{int64(4000)}, "Index Scan using audit_log_pkey"},
		{"the entries after the checkpoint", fmt.Sprintf(walkSQL, "mac"), []any{int64(4990), int64(math.MaxInt64)}, "Index Scan using audit_log_pkey"},
	} {
		plan := pgPlan(t, db, c.query, c.args...)
		if !strings.Contains(plan, c.want) || strings.Contains(plan, "Sort") || strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s: plan\n\t%s\nwant %s", c.name, plan, c.want)
		}
	}
}

func pgPlan(t *testing.T, db *store.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), "EXPLAIN "+query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	return strings.Join(lines, " | ")
}
