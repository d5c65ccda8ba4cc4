package desk

import (
	"reflect"
	"strings"
	"testing"

	"madoguchi/app/auth"
	"madoguchi/app/problem"
)

// notBound are exported methods Wails does not call from JavaScript.
var notBound = map[string]bool{"Startup": true}

func boundMethods() []reflect.Method {
	var out []reflect.Method
	t := reflect.TypeOf(&Desk{})
	for i := 0; i < t.NumMethod(); i++ {
		if m := t.Method(i); !notBound[m.Name] {
			out = append(out, m)
		}
	}
	return out
}

// TestEveryMethodHasARule fails when a method bound to the window has no
// row in the access table, or a row names a method that does not exist.
func TestEveryMethodHasARule(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range boundMethods() {
		seen[m.Name] = true
		if _, ok := access[m.Name]; !ok {
			t.Errorf("desk method %s has no access rule: add it to access in access.go", m.Name)
		}
	}
	for name := range access {
		if !seen[name] {
			t.Errorf("access rule for %s, which is not a desk method", name)
		}
	}
}

// TestRoleByMethod signs in as each role and calls every bound method with
// zero-valued arguments: a method forbidden must answer
// desk.error.forbidden, and one allowed must not. Who is allowed comes from
// sensitiveByHand for the sensitive methods, and from the access table for
// the others. This walks the facade's own method list, so a new method is
// covered without editing the test.
func TestRoleByMethod(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	users := map[auth.Role]string{
		auth.Counter: "counter1", auth.Supervisor: "supervisor1", auth.NGO: "ngo1",
		auth.CallCentre: "callcentre1", auth.Admin: "admin",
	}
	for _, role := range auth.Roles {
		for _, m := range boundMethods() {
			if access[m.Name].public {
				continue
			}
			t.Run(string(role)+"/"+m.Name, func(t *testing.T) {
				if _, err := d.SignIn(users[role], pw); err != nil {
					t.Fatal(err)
				}
				defer d.SignOut()
				want, _ := mayCall(m.Name, role)
				if row, ok := sensitiveByHand[m.Name]; ok {
					want = row.allows(role) // the literal table, not the one under test
				}
				forbidden := callForbidden(t, d, m)
				if forbidden == want {
					t.Errorf("%s calling %s: forbidden=%v, want allowed=%v", role, m.Name, forbidden, want)
				}
			})
		}
	}
}

func TestSignedOutIsRefused(t *testing.T) {
	d, _ := newDesk(t)
	withUsers(t, d)
	for _, m := range boundMethods() {
		if access[m.Name].public {
			continue
		}
		if err := callErr(t, d, m); !hasProblem(err, "desk.error.signedOut") {
			t.Errorf("%s with no one signed in: %v, want desk.error.signedOut", m.Name, err)
		}
	}
}

func callErr(t *testing.T, d *Desk, m reflect.Method) error {
	t.Helper()
	args := []reflect.Value{reflect.ValueOf(d)}
	for i := 1; i < m.Type.NumIn(); i++ {
		args = append(args, reflect.Zero(m.Type.In(i)))
	}
	out := m.Func.Call(args)
	last := out[len(out)-1]
	if last.Type().String() != "error" {
		t.Fatalf("%s does not return an error last", m.Name)
	}
	if last.IsNil() {
		return nil
	}
	return last.Interface().(error)
}

func callForbidden(t *testing.T, d *Desk, m reflect.Method) bool {
	return hasProblem(callErr(t, d, m), "desk.error.forbidden")
}

func hasProblem(err error, id string) bool {
	for _, p := range problem.From(err) {
		if strings.EqualFold(p.ID, id) {
			return true
		}
	}
	return false
}

// TestPurposeLimits holds the table to the law: only the municipal counter
// (counter staff and their supervisors) may reach applicants' data, only
// counter staff the Individual Number; every rule must say what data it
// touches.
func TestPurposeLimits(t *testing.T) {
	for name, r := range access {
		switch r.data {
		case noPersonalData, staffData:
		case caseData:
			// Cases hold no Individual Number; the counter and the NGO
			// caseworkers who follow people outside the system see them.
			for _, role := range r.roles {
				if role != auth.Counter && role != auth.Supervisor && role != auth.NGO {
					t.Errorf("%s lets %s reach case data", name, role)
				}
			}
			if r.public || len(r.roles) == 0 {
				t.Errorf("%s touches case data but is open to every role", name)
			}
		case applicantData:
			if r.public || len(r.roles) == 0 {
				t.Errorf("%s touches applicant data but is open to every role", name)
			}
			for _, role := range r.roles {
				if role != auth.Counter && role != auth.Supervisor {
					t.Errorf("%s lets %s reach applicant data", name, role)
				}
			}
		case numberData:
			// The Individual Number Act: only those with a legal task collect it.
			if r.public || len(r.roles) != 1 || r.roles[0] != auth.Counter {
				t.Errorf("%s reaches the Individual Number but is not for counter staff alone", name)
			}
		case reportData:
			// Lost-card reports are the call centre's alone: no counter,
			// NGO or administrator role reaches them, and the call centre
			// reaches nothing of applicants (above).
			if r.public || len(r.roles) == 0 {
				t.Errorf("%s touches report data but is open to every role", name)
			}
			for _, role := range r.roles {
				if role != auth.CallCentre {
					t.Errorf("%s lets %s reach lost-card reports", name, role)
				}
			}
		default:
			t.Errorf("%s: rule does not say what data it touches", name)
		}
	}
}

