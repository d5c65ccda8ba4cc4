package cases

import (
	"strconv"
	"strings"
	"time"

	"madoguchi/app/problem"
	"madoguchi/app/residency"
)

// SituationForm is the "situation" section of a case as staff fill it in:
// answers as typed (dates as day, month, year), checked here and turned
// into a residency.Situation. Yes/no answers are "yes", "no" or "".
type SituationForm struct {
	Category    string `json:"category"`
	Status      string `json:"status"` // status of residence, mid-to-long-term residents only
	Nationality string `json:"nationality"`

	BirthDay   string `json:"birthDay"`
	BirthMonth string `json:"birthMonth"`
	BirthYear  string `json:"birthYear"`

	BornInJapan    string `json:"bornInJapan"`
	BirthNotified  string `json:"birthNotified"` // with bornInJapan yes
	NotifiedDay    string `json:"notifiedDay"`
	NotifiedMonth  string `json:"notifiedMonth"`
	NotifiedYear   string `json:"notifiedYear"`
	StatusApplied  string `json:"statusApplied"`
	AppliedDay     string `json:"appliedDay"`
	AppliedMonth   string `json:"appliedMonth"`
	AppliedYear    string `json:"appliedYear"`
	ParentCategory string `json:"parentCategory"` // one parent's category, with bornInJapan yes
	ParentNation   string `json:"parentNationality"`

	StayEndDay   string `json:"stayEndDay"`
	StayEndMonth string `json:"stayEndMonth"`
	StayEndYear  string `json:"stayEndYear"`
}

// formFields maps residency's field names to the form's, so residency's
// problems land on the question that asked.
var formFields = map[string]string{
	"category": "category", "status": "status", "nationality": "nationality", "birthDate": "birthDate",
	"bornInJapan.notified": "notifiedDate", "statusApplied": "appliedDate", "stay": "stayEnd", "stay.end": "stayEnd",
	"bornInJapan.parents[0].category": "parentCategory", "bornInJapan.parents[0].nationality": "parentNationality",
}

// trimAll trims answers that are codes or numbers, making full-width
// digits half-width. Not for names: see halfWidthDigits.
func trimAll(ps ...*string) {
	for _, p := range ps {
		*p = strings.TrimSpace(halfWidthDigits(*p))
	}
}

