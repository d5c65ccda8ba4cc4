package desk

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/cases"
	"madoguchi/app/intake"
	"madoguchi/app/lostcard"
	"madoguchi/app/store"
)

// auditFails makes every audit entry fail to be written, as a full disk
// or a lost server would, on the real database of the run's engine: a
// trigger aborts the insert and with it the transaction it runs in
// (store.RefuseInserts). It returns the function that lets entries be
// written again.
func auditFails(t *testing.T, db *store.DB) (restore func()) {
	t.Helper()
	allow, err := db.RefuseInserts(context.Background(), "audit_log", "disk full")
	if err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if err := allow(); err != nil {
			t.Fatal(err)
		}
	}
}

// sensitiveAction is one action that must not happen without its audit
// record.
type sensitiveAction struct {
	name string
	as   string // the account signed in before the audit trail fails; "" for none
	// prepare runs with the audit trail working and returns what act and
	// unchanged need (an application's ID...).
	prepare func(t *testing.T, d *Desk) int64
	// act is the action, taken while no entry can be written; what it
	// returns must be the zero value: nothing given out.
	act func(d *Desk, id int64) (any, error)
	// unchanged checks, with the audit trail working again, that the
	// action left nothing behind.
	unchanged func(t *testing.T, d *Desk, id int64)
}

func nothingToPrepare(*testing.T, *Desk) int64 { return 0 }

// TestSensitiveActionsFailClosed takes each sensitive action while the audit
// trail cannot be written: each must be refused with audit.error.notRecorded,
// give nothing out, and leave nothing changed ("no audit record, no
// action"). One desk serves every case, signed in as each needs before the
// trail fails.
func TestSensitiveActionsFailClosed(t *testing.T) {
	d, c, db := newDeskDB(t)
	withUsers(t, d)
	for _, a := range sensitiveActions(c) {
		t.Run(a.name, func(t *testing.T) {
			d.SignOut()
			if a.as != "" {
				if _, err := d.SignIn(a.as, pw); err != nil {
					t.Fatal(err)
				}
			}
			id := a.prepare(t, d)
			before := auditCount(t, d)
			restore := auditFails(t, db)
			got, err := a.act(d, id)
			restore()
			if problemID(err) != "audit.error.notRecorded" {
				t.Errorf("with no audit trail: %v, want audit.error.notRecorded", err)
			}
			if got != nil && !reflect.ValueOf(got).IsZero() {
				t.Errorf("with no audit trail it gave out %v", got)
			}
			if n := auditCount(t, d); n != before {
				t.Errorf("audit trail went from %d to %d entries", before, n)
			}
			a.unchanged(t, d, id)
		})
	}
}

