package audit

import (
	"context"
	"slices"
	"testing"
	"time"

	"madoguchi/app/problem"
)

func TestNewestPages(t *testing.T) {
	l, db := newLog(t)
	appendN(t, l, db, 23) // seq 1..23
	ctx := context.Background()
	cases := []struct {
		name          string
		f             Filter
		offset, limit int
		want          []int64
		total         int
	}{
		{"first page", Filter{}, 0, 5, []int64{23, 22, 21, 20, 19}, 23},
		{"last page", Filter{}, 20, 5, []int64{3, 2, 1}, 23},
		{"past the end", Filter{}, 30, 5, nil, 23},
		{"one action", Filter{Action: SignIn}, 0, 3, []int64{22, 17, 12}, 5},
		{"reason text, width and case folded", Filter{Reason: "（１２）"}, 0, 10, []int64{13}, 1},
		{"reason text, every override", Filter{Reason: "旧姓"}, 1, 2, []int64{18, 13}, 5},
		{"reason text and user", Filter{Reason: "旧姓", UserID: 1}, 0, 10, []int64{13}, 1},
		{"reason text matching none", Filter{Reason: "住所"}, 0, 10, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := l.Newest(ctx, c.f, c.offset, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range p.Entries {
				got = append(got, e.Seq)
			}
			if !slices.Equal(got, c.want) || p.Total != c.total {
				t.Errorf("Newest = %v of %d, want %v of %d", got, p.Total, c.want, c.total)
			}
		})
	}
}

func TestQueryByReason(t *testing.T) {
	l, db := newLog(t)
	appendN(t, l, db, 10)
	got, err := l.Query(context.Background(), Filter{Reason: "(7)"})
	if err != nil || len(got) != 1 || got[0].Seq != 8 {
		t.Fatalf("Query by reason = %+v, %v; want entry 8 only", got, err)
	}
}

func TestSearchFilter(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	cases := []struct {
		name  string
		s     Search
		want  Filter
		probs []string // field:id
	}{
		{"empty selects all", Search{}, Filter{}, nil},
		{"days in the desk's zone, last day included", Search{From: "2026-11-01", To: "２０２６－１１－３０"},
			Filter{From: time.Date(2026, 11, 1, 0, 0, 0, 0, jst), To: time.Date(2026, 12, 1, 0, 0, 0, 0, jst)}, nil},
		{"record", Search{RecordType: "application", RecordID: " ４２ ", UserID: 3, Action: "override", Reason: " 旧姓 "},
			Filter{RecordType: "application", RecordID: 42, UserID: 3, Action: Override, Reason: "旧姓"}, nil},
		{"bad days", Search{From: "2026-13-01", To: "yesterday"}, Filter{},
			[]string{"from:audit.filter.from.error.invalid", "to:audit.filter.to.error.invalid"}},
		{"to before from", Search{From: "2026-11-02", To: "2026-11-01"}, Filter{},
			[]string{"to:audit.filter.to.error.beforeFrom"}},
		{"unknown action and type", Search{Action: "dance", RecordType: "SELECT *"}, Filter{},
			[]string{"action:audit.filter.action.error.unknown", "recordType:audit.filter.recordType.error.unknown"}},
		{"record ID without type", Search{RecordID: "5"}, Filter{},
			[]string{"recordId:audit.filter.recordId.error.needsType"}},
		{"record ID not a number", Search{RecordType: "application", RecordID: "5a"}, Filter{},
			[]string{"recordId:audit.filter.recordId.error.number"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := c.s.Filter(jst)
			var got []string
			for _, p := range problem.From(err) {
				got = append(got, p.Field+":"+p.ID)
			}
			if err != nil && len(got) == 0 {
				t.Fatalf("non-problem error: %v", err)
			}
			if !slices.Equal(got, c.probs) {
				t.Errorf("problems = %v, want %v", got, c.probs)
			}
			if err == nil && (!f.From.Equal(c.want.From) || !f.To.Equal(c.want.To) || f.UserID != c.want.UserID ||
				f.Action != c.want.Action || f.RecordType != c.want.RecordType || f.RecordID != c.want.RecordID || f.Reason != c.want.Reason) {
				t.Errorf("filter = %+v, want %+v", f, c.want)
			}
		})
	}
}

func TestRecordTypes(t *testing.T) {
	l, db := newLog(t)
	appendN(t, l, db, 5)
	l.Record(context.Background(), Entry{Action: Export, RecordType: "auditLog"})
	got, err := l.RecordTypes(context.Background())
	if err != nil || !slices.Equal(got, []string{"application", "auditLog"}) {
		t.Errorf("RecordTypes = %v, %v", got, err)
	}
}
