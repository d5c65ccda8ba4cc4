package desk

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
)

// userID signs in as username to learn its account ID, then signs out.
func userID(t *testing.T, d *Desk, username string) int64 {
	t.Helper()
	u, err := d.SignIn(username, pw)
	if err != nil {
		t.Fatal(err)
	}
	d.SignOut()
	return u.ID
}

func TestSupervisorReadsTheTrail(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	counter := userID(t, d, "counter1")
	d.SignIn("counter1", pw)
	a, err := d.StartApplication()
	if err != nil {
		t.Fatal(err)
	}
	d.SignOut()
	d.record(audit.Entry{UserID: counter, Role: "supervisor", Action: audit.Override, RecordType: "application", RecordID: a.ID, Reason: "旧姓で記載"})

	if _, err := d.SignIn("supervisor1", pw); err != nil {
		t.Fatal(err)
	}
	choices, err := d.AuditChoices()
	if err != nil {
		t.Fatal(err)
	}
	if len(choices.Staff) != 5 || choices.PageSize != auditPageSize || choices.CanSaveCopy {
		t.Errorf("choices = %+v", choices)
	}

	cases := []struct {
		name  string
		s     audit.Search
		want  []audit.Action // newest first
		total int
	}{
		{"staff member", audit.Search{UserID: counter}, []audit.Action{audit.Override, audit.SignOut, audit.Create, audit.SignIn, audit.SignOut, audit.SignIn}, 6},
		{"record", audit.Search{RecordType: "application", RecordID: "1"}, []audit.Action{audit.Override, audit.Create}, 2},
		{"action and staff", audit.Search{UserID: counter, Action: "create"}, []audit.Action{audit.Create}, 1},
		{"reason text", audit.Search{Reason: "旧姓"}, []audit.Action{audit.Override}, 1},
		{"the day", audit.Search{From: "2026-11-23", To: "2026-11-23", UserID: counter}, nil, 6},
		{"another day", audit.Search{From: "2026-11-24"}, nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := d.SearchAudit(tc.s, 1)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != tc.total {
				t.Errorf("total = %d, want %d", p.Total, tc.total)
			}
			if tc.want == nil {
				return
			}
			var got []audit.Action
			for _, e := range p.Entries {
				got = append(got, e.Action)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("actions = %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("actions = %v, want %v", got, tc.want)
				}
			}
		})
	}
	p, _ := d.SearchAudit(audit.Search{Reason: "旧姓"}, 1)
	if p.Entries[0].Reason != "旧姓で記載" {
		t.Errorf("reason = %q, want it opened for the supervisor", p.Entries[0].Reason)
	}
	if _, err := d.SearchAudit(audit.Search{From: "tomorrow"}, 1); problemID(err) != "audit.filter.from.error.invalid" {
		t.Errorf("bad day: %v", err)
	}
	rep, err := d.VerifyAudit()
	if err != nil || !rep.OK() {
		t.Fatalf("verify = %+v, %v", rep, err)
	}
	// The next check starts where this one ended: it reads only what was
	// written since.
	d.record(audit.Entry{UserID: 1, Role: "admin", Action: audit.Change, RecordType: "user", RecordID: 1})
	again, err := d.VerifyAudit()
	if err != nil || !again.OK() || again.Since != rep.LastSeq || again.Walked != again.LastSeq-rep.LastSeq || again.Walked < 1 {
		t.Errorf("verify again = %+v, %v; want it to start after entry %d", again, err, rep.LastSeq)
	}
}

