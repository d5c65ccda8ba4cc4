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
// zero-valued arguments: a method the table forbids must answer
// desk.error.forbidden, and one it allows must not. This walks the facade's
// own method list, so a new method is covered without editing the test.
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
				forbidden := callForbidden(t, d, m)
				if forbidden == want {
					t.Errorf("%s calling %s: forbidden=%v, the table says allowed=%v", role, m.Name, forbidden, want)
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
