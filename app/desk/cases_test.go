package desk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"madoguchi/app/audit"
	"madoguchi/app/auth"
	"madoguchi/app/cases"
)

// ngoUsers adds two NGO caseworkers, of ISSJ and of JAR, and signs out.
func ngoUsers(t *testing.T, d *Desk) {
	t.Helper()
	withUsers(t, d)
	if _, err := d.SignIn("admin", pw); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct{ user, org string }{{"issjworker", "issj"}, {"jarworker", "jar"}} {
		u, err := d.CreateUser(x.user, x.user, auth.NGO, pw, pw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.SetUserOrg(u.ID, x.org); err != nil {
			t.Fatal(err)
		}
	}
	d.SignOut()
}

func signIn(t *testing.T, d *Desk, user string) {
	t.Helper()
	d.SignOut()
	if _, err := d.SignIn(user, pw); err != nil {
		t.Fatal(err)
	}
}

// TestNGOSeesOnlyItsOwnCases: a caseworker of organisation A cannot read,
// change or refer a case of organisation B, nor see it in a list.
func TestNGOSeesOnlyItsOwnCases(t *testing.T) {
	d, _ := newDesk(t)
	ngoUsers(t, d)
	signIn(t, d, "issjworker")
	c, err := d.CreateCase(cases.Person{Name: "Lan", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Org != "issj" {
		t.Errorf("case org = %q", c.Org)
	}
	r, err := d.CreateReferral(c.ID, cases.NewReferral{Org: "issj", Reason: "nationality"})
	if err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"jarworker", "counter1", "supervisor1"} {
		signIn(t, d, user)
		if _, err := d.GetCase(c.ID); problemID(err) != "cases.error.notFound" {
			t.Errorf("%s GetCase: %v", user, err)
		}
		if _, err := d.SaveSituation(c.ID, 0, cases.SituationForm{}); problemID(err) != "cases.error.notFound" && problemID(err) != "residency.error.category.required" {
			t.Errorf("%s SaveSituation: %v", user, err)
		}
		if _, err := d.ReferralLetter(r.ID); problemID(err) != "cases.referral.error.notFound" {
			t.Errorf("%s ReferralLetter: %v", user, err)
		}
		if list, err := d.ListCases(); err != nil || len(list) != 0 {
			t.Errorf("%s ListCases = %v, %v", user, list, err)
		}
	}
	signIn(t, d, "ngo1") // an NGO account without an organisation sees nothing
	if _, err := d.ListCases(); problemID(err) != "cases.error.noOrg" {
		t.Errorf("ngo without org: %v", err)
	}
	signIn(t, d, "jarworker")
	if _, err := d.GetApplication(1); problemID(err) != "desk.error.forbidden" {
		t.Errorf("ngo reads applications: %v", err)
	}
}

func TestReferralOverrideAndPrintAreAudited(t *testing.T) {
	d, _ := newDesk(t)
	ngoUsers(t, d)
	signIn(t, d, "issjworker")
	c, _ := d.CreateCase(cases.Person{Name: "Lan", Language: "en"})
	r, _ := d.CreateReferral(c.ID, cases.NewReferral{Org: "jar", Reason: "shelter"})
	if _, err := d.SendReferral(r.ID, r.Version, nil); problemID(err) != "cases.referral.error.noConsent" {
		t.Fatalf("sent without consent: %v", err)
	}
	if _, err := d.SendReferral(r.ID, r.Version, &SupervisorOverride{Username: "counter1", Password: pw, Reason: "urgent"}); problemID(err) != "desk.handover.error.notSupervisor" {
		t.Fatalf("override by counter staff: %v", err)
	}
	if _, err := d.SendReferral(r.ID, r.Version, &SupervisorOverride{Username: "supervisor1", Password: pw, Reason: "Person in danger"}); err != nil {
		t.Fatal(err)
	}
	if err := d.PrintReferralLetter(r.ID); err != nil {
		t.Fatal(err)
	}
	entries, err := d.Audit.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var override, print bool
	for _, e := range entries {
		if e.RecordType == "referral" && e.RecordID == r.ID {
			override = override || (e.Action == audit.Override && e.Reason == "Person in danger" && e.Role == "supervisor")
			print = print || e.Action == audit.Print
		}
	}
	if !override || !print {
		t.Errorf("audit: override %v, print %v", override, print)
	}
}

func TestSaveOrgsCSV(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	signIn(t, d, "admin")
	if _, err := d.SaveOrgsCSV(); problemID(err) != "desk.error.noSaveDialog" {
		t.Errorf("without a dialog: %v", err)
	}
	path := filepath.Join(t.TempDir(), "orgs.csv")
	d.SaveFile = func(context.Context, string, string) (string, error) { return path, nil }
	got, err := d.SaveOrgsCSV()
	if err != nil || got != path {
		t.Fatalf("SaveOrgsCSV = %q, %v", got, err)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), "issj,") {
		t.Errorf("file: %v %q", err, b)
	}
	d.SaveFile = func(context.Context, string, string) (string, error) { return "", nil }
	if got, err := d.SaveOrgsCSV(); got != "" || err != nil {
		t.Errorf("cancelled: %q, %v", got, err)
	}
}