func auditCount(t *testing.T, d *Desk) int {
	t.Helper()
	entries, err := d.Audit.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func sensitiveActions(c *clock) []sensitiveAction {
	return []sensitiveAction{
		{
			name: "sign in", prepare: nothingToPrepare,
			act: func(d *Desk, _ int64) (any, error) { return d.SignIn("counter1", pw) },
			unchanged: func(t *testing.T, d *Desk, _ int64) {
				if b, err := d.Boot(); err != nil || b.User != nil {
					t.Errorf("a session began: %+v, %v", b, err)
				}
			},
		},
		{
			name: "unlock", as: "counter1",
			prepare: func(*testing.T, *Desk) int64 { c.t = c.t.Add(6 * time.Minute); return 0 },
			act:     func(d *Desk, _ int64) (any, error) { return d.Unlock(pw) },
			unchanged: func(t *testing.T, d *Desk, _ int64) {
				if b, err := d.Boot(); err != nil || !b.Locked {
					t.Errorf("the desk unlocked: %+v, %v", b, err)
				}
			},
		},
		{
			name: "create an account", as: "admin", prepare: nothingToPrepare,
			act: func(d *Desk, _ int64) (any, error) {
				return d.CreateUser("counter2", "Counter 2", auth.Counter, pw, pw)
			},
			unchanged: func(t *testing.T, d *Desk, _ int64) {
				if _, err := d.SignIn("counter2", pw); problemID(err) != "auth.signin.error.invalid" {
					t.Errorf("the unrecorded account signs in: %v", err)
				}
			},
		},
		{
			name: "reveal the Individual Number", as: "counter1", prepare: readyWithNumber,
			act:       func(d *Desk, id int64) (any, error) { return d.RevealNumber(id) },
			unchanged: func(*testing.T, *Desk, int64) {}, // the audit trail and the answer say it all
		},
		{
			name: "destroy the Individual Number the applicant withdrew", as: "counter1", prepare: draftWithNumber,
			act: func(d *Desk, id int64) (any, error) {
				return d.SaveStep(id, intake.StepNumber, intake.Answers{"recordNumber": "no"})
			},
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if a, err := d.GetApplication(id); err != nil || a.Number == nil || a.Number.Masked == "" {
					t.Errorf("the number is gone without its deletion record: %+v, %v", a, err)
				}
			},
		},
		{
			name: "record the Individual Number", as: "counter1",
			prepare: draftAtNumber,
			act: func(d *Desk, id int64) (any, error) {
				return d.SaveStep(id, intake.StepNumber, intake.Answers{"recordNumber": "yes", "number": "123456789018", "numberAgain": "123456789018"})
			},
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if a, err := d.GetApplication(id); err != nil || a.Number != nil {
					t.Errorf("the number was stored without its record: %+v, %v", a, err)
				}
			},
		},
		{
			name: "suspend a lost card", as: "callcentre1",
			prepare: func(t *testing.T, d *Desk) int64 {
				r, err := d.StartLostCardReport()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := d.SaveLostCardReport(r.ID, stolenCardAndPhone()); err != nil {
					t.Fatal(err)
				}
				return r.ID
			},
			act: func(d *Desk, id int64) (any, error) {
				return d.MoveLostCardReport(id, lostcard.StatusSuspended, nil)
			},
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if r, err := d.GetLostCardReport(id); err != nil || r.Status != lostcard.StatusOpen {
					t.Errorf("the unrecorded suspension stands: %+v, %v", r, err)
				}
			},
		},
		{
			name: "record consent to share", as: "counter1",
			prepare: func(t *testing.T, d *Desk) int64 { return draftReferral(t, d, false) },
			act: func(d *Desk, id int64) (any, error) {
				return d.RecordConsent(id, 0, consentForm(d))
			},
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if r := referralOf(t, d, id); r.Consent != nil {
					t.Errorf("the unrecorded consent stands: %+v", r.Consent)
				}
			},
		},
		{
			name: "send a referral", as: "counter1",
			prepare: func(t *testing.T, d *Desk) int64 { return draftReferral(t, d, true) },
			act:     func(d *Desk, id int64) (any, error) { return d.SendReferral(id, 0, nil) },
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if r := referralOf(t, d, id); r.Status != cases.StatusDraft {
					t.Errorf("the unrecorded sending stands: %+v", r)
				}
			},
		},
		{
			name: "send a referral on a supervisor's override", as: "counter1",
			prepare: func(t *testing.T, d *Desk) int64 { return draftReferral(t, d, false) },
			act: func(d *Desk, id int64) (any, error) {
				return d.SendReferral(id, 0, &SupervisorOverride{Username: "supervisor1", Password: pw, Reason: "Person in danger"})
			},
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if r := referralOf(t, d, id); r.Status != cases.StatusDraft || r.Override != nil {
					t.Errorf("the unrecorded override stands: %+v", r)
				}
			},
		},
		{
			name: "show similar applications", as: "counter1",
			prepare: func(t *testing.T, d *Desk) int64 {
				fillApplication(t, d, "佐藤 一郎", "サトウ イチロウ", "1970")
				return fillApplication(t, d, "佐藤 一郎", "サトウ イチロウ", "1970")
			},
			act:       func(d *Desk, id int64) (any, error) { return d.SimilarApplications(id) },
			unchanged: func(*testing.T, *Desk, int64) {},
		},
		{
			name: "print a referral letter", as: "counter1",
			prepare:   func(t *testing.T, d *Desk) int64 { return draftReferral(t, d, true) },
			act:       func(d *Desk, id int64) (any, error) { return nil, d.PrintReferralLetter(id) },
			unchanged: func(*testing.T, *Desk, int64) {},
		},
		{
			name: "print a caller's guidance", as: "callcentre1",
			prepare: func(t *testing.T, d *Desk) int64 {
				r, err := d.StartLostCardReport()
				if err != nil {
					t.Fatal(err)
				}
				return r.ID
			},
			act:       func(d *Desk, id int64) (any, error) { return nil, d.RecordLostCardGuidance(id, "print") },
			unchanged: func(*testing.T, *Desk, int64) {},
		},
		{
			name: "export the audit trail", as: "supervisor1", prepare: nothingToPrepare,
			act: func(d *Desk, _ int64) (any, error) { return d.ExportAudit(audit.Search{}) },
			unchanged: func(t *testing.T, d *Desk, _ int64) {
				if files, _ := os.ReadDir(filepath.Join(d.DataDir, exportsDir)); len(files) != 0 {
					t.Errorf("an unrecorded export was written: %v", files)
				}
			},
		},
		saveAuditCopy(),
		{
			name: "export the directory of organisations", as: "admin", prepare: nothingToPrepare,
			act:       func(d *Desk, _ int64) (any, error) { return d.ExportOrgsCSV() },
			unchanged: func(*testing.T, *Desk, int64) {},
		},
		saveOrgsCSV(),
		{
			name: "give an account its organisation", as: "admin",
			prepare: func(t *testing.T, d *Desk) int64 { return accountID(t, d, "ngo1") },
			act:     func(d *Desk, id int64) (any, error) { return d.SetUserOrg(id, "issj") },
			unchanged: func(t *testing.T, d *Desk, id int64) {
				if u, err := d.Auth.Get(context.Background(), id); err != nil || u.Org != "" {
					t.Errorf("the unrecorded organisation stands: %+v, %v", u, err)
				}
			},
		},
	}
}

