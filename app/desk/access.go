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
	numberData     dataKind = "number"    // the Individual Number itself: counter staff only
	reportData     dataKind = "report"    // lost-card reports: a holder's four basic items, never the Individual Number
	caseData       dataKind = "case"      // people followed in cases and their referrals: never an Individual Number
)

var (
	counterDesk = []auth.Role{auth.Counter, auth.Supervisor}
	counterOnly = []auth.Role{auth.Counter}
	adminOnly   = []auth.Role{auth.Admin}
	// supervisorOnly is the audit trail's reader. Not the administrator:
	// the trail records the administrator's own work (accounts created,
	// settings), and who keeps the accounts should not also be who checks
	// them; its reasons can name applicants, and an administrator has no
	// purpose that needs applicant data. Not counter staff: they are whom
	// the trail is about.
	supervisorOnly = []auth.Role{auth.Supervisor}
	callCentre     = []auth.Role{auth.CallCentre}
	// reportFigures may see the counts of reports, which hold no personal
	// data: the call centre, and supervisors who plan the counter's staffing
	// for reissues.
	reportFigures = []auth.Role{auth.CallCentre, auth.Supervisor}
	// suspensionLines may read the lost-card rules (fees and phone lines,
	// no personal data): the call centre, and the counter, which tells an
	// applicant handed their card where to call if it is lost.
	suspensionLines = []auth.Role{auth.CallCentre, auth.Counter, auth.Supervisor}
	caseDesk        = []auth.Role{auth.Counter, auth.Supervisor, auth.NGO}
	orgReaders      = []auth.Role{auth.Counter, auth.Supervisor, auth.NGO, auth.Admin}
)

// access is THE table of who may call what: every method bound to the
// window has a row, and TestEveryMethodHasARule fails the build of a method
// without one. Administrators manage accounts and settings; they have no
// purpose that needs an applicant's data, so they get no intake or card rows.
var access = map[string]rule{
	"Boot":             {public: true, why: "draw the first screen; no personal data", data: noPersonalData},
	"CreateAdmin":      {public: true, why: "first run only: refused once any account exists", data: staffData},
	"SetUpProtection":  {public: true, why: "first run: set the data passphrase before any account exists; afterwards administrators only (checked inside)", data: noPersonalData},
	"UnlockData":       {public: true, why: "open the data key with the administrator's passphrase on a PC whose keyring lacks it", data: noPersonalData},
	"SignIn":           {public: true, why: "start a session", data: staffData},
	"Unlock":           {public: true, why: "re-open an idle-locked session of the same user with their password", data: staffData},
	"SignOut":          {public: true, why: "end the session; harmless when none", data: noPersonalData},
	"Touch":            {why: "record activity for the idle lock", data: noPersonalData},
	"SetStaffLanguage": {why: "each user chooses the language of their own screens", data: staffData},
	"NextApplicant":    {why: "forget the applicant on screen", data: noPersonalData},

	"ListUsers":      {roles: adminOnly, why: "manage staff accounts", data: staffData},
	"UnlockUser":     {roles: adminOnly, why: "let a staff member locked out by wrong passwords sign in before the lock ends", data: staffData},
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

	"RevealNumber":           {roles: counterOnly, why: "the Individual Number: only counter staff collect it (My Number Act art. 9, 15); every reveal is recorded", data: numberData},
	"ReadNumberFromCard":     {roles: counterOnly, why: "the Individual Number read from the applicant's own card (all four basic items must match) instead of typed", data: numberData},
	"NumberRetentionDays":    {roles: adminOnly, why: "set how long Individual Numbers are kept after the handover", data: noPersonalData},
	"SetNumberRetentionDays": {roles: adminOnly, why: "set how long Individual Numbers are kept after the handover", data: noPersonalData},

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

	// The audit trail holds IDs of applications and reasons that can name
	// applicants: applicant data, opened for the supervisor only.
	"AuditChoices":  {roles: supervisorOnly, why: "review of the audit trail: staff, actions and kinds of record to filter by", data: staffData},
	"SearchAudit":   {roles: supervisorOnly, why: "review of the audit trail (access and operation logs), reasons opened", data: applicantData},
	"VerifyAudit":   {roles: supervisorOnly, why: "review of the audit trail: is the hash chain whole", data: noPersonalData},
	"ExportAudit":   {roles: supervisorOnly, why: "review of the audit trail: CSV into the data folder, itself recorded", data: applicantData},
	"SaveAuditCopy": {roles: supervisorOnly, why: "review of the audit trail: a copy of an export where the supervisor chooses, itself recorded", data: applicantData},
	// The call centre takes lost- and stolen-card reports and sees nothing
	// of applications, cards or referrals; no other role sees a report
	// (the rules hold none: the counter reads their phone lines too).
	"LostCardRules":          {roles: suspensionLines, why: "fees, windows and phone lines to tell a caller, or an applicant given their card", data: noPersonalData},
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
