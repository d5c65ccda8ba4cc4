package intake

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"madoguchi/app/freetext"
	"madoguchi/app/problem"
)

// Rules are what validation depends on besides the answers. Keeping them
// explicit makes Validate pure: the same answers and rules always give the
// same result, which the tests rely on.
type Rules struct {
	Languages []string  // allowed applicant-language tags, e.g. ["ja", "en"]
	Now       time.Time // the present moment; "today" is its date in Japan
	// RecordsNumber is set for counter staff, the only role that may record
	// an Individual Number (see Service.RecordingNumbers).
	RecordsNumber bool
}

func (r Rules) today() time.Time {
	n := r.Now.In(japanTime)
	return day(n.Year(), n.Month(), n.Day())
}

// Validate checks the answers of one step and returns that step's fields,
// normalised (width, spacing, kana, date forms), or the problems found, in
// field order. Keys that belong to other steps are ignored. A step with
// optional fields returns "" for the ones left blank.
func Validate(step string, in Answers, r Rules) (Answers, problem.List) {
	check, ok := validators[step]
	if !ok {
		return nil, problem.List{problem.New("intake.error.stepNotAvailable", nil)}
	}
	f := &form{step: step, in: in, out: Answers{}}
	check(f, r)
	if len(f.probs) > 0 {
		return nil, f.probs
	}
	return f.out, nil
}

var validators = map[string]func(*form, Rules){
	stepLanguage:    validateLanguage,
	stepName:        validateName,
	stepKana:        validateKana,
	stepBirth:       validateBirth,
	stepSex:         func(f *form, _ Rules) { f.choice("sex", sexes) },
	stepAddress:     validateAddress,
	stepNationality: validateNationality,
	stepResidence:   validateResidence,
	stepContact:     validateContact,
	stepNumber:      validateNumber,
	stepCheck:       func(*form, Rules) {},
}

// form collects one step's normalised answers and problems. Each field gets
// at most one problem, the first rule it breaks. No problem carries what
// was typed: arguments are limits from the rules only.
type form struct {
	step  string
	in    Answers
	out   Answers
	probs problem.List
}

func (f *form) fail(field, kind string, args map[string]any) {
	f.probs.Add(problem.OnField(field, messageID(f.step, field, kind), args))
}

// choice accepts one of options exactly (after trimming): these answers
// come from lists, not typing.
func (f *form) choice(field string, options []string) string {
	v := strings.TrimSpace(f.in[field])
	switch {
	case v == "":
		f.fail(field, "required", nil)
	case !slices.Contains(options, v):
		f.fail(field, "invalid", nil)
	default:
		f.out[field] = v
		return v
	}
	return ""
}

// text cleans a free-text field by the shared rule (freetext.Compared) and
// checks presence, length and what the rule refuses (control, invisible
// and unreadable characters, all told as this step's invalidCharacters);
// it returns "" when the field is empty or has a problem.
func (f *form) text(field string, required bool, max int) string {
	v, fault := freetext.Clean(f.in[field], freetext.Compared)
	switch {
	case v == "":
		if required {
			f.fail(field, "required", nil)
		}
		return ""
	case utf8.RuneCountInString(v) > max:
		f.fail(field, "tooLong", map[string]any{"Max": max})
	case fault != freetext.OK:
		f.fail(field, "invalidCharacters", nil)
	default:
		f.out[field] = v
		return v
	}
	return ""
}

func validateLanguage(f *form, r Rules) {
	const field = "applicantLanguage"
	v := strings.TrimSpace(f.in[field])
	if v == "" {
		f.fail(field, "required", nil)
		return
	}
	for _, tag := range r.Languages {
		if strings.EqualFold(tag, v) {
			f.out[field] = tag
			return
		}
	}
	f.fail(field, "invalid", nil)
}

func validateName(f *form, _ Rules) {
	f.personName(fieldName, true)
	f.personName(fieldAlias, false)
}

// personName is a name as on the resident record: kanji, kana, or the
// alphabet name of a foreign resident exactly as on the residence card (so
// the case is kept). Digits never occur in registered names.
func (f *form) personName(field string, required bool) {
	if v := f.text(field, required, maxNameLen); v != "" && hasDigit(v) {
		delete(f.out, field)
		f.fail(field, "hasDigits", nil)
	}
}

func validateKana(f *form, _ Rules) {
	v := toKatakana(cleanText(f.in[fieldNameKana]))
	switch {
	case v == "":
		f.fail(fieldNameKana, "required", nil)
	case strings.IndexFunc(v, func(r rune) bool { return !isReadingRune(r) }) >= 0:
		f.fail(fieldNameKana, "notKana", nil)
	case utf8.RuneCountInString(v) > maxNameLen:
		f.fail(fieldNameKana, "tooLong", map[string]any{"Max": maxNameLen})
	default:
		f.out[fieldNameKana] = v
	}
}

func validateBirth(f *form, r Rules) {
	cal := f.choice(fieldBirthCal, calendars)
	japanese := cal == "japanese"
	var era string
	if japanese {
		era = f.choice(fieldBirthEra, eraIDs())
	}
	y := f.number(fieldBirthYear, japanese)
	m := f.number(fieldBirthMonth, false)
	d := f.number(fieldBirthDay, false)
	if len(f.probs) > 0 {
		return
	}
	var t time.Time
	var p *problem.Problem
	if japanese {
		t, p = fromEraUntil(EraDate{Era: era, Year: y, Month: m, Day: d}, r.today())
	} else {
		t, p = fromGregorian(y, m, d)
	}
	switch {
	case p != nil:
		f.probs.Add(p)
	case t.After(r.today()):
		f.fail(fieldBirthYear, "future", nil)
	default:
		f.out[fieldBirthYear] = strconv.Itoa(y)
		f.out[fieldBirthMonth] = strconv.Itoa(m)
		f.out[fieldBirthDay] = strconv.Itoa(d)
		f.out[fieldBirthDate] = t.Format(time.DateOnly)
	}
}