func accountID(t *testing.T, d *Desk, username string) int64 {
	t.Helper()
	users, err := d.Auth.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == username {
			return u.ID
		}
	}
	t.Fatalf("no account %s", username)
	return 0
}

// TestFirstAdminFailsClosed: on a new installation, an administrator whose
// creation cannot be recorded is not created, and no one is signed in.
func TestFirstAdminFailsClosed(t *testing.T) {
	d, _, db := newDeskDB(t)
	restore := auditFails(t, db)
	u, err := d.CreateAdmin("admin", "Admin", pw, pw)
	restore()
	if problemID(err) != "audit.error.notRecorded" || u != nil {
		t.Fatalf("CreateAdmin with no audit trail: %+v, %v", u, err)
	}
	b, err := d.Boot()
	if err != nil || !b.NeedsAdmin || b.User != nil {
		t.Errorf("after the refusal: %+v, %v", b, err)
	}
}

// draftReferral is a draft referral of a new case of the municipal
// counter, with the person's consent recorded or not.
func draftReferral(t *testing.T, d *Desk, consented bool) int64 {
	t.Helper()
	c, err := d.CreateCase(cases.Person{Name: "Lan", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.CreateReferral(c.ID, cases.NewReferral{Org: "jar", Reason: "shelter"})
	if err != nil {
		t.Fatal(err)
	}
	if consented {
		if _, err := d.RecordConsent(r.ID, r.Version, consentForm(d)); err != nil {
			t.Fatal(err)
		}
	}
	return r.ID
}

// consentForm is the person's own spoken consent to share their name, today.
func consentForm(d *Desk) cases.ConsentForm {
	today := d.Now()
	return cases.ConsentForm{GivenBy: "Lan", Relationship: "self", Fields: []string{cases.FieldName},
		Day: strconv.Itoa(today.Day()), Month: strconv.Itoa(int(today.Month())), Year: strconv.Itoa(today.Year()),
		Method: cases.MethodSpoken}
}

// referralOf reads a referral of the municipal counter's cases.
func referralOf(t *testing.T, d *Desk, id int64) *cases.Referral {
	t.Helper()
	r, err := d.Cases.Referral(context.Background(), cases.Scope{}, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// saveAuditCopy saves a copy of an earlier export where the supervisor
// chose: with no audit trail, no copy is made.
func saveAuditCopy() sensitiveAction {
	var name, dst string
	return sensitiveAction{
		name: "save a copy of an audit export", as: "supervisor1",
		prepare: func(t *testing.T, d *Desk) int64 {
			ex, err := d.ExportAudit(audit.Search{})
			if err != nil {
				t.Fatal(err)
			}
			name, dst = ex.Name, filepath.Join(t.TempDir(), "copy.csv")
			d.SaveFile = func(context.Context, string, string) (string, error) { return dst, nil }
			return 0
		},
		act: func(d *Desk, _ int64) (any, error) { return d.SaveAuditCopy(name) },
		unchanged: func(t *testing.T, d *Desk, _ int64) {
			d.SaveFile = nil
			if _, err := os.Stat(dst); !os.IsNotExist(err) {
				t.Errorf("an unrecorded copy was saved: %v", err)
			}
		},
	}
}

// saveOrgsCSV saves the directory where the administrator chose: with no
// audit trail, nothing is written.
func saveOrgsCSV() sensitiveAction {
	var dst string
	return sensitiveAction{
		name: "save the directory of organisations", as: "admin",
		prepare: func(t *testing.T, d *Desk) int64 {
			dst = filepath.Join(t.TempDir(), "orgs.csv")
			d.SaveFile = func(context.Context, string, string) (string, error) { return dst, nil }
			return 0
		},
		act: func(d *Desk, _ int64) (any, error) { return d.SaveOrgsCSV() },
		unchanged: func(t *testing.T, d *Desk, _ int64) {
			d.SaveFile = nil
			if _, err := os.Stat(dst); !os.IsNotExist(err) {
				t.Errorf("an unrecorded export was saved: %v", err)
			}
		},
	}
}

// draftAtNumber is a counter clerk's draft at the number question, of an
// applicant born on 1985-04-12 (山田 花子, male, as fillApplication has it).
func draftAtNumber(t *testing.T, d *Desk) int64 {
	t.Helper()
	id := fillApplication(t, d, "山田 花子", "ヤマダ ハナコ", "1985")
	if _, err := d.SaveStep(id, "nationality", intake.Answers{"nationality": "JP"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveStep(id, "contact", intake.Answers{"phone": "09012345678"}); err != nil {
		t.Fatal(err)
	}
	return id
}
