package desk

import (
	"fmt"

	"madoguchi/app/auth"
	"madoguchi/app/problem"
)

// rule says who may call one bound method.
type rule struct {
	public bool        // callable with no one signed in (boot, sign-in)
	roles  []auth.Role // signed-in roles allowed; empty with !public means any signed-in role
	why    string      // the purpose, for docs/data-protection.md
	data   dataKind    // what personal data the method returns or changes
}

// dataKind classifies what a method touches, so the purpose limits can be
// checked over the whole table rather than method by method.
type dataKind string

const (
	noPersonalData dataKind = "none"      // settings, the session itself
	staffData      dataKind = "staff"     // staff accounts
	applicantData  dataKind = "applicant" // applications, cards: the Individual Number Act's territory
	reportData     dataKind = "report"    // lost-card reports: a holder's four basic items, never the Individual Number
)

var (
	counterDesk = []auth.Role{auth.Counter, auth.Supervisor}
	adminOnly   = []auth.Role{auth.Admin}
	callCentre  = []auth.Role{auth.CallCentre}
	// reportFigures may see the counts of reports, which hold no personal
	// data: the call centre, and supervisors who plan the counter's staffing
	// for reissues.
	reportFigures = []auth.Role{auth.CallCentre, auth.Supervisor}
)

// access is THE table of who may call what: every method bound to the
// window has a row, and TestEveryMethodHasARule fails the build of a method
// without one. Administrators manage accounts and settings; they have no
// purpose that needs an applicant's data, so they get no intake or card rows.
var access = map[string]rule{
	"Boot":             {public: true, why: "draw the first screen; no personal data", data: noPersonalData},
	"CreateAdmin":      {public: true, why: "first run only: refused once any account exists", data: staffData},
	"SignIn":           {public: true, why: "start a session", data: staffData},
	"Unlock":           {public: true, why: "re-open an idle-locked session of the same user with their password", data: staffData},
	"SignOut":          {public: true, why: "end the session; harmless when none", data: noPersonalData},
	"Touch":            {why: "record activity for the idle lock", data: noPersonalData},
	"SetStaffLanguage": {why: "each user chooses the language of their own screens", data: staffData},
	"NextApplicant":    {why: "forget the applicant on screen", data: noPersonalData},

	"ListUsers":      {roles: adminOnly, why: "manage staff accounts", data: staffData},
	"CreateUser":     {roles: adminOnly, why: "manage staff accounts", data: staffData},
	"SetIdleMinutes": {roles: adminOnly, why: "set the idle lock for all desks", data: noPersonalData},

	"Choices":             {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"StartApplication":    {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"GetApplication":      {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"SaveStep":            {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"OpenStep":            {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"SubmitApplication":   {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"SearchApplications":  {roles: counterDesk, why: "find an applicant's application at the counter", data: applicantData},
	"SimilarApplications": {roles: counterDesk, why: "warn of a possible same person before linking (2023 wrong-linking lessons)", data: applicantData},

	"ListReaders":      {roles: counterDesk, why: "card handover at the municipal counter", data: noPersonalData},
	"CardStatus":       {roles: counterDesk, why: "card handover: tries left and certificate expiry, no PIN", data: noPersonalData},
	"CheckHandover":    {roles: counterDesk, why: "card handover: the chip's four basic items against the application", data: applicantData},
	"CompleteHandover": {roles: counterDesk, why: "card handover, or a supervisor's override with a reason", data: applicantData},

	// The call centre takes lost- and stolen-card reports and sees nothing
	// of applications, cards or referrals; no other role sees a report.
	"LostCardRules":          {roles: callCentre, why: "lost-card reports: fees, windows and phone lines to tell the caller", data: noPersonalData},
	"StartLostCardReport":    {roles: callCentre, why: "take a lost or stolen card report by phone", data: reportData},
	"GetLostCardReport":      {roles: callCentre, why: "take a lost or stolen card report by phone", data: reportData},
	"SaveLostCardReport":     {roles: callCentre, why: "take a lost or stolen card report by phone", data: reportData},
	"MoveLostCardReport":     {roles: callCentre, why: "record the suspension, reissue, finding or lifting of a reported card", data: reportData},
	"LostCardFollowUps":      {roles: callCentre, why: "follow reports until the card is reissued or the suspension lifted", data: reportData},
	"GetLostCardGuidance":    {roles: callCentre, why: "tell the caller what to do next, in their language", data: reportData},
	"RecordLostCardGuidance": {roles: callCentre, why: "record that a caller's guidance was printed or copied for a text message", data: reportData},
	"LostCardFigures":        {roles: reportFigures, why: "counts of reports per day, language and outcome; no personal data", data: noPersonalData},
}

// allow checks the rule of method for the current session and records
// activity. A method missing from the table is refused: never open by default.
func (d *Desk) allow(method string) (*auth.User, error) {
	r, ok := access[method]
	if !ok {
		d.Log.Error("desk method without an access rule", "method", method)
		return nil, problem.New("desk.error.forbidden", nil)
	}
	if r.public {
		return nil, nil
	}
	return d.signedIn(r.roles...)
}

// mayCall reports whether role may call method (for the docs and tests).
func mayCall(method string, role auth.Role) (bool, error) {
	r, ok := access[method]
	if !ok {
		return false, fmt.Errorf("no access rule for %s", method)
	}
	if r.public || len(r.roles) == 0 {
		return true, nil
	}
	return hasRole(&auth.User{Role: role}, r.roles), nil
}
