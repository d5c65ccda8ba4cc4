package cases

import "regexp"

// This file holds the rules of cases and referrals, once. Sources:
// /work/shared/domain/facts.md ("Data protection": an NGO may not record an
// Individual Number, even with consent; "Where to refer") and issue 5
// (consent gate, statuses, outcomes).

// Field lengths, in characters.
const (
	maxName    = 100
	maxContact = 500
	maxNotes   = 4000
	maxReason  = 1000
	maxGivenBy = 100
	maxInterp  = 100
)

// individualNumber finds twelve digits in a row, allowing the spaces and
// hyphens people write numbers with. An NGO may not record a client's
// Individual Number even with consent (My Number Act art. 15, 19, 20;
// facts.md, Data protection), and a case has no field for one; this stops
// it being typed into a free-text field. Phone numbers have 10 or 11 digits.
var individualNumber = regexp.MustCompile(`[0-9](?:[ -]?[0-9]){11}`)

// dueSoonDays is how far ahead the dashboard looks for referral follow-ups;
// deadlines use residency's own "due soon" (14 days).
const dueSoonDays = 14

// Referral statuses (stored: never rename one).
const (
	StatusDraft    = "draft"
	StatusSent     = "sent"
	StatusAccepted = "accepted"
	StatusDeclined = "declined"
	StatusClosed   = "closed"
)

// transitions: the statuses a referral may move to from each status by
// UpdateReferral. draft → sent is Send's alone, behind the consent gate.
var transitions = map[string][]string{
	StatusSent:     {StatusAccepted, StatusDeclined, StatusClosed},
	StatusAccepted: {StatusClosed},
	StatusDeclined: {StatusClosed},
}

// needsOutcome: moving to these statuses needs an outcome reason.
var needsOutcome = map[string]bool{StatusDeclined: true, StatusClosed: true}

// Outcomes: why a referral was declined or closed (label cases.outcome.<id>).
var Outcomes = []string{
	"resolved",           // the organisation helped; nothing more to do
	"ongoing_elsewhere",  // the organisation took the case on; followed there
	"not_in_scope",       // the organisation does not take this kind of case
	"no_capacity",        // the organisation cannot take new cases now
	"person_declined",    // the person no longer wants the referral
	"lost_contact",       // the person cannot be reached
	"referred_elsewhere", // another organisation is better placed
	"other",
}

// Consent: who gave it (label cases.consent.relationship.<id>).
var Relationships = []string{"self", "parent", "guardian", "other"}

// How consent was given (label cases.consent.method.<id>). Spoken through an
// interpreter needs the language and the interpreter's name.
const (
	MethodSigned            = "signed"
	MethodSpoken            = "spoken"
	MethodSpokenInterpreter = "spoken_interpreter"
)

var Methods = []string{MethodSigned, MethodSpoken, MethodSpokenInterpreter}

// Fields a person can consent to share (label cases.field.<id>). Only these
// can go out in a referral letter; there is no field for the Individual
// Number, so it can never be one of them.
const (
	FieldName        = "name"
	FieldBirthDate   = "birthDate"
	FieldNationality = "nationality"
	FieldLanguage    = "language"
	FieldContact     = "contact"
	FieldSituation   = "situation" // category, flags and deadlines
	FieldNotes       = "notes"
)

var ShareableFields = []string{FieldName, FieldBirthDate, FieldNationality, FieldLanguage, FieldContact, FieldSituation, FieldNotes}
