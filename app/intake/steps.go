package intake

import "slices"

// Step IDs, in the order the applicant answers them.
const (
	stepLanguage    = "language"
	stepName        = "name"
	stepKana        = "kana"
	stepBirth       = "birth"
	stepSex         = "sex"
	stepAddress     = "address"
	stepNationality = "nationality"
	stepResidence   = "residence"
	stepContact     = "contact"
	stepNumber      = StepNumber
	stepCheck       = "check"
)

// Answer keys used by more than one file.
const (
	fieldName        = "name"
	fieldAlias       = "alias"
	fieldNameKana    = "nameKana"
	fieldBirthCal    = "birthCalendar"
	fieldBirthEra    = "birthEra"
	fieldBirthYear   = "birthYear"
	fieldBirthMonth  = "birthMonth"
	fieldBirthDay    = "birthDay"
	fieldBirthDate   = "birthDate" // derived: ISO date, set by the birth step
	fieldNationality = "nationality"
	fieldStayUntil   = "stayUntil" // end of the period of stay, ISO date
)

// stepFields lists, for each step in order, the answer keys it owns. Save
// replaces exactly these keys, so an optional answer cleared by the user
// (an alias) is removed rather than kept from before.
var stepFields = []struct {
	step   string
	fields []string
}{
	{stepLanguage, []string{"applicantLanguage"}},
	{stepName, []string{fieldName, fieldAlias}},
	{stepKana, []string{fieldNameKana}},
	{stepBirth, []string{fieldBirthCal, fieldBirthEra, fieldBirthYear, fieldBirthMonth, fieldBirthDay, fieldBirthDate}},
	{stepSex, []string{"sex"}},
	{stepAddress, []string{"postalCode", "address"}},
	{stepNationality, []string{fieldNationality}},
	{stepResidence, []string{"residenceStatus", fieldStayUntil}},
	{stepContact, []string{"phone", "contactOther"}},
	{stepNumber, []string{fieldRecordNumber, fieldNumberRecorded}}, // the digits themselves never enter the answers
	{stepCheck, nil},
}

// messageID names a field's problem: intake.<step>.<field>.error.<kind>.
func messageID(step, field, kind string) string {
	return "intake." + step + "." + field + ".error." + kind
}

func fieldsOf(step string) ([]string, bool) {
	for _, sf := range stepFields {
		if sf.step == step {
			return sf.fields, true
		}
	}
	return nil, false
}

// applies reports whether a step is asked, given the answers so far. The
// residence step is asked of everyone not answered as Japanese, including
// before the nationality is known, so the step list only ever shrinks when
// JP is chosen.
func applies(step string, a Answers) bool {
	if step == stepResidence {
		return a[fieldNationality] != nationalityJapan
	}
	return true
}

// asked reports whether a step is put to this user: the Individual Number
// only to those who may record it (Rules.RecordsNumber), the rest as the
// answers say.
func asked(r Rules, step string, a Answers) bool {
	if step == stepNumber {
		return r.RecordsNumber
	}
	return applies(step, a)
}

// applicableSteps lists the steps asked, in order, ending with check.
func applicableSteps(r Rules, a Answers) []string {
	var out []string
	for _, sf := range stepFields {
		if asked(r, sf.step, a) {
			out = append(out, sf.step)
		}
	}
	return out
}

// complete reports whether the stored answers of step pass its rules.
// Every step but check has a required answer, so "complete" also means
// "answered".
func complete(r Rules, step string, a Answers) bool {
	_, probs := Validate(step, a, r)
	return len(probs) == 0
}

// nextStep is the first applicable step whose answers are incomplete, or
// check when all are complete. Computing it from the answers (instead of
// "the step after the one saved") brings a "Change" from the check page
// back to check, and inserts the residence step when the nationality
// changes away from JP.
func nextStep(r Rules, a Answers) string {
	for _, step := range applicableSteps(r, a) {
		if step != stepCheck && !complete(r, step, a) {
			return step
		}
	}
	return stepCheck
}

// reachable reports whether the applicant may be on step: it applies and
// every applicable step before it is complete.
func reachable(r Rules, step string, a Answers) bool {
	steps := applicableSteps(r, a)
	i := slices.Index(steps, step)
	if i < 0 {
		return false
	}
	for _, earlier := range steps[:i] {
		if !complete(r, earlier, a) {
			return false
		}
	}
	return true
}

// merge writes the normalised answers of step into a, deleting the keys of
// the step that came back empty, then drops the answers of steps that no
// longer apply: an applicant who turns out to be Japanese keeps no status
// of residence on file.
func merge(a Answers, step string, normalised Answers) {
	fields, _ := fieldsOf(step)
	for _, f := range fields {
		if v := normalised[f]; v != "" {
			a[f] = v
		} else {
			delete(a, f)
		}
	}
	for _, sf := range stepFields {
		if !applies(sf.step, a) {
			for _, f := range sf.fields {
				delete(a, f)
			}
		}
	}
}
