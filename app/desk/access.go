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
	caseData       dataKind = "case"      // people followed in cases and their referrals: never an Individual Number
)

var (
	counterDesk = []auth.Role{auth.Counter, auth.Supervisor}
	adminOnly   = []auth.Role{auth.Admin}
	caseDesk    = []auth.Role{auth.Counter, auth.Supervisor, auth.NGO}
	orgReaders  = []auth.Role{auth.Counter, auth.Supervisor, auth.NGO, auth.Admin}
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
	"SetUserOrg":     {roles: adminOnly, why: "give an NGO caseworker's account its organisation (it decides which cases they see)", data: staffData},

	"Choices":             {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"StartApplication":    {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"GetApplication":      {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"SaveStep":            {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"OpenStep":            {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"SubmitApplication":   {roles: counterDesk, why: "assisted card application at the municipal counter", data: applicantData},
	"SearchApplications":  {roles: counterDesk, why: "find an applicant's application at the counter", data: applicantData},
	"SimilarApplications": {roles: counterDesk, why: "warn of a possible same person before linking (2023 wrong-linking lessons)", data: applicantData},

	"ListReaders":   {roles: counterDesk, why: "card handover at the municipal counter", data: noPersonalData},
	"CardStatus":    {roles: counterDesk, why: "card handover: tries left and certificate expiry, no PIN", data: noPersonalData},
	"ListOrgs":      {roles: orgReaders, why: "the directory of support organisations: where to refer", data: noPersonalData},
	"SaveOrg":       {roles: adminOnly, why: "keep the directory of support organisations", data: noPersonalData},
	"ExportOrgsCSV": {roles: adminOnly, why: "keep the directory of support organisations (CSV)", data: noPersonalData},
	"SaveOrgsCSV":   {roles: adminOnly, why: "keep the directory of support organisations (CSV, through the save dialog)", data: noPersonalData},
	"ImportOrgsCSV": {roles: adminOnly, why: "keep the directory of support organisations (CSV)", data: noPersonalData},

	"CaseChoices":         {roles: caseDesk, why: "the options of the case forms; no personal data", data: noPersonalData},
	"ListCases":           {roles: caseDesk, why: "follow people outside the system: the cases of the user's own organisation (municipal counter: its own)", data: caseData},
	"CreateCase":          {roles: caseDesk, why: "follow people outside the system: the cases of the user's own organisation (municipal counter: its own)", data: caseData},
	"GetCase":             {roles: caseDesk, why: "follow people outside the system: the cases of the user's own organisation (municipal counter: its own)", data: caseData},
	"SaveCasePerson":      {roles: caseDesk, why: "follow people outside the system: the cases of the user's own organisation (municipal counter: its own)", data: caseData},
	"SaveSituation":       {roles: caseDesk, why: "record a case's residence situation to see its flags and deadlines", data: caseData},
	"DueDashboard":        {roles: caseDesk, why: "deadlines due soon or overdue across the user's own cases", data: caseData},
	"CreateReferral":      {roles: caseDesk, why: "refer a person to a support organisation", data: caseData},
	"RecordConsent":       {roles: caseDesk, why: "record the person's consent to share named fields with one organisation", data: caseData},
	"SendReferral":        {roles: caseDesk, why: "send a referral: only with consent, or a supervisor's override with a reason", data: caseData},
	"UpdateReferral":      {roles: caseDesk, why: "record a referral's answer, outcome and follow-up day", data: caseData},
	"ReferralLetter":      {roles: caseDesk, why: "the referral letter: the consented fields only", data: caseData},
	"PrintReferralLetter": {roles: caseDesk, why: "record that the referral letter is printed or saved", data: caseData},

	"CheckHandover":    {roles: counterDesk, why: "card handover: the chip's four basic items against the application", data: applicantData},
	"CompleteHandover": {roles: counterDesk, why: "card handover, or a supervisor's override with a reason", data: applicantData},
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