// number reads a date part typed in half- or full-width digits; with
// gannen, 元 (the first year of an era) is 1.
func (f *form) number(field string, gannen bool) int {
	raw := strings.TrimSpace(norm.NFKC.String(f.in[field]))
	if raw == "" {
		f.fail(field, "required", nil)
		return 0
	}
	if gannen && raw == "元" {
		return 1
	}
	s, ok := digitsOnly(raw)
	n, err := strconv.Atoi(s)
	if !ok || err != nil {
		f.fail(field, "notNumber", nil)
		return 0
	}
	return n
}

// fromEraUntil is FromEra with the current era bounded by today, so that
// Reiwa 99 gets "enter 1 to 8" rather than "in the future".
func fromEraUntil(d EraDate, today time.Time) (time.Time, *problem.Problem) {
	if now, ok := ToEra(today); ok && now.Era == d.Era && d.Year > now.Year {
		return time.Time{}, birthProblem(fieldBirthYear, "outsideEra", map[string]any{"LastYear": now.Year})
	}
	return FromEra(d)
}

func fromGregorian(y, m, d int) (time.Time, *problem.Problem) {
	if y < firstDate().Year() {
		return time.Time{}, tooEarlyProblem()
	}
	t, p := realDate(y, m, d)
	if p != nil {
		return time.Time{}, p
	}
	if t.Before(firstDate()) {
		return time.Time{}, tooEarlyProblem()
	}
	return t, nil
}

func eraIDs() []string {
	ids := make([]string, len(eras))
	for i, e := range eras {
		ids[i] = e.id
	}
	return ids
}

var postalCode = regexp.MustCompile(`^([0-9]{3})-?([0-9]{4})$`)

func validateAddress(f *form, _ Rules) {
	const field = "postalCode"
	v := strings.TrimPrefix(unifyDashes(cleanText(f.in[field])), "〒")
	v = strings.ReplaceAll(v, " ", "")
	if v == "" {
		f.fail(field, "required", nil)
	} else if m := postalCode.FindStringSubmatch(v); m == nil {
		f.fail(field, "invalid", nil)
	} else {
		f.out[field] = m[1] + "-" + m[2]
	}
	f.text("address", true, maxAddressLen)
}

func validateNationality(f *form, _ Rules) {
	v := strings.TrimSpace(norm.NFKC.String(f.in[fieldNationality]))
	switch lower, upper := strings.ToLower(v), strings.ToUpper(v); {
	case v == "":
		f.fail(fieldNationality, "required", nil)
	case lower == nationalityStateless || lower == nationalityUnknown:
		f.out[fieldNationality] = lower
	case slices.Contains(countryCodes, upper):
		f.out[fieldNationality] = upper
	default:
		f.fail(fieldNationality, "invalid", nil)
	}
}

func validateContact(f *form, _ Rules) {
	phone := f.phone()
	other := f.text("contactOther", false, maxOtherLen)
	if len(f.probs) == 0 && phone == "" && other == "" {
		f.fail("phone", "required", nil)
	}
}

// phone accepts digits, spaces, hyphens, parentheses and a leading +, with
// 10 to 15 digits; it is stored as typed, with widths and dashes unified.
func (f *form) phone() string {
	const field = "phone"
	v := unifyDashes(cleanText(f.in[field]))
	if v == "" {
		return ""
	}
	digits := 0
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" -()", r), r == '+' && i == 0:
		default:
			f.fail(field, "invalidCharacters", nil)
			return ""
		}
	}
	if digits < minPhoneDigit || digits > maxPhoneDigit {
		f.fail(field, "length", map[string]any{"Min": minPhoneDigit, "Max": maxPhoneDigit})
		return ""
	}
	f.out[field] = v
	return v
}

// validateResidence asks for the end of the period of stay of everyone who
// has one: the card ends with it (facts.md, "The card").
func validateResidence(f *form, r Rules) {
	status := f.choice("residenceStatus", residenceStatuses)
	asked, required := PeriodOfStay(status)
	if status == "" || !asked {
		return
	}
	v := strings.TrimSpace(f.in[fieldStayUntil])
	if v == "" {
		if required {
			f.fail(fieldStayUntil, "required", nil)
		}
		return
	}
	end, ok := parseCardDate(v)
	switch {
	case !ok:
		f.fail(fieldStayUntil, "invalid", nil)
	case end.Before(r.today()):
		f.fail(fieldStayUntil, "ended", nil)
	default:
		f.out[fieldStayUntil] = end.Format(time.DateOnly)
	}
}

// parseCardDate reads a date as written on a residence card or typed from
// it: 2028-03-31, 2028/3/31, 2028.3.31, 20280331 or 2028年3月31日, in
// full-width or half-width digits.
func parseCardDate(s string) (time.Time, bool) {
	s = norm.NFKC.String(strings.TrimSpace(s))
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-", " ", "").Replace(s)
	if len(s) == 8 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return time.Time{}, false
		}
		n[i] = v
	}
	t := day(n[0], time.Month(n[1]), n[2])
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] {
		return time.Time{}, false
	}
	return t, true
}
