package lostcard

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"madoguchi/app/freetext"
	"madoguchi/app/mynumber"
	"madoguchi/app/people"
	"madoguchi/app/problem"
)

var (
	timeOfDay   = regexp.MustCompile(`^([01]?\d|2[0-3]):?([0-5]\d)$`)
	twelveDigit = regexp.MustCompile(`\d{12}`)
)

// validate checks the format of the fields given, normalising them. A field
// given empty is cleared. It does not ask for completeness: a call is taken
// in any order, and what each status needs is checked by requirements.
//
// Every field is one line of the shared text rule's Compared kind (NFKC:
// the four basic items are compared with other reports'), and what the
// rule refuses is refused on the field before the field's own check.
func (s *Service) validate(in Answers, startedAt time.Time) (Answers, problem.List) {
	out := Answers{}
	var probs problem.List
	for _, f := range fieldOrder {
		raw, given := in[f]
		if !given {
			continue
		}
		v, fault := freetext.Clean(raw, freetext.Compared)
		if v == "" {
			out[f] = ""
			continue
		}
		if p := fault.Problem(f); p != nil {
			probs.Add(p)
			continue
		}
		nv, p := s.check(f, v, startedAt)
		if p != nil {
			probs.Add(p)
			continue
		}
		out[f] = nv
	}
	for f := range in {
		if !slices.Contains(fieldOrder, f) {
			probs.Add(problem.OnField(f, "lostcard.error.unknownField", nil))
		}
	}
	return out, probs
}

func (s *Service) check(f, v string, startedAt time.Time) (string, *problem.Problem) {
	// A report never holds the Individual Number: a 12-digit number with a
	// valid check digit typed in any field is refused, not stored.
	for _, m := range twelveDigit.FindAllString(strings.ReplaceAll(strings.ReplaceAll(v, " ", ""), "-", ""), -1) {
		if mynumber.CheckDigitOK(m) {
			return "", problem.OnField(f, "lostcard.error.individualNumber", nil)
		}
	}
	switch f {
	case FieldCallerLanguage:
		return choice(f, v, s.languages)
	case FieldName:
		return text(f, v, maxNameLen)
	case FieldAddress:
		return text(f, v, maxAddressLen)
	case FieldLostWhere:
		return text(f, v, maxPlaceLen)
	case FieldPoliceReceipt, FieldSuspensionReference:
		return text(f, v, maxReferenceLen)
	case FieldPoliceStation:
		return text(f, v, maxStationLen)
	case FieldBirthDate:
		d, err := people.NormalizeBirthDate(v)
		if err != nil {
			return "", problem.OnField(f, "lostcard.error.birthDate.format", nil)
		}
		if d > startedAt.In(japanTime).Format(time.DateOnly) {
			return "", problem.OnField(f, "lostcard.error.birthDate.future", nil)
		}
		return d, nil
	case FieldSex:
		sex, err := people.NormalizeSex(v)
		if err != nil {
			return "", problem.OnField(f, "lostcard.error.choice", nil)
		}
		return string(sex), nil
	case FieldLostItem:
		return choice(f, v, lostItems)
	case FieldPhoneSystem:
		return choice(f, v, phoneSystems)
	case FieldKind:
		return choice(f, v, kinds)
	case FieldPlace:
		return choice(f, v, places)
	case FieldLostOn:
		d, err := people.NormalizeBirthDate(v)
		if err != nil || strings.HasSuffix(d, "-00") {
			return "", problem.OnField(f, "lostcard.error.lostOn.format", nil)
		}
		if d > startedAt.In(japanTime).Format(time.DateOnly) {
			return "", problem.OnField(f, "lostcard.error.lostOn.future", nil)
		}
		return d, nil
	case FieldSuspendedAt:
		m := timeOfDay.FindStringSubmatch(v)
		if m == nil {
			return "", problem.OnField(f, "lostcard.error.suspendedAt.format", nil)
		}
		return fmt.Sprintf("%02s:%s", m[1], m[2]), nil
	case FieldExplanationForm, FieldDisasterCertificate, FieldConsequenceExplained:
		return choice(f, v, []string{"yes"})
	}
	return "", problem.OnField(f, "lostcard.error.unknownField", nil)
}

func choice(f, v string, allowed []string) (string, *problem.Problem) {
	if !slices.Contains(allowed, v) {
		return "", problem.OnField(f, "lostcard.error.choice", nil)
	}
	return v, nil
}

func text(f, v string, max int) (string, *problem.Problem) {
	if utf8.RuneCountInString(v) > max {
		return "", problem.OnField(f, "lostcard.error.tooLong", map[string]any{"Max": max})
	}
	return v, nil
}

// requirements lists the problems that keep a report from moving to status
// to: the fields that status needs and the report lacks, in form order.
func requirements(to string, a Answers, language string) problem.List {
	var need []string
	switch to {
	case StatusSuspended:
		need = []string{FieldName, FieldAddress, FieldBirthDate, FieldSex, FieldLostItem}
		if a[FieldLostItem] == itemSmartphone || a[FieldLostItem] == itemBoth {
			need = append(need, FieldPhoneSystem)
		}
		need = append(need, FieldKind, FieldPlace, FieldLostOn, FieldSuspendedAt, FieldSuspensionReference, FieldConsequenceExplained)
	case StatusReissueApplied:
		switch evidenceFor(a[FieldKind], a[FieldPlace]) {
		case EvidencePolice:
			need = []string{FieldPoliceReceipt, FieldPoliceStation}
		case EvidenceExplanation:
			need = []string{FieldExplanationForm}
		case EvidenceDisaster:
			need = []string{FieldDisasterCertificate}
		}
	}
	var probs problem.List
	if to == StatusSuspended && language == "" {
		probs.Add(problem.OnField(FieldCallerLanguage, "lostcard.error.required."+FieldCallerLanguage, nil))
	}
	for _, f := range need {
		if a[f] == "" {
			probs.Add(problem.OnField(f, "lostcard.error.required."+f, nil))
		}
	}
	return probs
}