// check normalises the form and returns it, or its problems (form fields
// in form order, then residency's rules).
func (f SituationForm) check(now time.Time) (SituationForm, error) {
	trimAll(&f.Category, &f.Status, &f.Nationality, &f.BirthDay, &f.BirthMonth, &f.BirthYear, &f.BornInJapan,
		&f.BirthNotified, &f.NotifiedDay, &f.NotifiedMonth, &f.NotifiedYear, &f.StatusApplied, &f.AppliedDay,
		&f.AppliedMonth, &f.AppliedYear, &f.ParentCategory, &f.ParentNation, &f.StayEndDay, &f.StayEndMonth, &f.StayEndYear)
	f.Nationality = strings.ToUpper(f.Nationality)
	if f.Nationality == "STATELESS" || f.Nationality == "UNKNOWN" {
		f.Nationality = strings.ToLower(f.Nationality)
	}
	f.ParentNation = strings.ToUpper(f.ParentNation)
	if f.ParentNation == "STATELESS" || f.ParentNation == "UNKNOWN" {
		f.ParentNation = strings.ToLower(f.ParentNation)
	}
	var probs problem.List
	yesNo := func(field, v string, required bool) {
		if (v == "" && required) || (v != "" && v != "yes" && v != "no") {
			probs.Add(problem.OnField(field, "cases.situation.error.yesNo", nil))
		}
	}
	if f.Category == "" {
		probs.Add(problem.OnField("category", "residency.error.category.required", nil))
	}
	dateField(&probs, "birthDate", f.BirthDay, f.BirthMonth, f.BirthYear)
	yesNo("bornInJapan", f.BornInJapan, true)
	if f.BornInJapan == "yes" {
		yesNo("birthNotified", f.BirthNotified, true)
		if f.BirthNotified == "yes" {
			if f.NotifiedDay+f.NotifiedMonth+f.NotifiedYear == "" {
				probs.Add(problem.OnField("notifiedDate", "cases.situation.error.dateRequired", nil))
			}
			dateField(&probs, "notifiedDate", f.NotifiedDay, f.NotifiedMonth, f.NotifiedYear)
		}
		yesNo("statusApplied", f.StatusApplied, true)
		if f.StatusApplied == "yes" {
			if f.AppliedDay+f.AppliedMonth+f.AppliedYear == "" {
				probs.Add(problem.OnField("appliedDate", "cases.situation.error.dateRequired", nil))
			}
			dateField(&probs, "appliedDate", f.AppliedDay, f.AppliedMonth, f.AppliedYear)
		}
	} else {
		// Questions about a birth in Japan do not apply: forget their answers.
		f.BirthNotified, f.NotifiedDay, f.NotifiedMonth, f.NotifiedYear = "", "", "", ""
		f.StatusApplied, f.AppliedDay, f.AppliedMonth, f.AppliedYear = "", "", "", ""
		f.ParentCategory, f.ParentNation = "", ""
	}
	dateField(&probs, "stayEnd", f.StayEndDay, f.StayEndMonth, f.StayEndYear)
	if len(probs) > 0 {
		return f, probs
	}
	s, _ := f.situation()
	for _, p := range problem.From(s.Validate(now)) {
		if field, ok := formFields[p.Field]; ok {
			p.Field = field
		}
		probs.Add(p)
	}
	return f, probs.Err()
}

// dateField checks a day/month/year group: all empty, or a real date.
func dateField(probs *problem.List, field, d, m, y string) {
	if d+m+y == "" {
		return
	}
	if _, ok := parseDate(d, m, y); !ok {
		probs.Add(problem.OnField(field, "cases.situation.error.dateInvalid", nil))
	}
}

func parseDate(d, m, y string) (residency.Date, bool) {
	dd, err1 := strconv.Atoi(d)
	mm, err2 := strconv.Atoi(m)
	yy, err3 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || err3 != nil || yy < 1900 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 {
		return residency.Date{}, false
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return residency.Date{}, false
	}
	return residency.DateOf(t), true
}

func optDate(d, m, y string) *residency.Date {
	if t, ok := parseDate(d, m, y); ok {
		return &t
	}
	return nil
}

// situation turns a checked form into residency's model; false when no
// situation has been entered yet.
func (f SituationForm) situation() (residency.Situation, bool) {
	if f.Category == "" {
		return residency.Situation{}, false
	}
	s := residency.Situation{
		Category:    residency.Category(f.Category),
		Status:      f.Status,
		Nationality: f.Nationality,
	}
	if s.Category != residency.MidToLongTerm {
		s.Status = ""
	}
	if b := optDate(f.BirthDay, f.BirthMonth, f.BirthYear); b != nil {
		s.BirthDate = *b
	}
	if f.BornInJapan == "yes" {
		bf := &residency.BirthFacts{}
		if f.BirthNotified == "yes" {
			bf.Notified = optDate(f.NotifiedDay, f.NotifiedMonth, f.NotifiedYear)
		}
		if f.ParentCategory != "" || f.ParentNation != "" {
			bf.Parents = []residency.Parent{{Category: residency.Category(f.ParentCategory), Nationality: f.ParentNation}}
		}
		s.BornInJapan = bf
		if f.StatusApplied == "yes" {
			s.StatusApplied = optDate(f.AppliedDay, f.AppliedMonth, f.AppliedYear)
		}
	}
	if end := optDate(f.StayEndDay, f.StayEndMonth, f.StayEndYear); end != nil {
		s.Stay = &residency.StayPeriod{End: *end}
	}
	return s, true
}