func TestAuditPages(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	d.SignIn("supervisor1", pw)
	for range 30 {
		d.record(audit.Entry{UserID: 1, Role: "admin", Action: audit.Change, RecordType: "user", RecordID: 1})
	}
	first, err := d.SearchAudit(audit.Search{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	second, err := d.SearchAudit(audit.Search{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Entries) != auditPageSize || first.Total != second.Total || len(second.Entries) != first.Total-auditPageSize {
		t.Errorf("pages: %d then %d of %d", len(first.Entries), len(second.Entries), first.Total)
	}
	if first.Entries[0].Seq != int64(first.Total) || second.Entries[len(second.Entries)-1].Seq != 1 {
		t.Errorf("not newest first: page 1 starts at %d, page 2 ends at %d", first.Entries[0].Seq, second.Entries[len(second.Entries)-1].Seq)
	}
}

func TestExportIsWrittenAndRecorded(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	counter := userID(t, d, "counter1")
	sup, err := d.SignIn("supervisor1", pw)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := d.ExportAudit(audit.Search{UserID: counter})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Rows != 2 || filepath.Dir(ex.Path) != filepath.Join(d.DataDir, "exports") || ex.Name != "audit-20261123-100000.csv" {
		t.Errorf("export = %+v", ex)
	}
	assertMode(t, filepath.Dir(ex.Path), 0o700)
	assertMode(t, ex.Path, 0o600)
	f, err := os.Open(ex.Path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := audit.ReadCSV(f)
	f.Close()
	if err != nil || len(rows) != 2 || rows[0].UserID != counter || rows[0].Action != audit.SignIn {
		t.Errorf("CSV rows = %+v, %v", rows, err)
	}
	again, err := d.ExportAudit(audit.Search{UserID: counter})
	if err != nil || again.Name != "audit-20261123-100000-2.csv" {
		t.Errorf("second export in the same second = %+v, %v; want a new file", again, err)
	}
	p, _ := d.SearchAudit(audit.Search{Action: "export"}, 1)
	if p.Total != 2 || p.Entries[0].UserID != sup.ID || p.Entries[0].RecordType != "auditLog" {
		t.Errorf("exports recorded = %+v", p)
	}
	if _, err := d.ExportAudit(audit.Search{RecordID: "x"}); problemID(err) != "audit.filter.recordId.error.number" {
		t.Errorf("bad filter: %v", err)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != want {
		t.Errorf("%s mode %v, want %v", path, st.Mode().Perm(), want)
	}
}

func TestSaveAuditCopy(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	d.SignIn("supervisor1", pw)
	if _, err := d.SaveAuditCopy("x"); problemID(err) != "audit.export.saveCopy.error.unavailable" {
		t.Errorf("without a dialog: %v", err)
	}
	chosen := filepath.Join(t.TempDir(), "trail.csv")
	d.SaveFile = func(_ context.Context, title, name string) (string, error) {
		if title == "" || title == "audit.export.saveCopy.title" {
			t.Errorf("dialog title %q not translated", title)
		}
		return chosen, nil
	}
	ex, err := d.ExportAudit(audit.Search{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../madoguchi.db", "audit-1.csv", "/etc/passwd"} {
		if _, err := d.SaveAuditCopy(bad); problemID(err) != "audit.export.saveCopy.error.unknownFile" {
			t.Errorf("SaveAuditCopy(%q): %v", bad, err)
		}
	}
	got, err := d.SaveAuditCopy(ex.Name)
	if err != nil || got != chosen {
		t.Fatalf("copy = %q, %v", got, err)
	}
	a, _ := os.ReadFile(ex.Path)
	b, _ := os.ReadFile(chosen)
	if string(a) != string(b) {
		t.Error("copy differs from the export")
	}
	if p, _ := d.SearchAudit(audit.Search{Action: "export"}, 1); p.Total != 2 {
		t.Errorf("exports recorded = %d, want 2 (the export and its copy)", p.Total)
	}
	d.SaveFile = func(context.Context, string, string) (string, error) { return "", nil }
	if got, err := d.SaveAuditCopy(ex.Name); got != "" || err != nil {
		t.Errorf("cancelled dialog = %q, %v", got, err)
	}
}

func TestOnlyTheSupervisorReadsTheTrail(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	for _, role := range auth.Roles {
		ok, _ := mayCall("SearchAudit", role)
		if ok != (role == auth.Supervisor) {
			t.Errorf("%s may search the audit trail: %v", role, ok)
		}
	}
}