// who may call a sensitive method, by role, with what it touches.
type byHand struct {
	counter, supervisor, ngo, callcentre, admin bool
	data                                        dataKind
}

func (r byHand) allows(role auth.Role) bool {
	switch role {
	case auth.Counter:
		return r.counter
	case auth.Supervisor:
		return r.supervisor
	case auth.NGO:
		return r.ngo
	case auth.CallCentre:
		return r.callcentre
	case auth.Admin:
		return r.admin
	}
	return false
}

// sensitiveByHand is who may call each sensitive method, written out here
// from docs/data-protection.md and the law it cites, not derived from the
// access table: a change of access.go that opens one of these methods to
// another role (or reclassifies what it touches) fails until this table is
// changed too, on purpose. Columns: counter, supervisor, ngo, callcentre,
// admin.
var sensitiveByHand = map[string]byHand{
	// The Individual Number: counter staff alone (My Number Act art. 9, 15).
	"RevealNumber":       {true, false, false, false, false, numberData},
	"ReadNumberFromCard": {true, false, false, false, false, numberData},
	// Applications: the municipal counter only.
	"SearchApplications":  {true, true, false, false, false, applicantData},
	"GetApplication":      {true, true, false, false, false, applicantData},
	"SimilarApplications": {true, true, false, false, false, applicantData},
	"StartApplication":    {true, true, false, false, false, applicantData},
	"SaveStep":            {true, true, false, false, false, applicantData},
	"SubmitApplication":   {true, true, false, false, false, applicantData},
	// The card handover: the municipal counter only.
	"CardStatus":       {true, true, false, false, false, noPersonalData},
	"CheckHandover":    {true, true, false, false, false, applicantData},
	"CompleteHandover": {true, true, false, false, false, applicantData},
	// The audit trail: supervisors alone (not the administrator whose work
	// it records, not the counter staff it is about).
	"AuditChoices":  {false, true, false, false, false, staffData},
	"SearchAudit":   {false, true, false, false, false, applicantData},
	"VerifyAudit":   {false, true, false, false, false, noPersonalData},
	"ExportAudit":   {false, true, false, false, false, applicantData},
	"SaveAuditCopy": {false, true, false, false, false, applicantData},
	// Exports of the directory of organisations: the administrator.
	"ExportOrgsCSV": {false, false, false, false, true, noPersonalData},
	"SaveOrgsCSV":   {false, false, false, false, true, noPersonalData},
	// Cases: the counter and NGO caseworkers, never the call centre or the
	// administrator.
	"ListCases":      {true, true, true, false, false, caseData},
	"GetCase":        {true, true, true, false, false, caseData},
	"CreateCase":     {true, true, true, false, false, caseData},
	"RecordConsent":  {true, true, true, false, false, caseData},
	"SendReferral":   {true, true, true, false, false, caseData},
	"ReferralLetter": {true, true, true, false, false, caseData},
	// Lost-card reports: the call centre alone; supervisors see the counts.
	"GetLostCardReport":   {false, false, false, true, false, reportData},
	"SaveLostCardReport":  {false, false, false, true, false, reportData},
	"MoveLostCardReport":  {false, false, false, true, false, reportData},
	"LostCardFollowUps":   {false, false, false, true, false, reportData},
	"GetLostCardGuidance": {false, false, false, true, false, reportData},
	"LostCardFigures":     {false, true, false, true, false, noPersonalData},
	// Administration: the administrator alone.
	"ListUsers":              {false, false, false, false, true, staffData},
	"CreateUser":             {false, false, false, false, true, staffData},
	"SetUserOrg":             {false, false, false, false, true, staffData},
	"SetIdleMinutes":         {false, false, false, false, true, noPersonalData},
	"SetNumberRetentionDays": {false, false, false, false, true, noPersonalData},
}

// TestSensitiveAccessByHand compares the access table with the table
// written by hand: every role of every sensitive method, and the data the
// method touches. TestRoleByMethod calls each of them as each role against
// the same hand-written table.
func TestSensitiveAccessByHand(t *testing.T) {
	for method, want := range sensitiveByHand {
		r, ok := access[method]
		if !ok {
			t.Errorf("%s: no access rule", method)
			continue
		}
		if r.public || len(r.roles) == 0 {
			t.Errorf("%s is open to every role", method)
		}
		if r.data != want.data {
			t.Errorf("%s touches %s data, the hand-written table says %s", method, r.data, want.data)
		}
		for _, role := range auth.Roles {
			if got, _ := mayCall(method, role); got != want.allows(role) {
				t.Errorf("%s as %s: the access table allows=%v, the hand-written table %v", method, role, got, want.allows(role))
			}
		}
	}
}
