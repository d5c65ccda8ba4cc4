package intake

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"madoguchi/app/problem"
)

// testNow is "today" for every validation test: 2026-06-15 (Reiwa 8) in
// Japan. Late evening UTC of the 14th is already the 15th in Japan.
var testNow = time.Date(2026, 6, 14, 20, 0, 0, 0, time.UTC)

var testRules = Rules{Languages: []string{"ja", "en"}, Now: testNow}

type validateCase struct {
	name  string
	step  string
	in    Answers
	want  Answers  // the exact normalised answers, when valid
	probs []string // "field.kind" of each expected problem, in order
}

func ok(name, step string, in, want Answers) validateCase {
	return validateCase{name: name, step: step, in: in, want: want}
}

func bad(name, step string, in Answers, probs ...string) validateCase {
	return validateCase{name: name, step: step, in: in, probs: probs}
}

func greg(y, m, d string) Answers {
	return Answers{"birthCalendar": "gregorian", "birthYear": y, "birthMonth": m, "birthDay": d}
}

func wareki(era, y, m, d string) Answers {
	return Answers{"birthCalendar": "japanese", "birthEra": era, "birthYear": y, "birthMonth": m, "birthDay": d}
}

func gregOut(y, m, d, iso string) Answers {
	return Answers{"birthCalendar": "gregorian", "birthYear": y, "birthMonth": m, "birthDay": d, "birthDate": iso}
}

func warekiOut(era, y, m, d, iso string) Answers {
	a := gregOut(y, m, d, iso)
	a["birthCalendar"], a["birthEra"] = "japanese", era
	return a
}

var validateCases = []validateCase{
	// language
	ok("language ja", "language", Answers{"applicantLanguage": "ja"}, Answers{"applicantLanguage": "ja"}),
	ok("language trimmed, case folded", "language", Answers{"applicantLanguage": " EN "}, Answers{"applicantLanguage": "en"}),
	bad("language missing", "language", Answers{}, "applicantLanguage.required"),
	bad("language not allowed", "language", Answers{"applicantLanguage": "fr"}, "applicantLanguage.invalid"),

	// name
	ok("kanji name, ideographic space", "name", Answers{"name": "山田　太郎"}, Answers{"name": "山田 太郎"}),
	ok("full-width alphabet, doubled spaces", "name", Answers{"name": "  ＳＭＩＴＨ   John "}, Answers{"name": "SMITH John"}),
	ok("half-width katakana name", "name", Answers{"name": "ﾔﾏﾀﾞ ﾀﾛｳ"}, Answers{"name": "ヤマダ タロウ"}),
	ok("punctuation kept, case kept", "name", Answers{"name": "O'BRIEN, Mary-Ann"}, Answers{"name": "O'BRIEN, Mary-Ann"}),
	ok("kanji numeral is not a digit", "name", Answers{"name": "鈴木 一郎"}, Answers{"name": "鈴木 一郎"}),
	ok("alias with a tab", "name", Answers{"name": "WANG FANG", "alias": "王\t芳子", "kana": "ignored"}, Answers{"name": "WANG FANG", "alias": "王 芳子"}),
	ok("100 characters", "name", Answers{"name": strings.Repeat("山", 100)}, Answers{"name": strings.Repeat("山", 100)}),
	bad("name missing", "name", Answers{"name": " 　 "}, "name.required"),
	bad("alias without name", "name", Answers{"alias": "花子"}, "name.required"),
	bad("101 characters", "name", Answers{"name": strings.Repeat("山", 101)}, "name.tooLong"),
	bad("digit", "name", Answers{"name": "山田1"}, "name.hasDigits"),
	bad("full-width digit", "name", Answers{"name": "山田１"}, "name.hasDigits"),
	bad("zero-width space", "name", Answers{"name": "山田\u200b太郎"}, "name.invalidCharacters"),
	bad("control character", "name", Answers{"name": "山田\a"}, "name.invalidCharacters"),
	bad("alias digit", "name", Answers{"name": "山田", "alias": "ab3"}, "alias.hasDigits"),
	bad("alias too long", "name", Answers{"name": "山田", "alias": strings.Repeat("a", 101)}, "alias.tooLong"),
	bad("alias control", "name", Answers{"name": "山田", "alias": "a\u200eb"}, "alias.invalidCharacters"),
	bad("both wrong", "name", Answers{"name": "", "alias": "x9"}, "name.required", "alias.hasDigits"),

	// kana
	ok("hiragana", "kana", Answers{"nameKana": "やまだ　たろう"}, Answers{"nameKana": "ヤマダ タロウ"}),
	ok("half-width katakana with dakuten", "kana", Answers{"nameKana": "ﾔﾏﾀﾞ ﾀﾛｳ"}, Answers{"nameKana": "ヤマダ タロウ"}),
	ok("long vowel and dot", "kana", Answers{"nameKana": "ｽﾐｽ･ｼﾞｮｰｼﾞ"}, Answers{"nameKana": "スミス・ジョージ"}),
	ok("hiragana vu", "kana", Answers{"nameKana": "ゔぃくとりあ"}, Answers{"nameKana": "ヴィクトリア"}),
	ok("spaces collapsed", "kana", Answers{"nameKana": " ヤマダ 　 タロウ "}, Answers{"nameKana": "ヤマダ タロウ"}),
	bad("kanji", "kana", Answers{"nameKana": "山田"}, "nameKana.notKana"),
	bad("romaji", "kana", Answers{"nameKana": "yamada"}, "nameKana.notKana"),
	bad("digit", "kana", Answers{"nameKana": "ヤマダ1"}, "nameKana.notKana"),
	bad("kana missing", "kana", Answers{"nameKana": "  "}, "nameKana.required"),
	bad("kana too long", "kana", Answers{"nameKana": strings.Repeat("ア", 101)}, "nameKana.tooLong"),

	// birth, Western calendar
	ok("gregorian", "birth", greg("1990", "04", "01"), gregOut("1990", "4", "1", "1990-04-01")),
	ok("full-width digits", "birth", greg("１９９０", "４", "０１"), gregOut("1990", "4", "1", "1990-04-01")),
	ok("other keys ignored", "birth", func() Answers { a := greg("1990", "4", "1"); a["name"] = "x"; return a }(), gregOut("1990", "4", "1", "1990-04-01")),
	ok("29 Feb leap year", "birth", greg("2024", "2", "29"), gregOut("2024", "2", "29", "2024-02-29")),
	ok("29 Feb 2000 (leap century)", "birth", greg("2000", "2", "29"), gregOut("2000", "2", "29", "2000-02-29")),
	bad("29 Feb common year", "birth", greg("2023", "2", "29"), "birthDay.notRealDate"),
	bad("29 Feb 1900 (not leap)", "birth", greg("1900", "2", "29"), "birthDay.notRealDate"),
	bad("31 February", "birth", greg("2001", "2", "31"), "birthDay.notRealDate"),
	bad("31 April", "birth", greg("2001", "4", "31"), "birthDay.notRealDate"),
	bad("month 13", "birth", greg("2001", "13", "1"), "birthMonth.outOfRange"),
	bad("month 0", "birth", greg("2001", "0", "1"), "birthMonth.outOfRange"),
	bad("day 32", "birth", greg("2001", "1", "32"), "birthDay.outOfRange"),
	bad("day 0", "birth", greg("2001", "1", "0"), "birthDay.outOfRange"),
	ok("today", "birth", greg("2026", "6", "15"), gregOut("2026", "6", "15", "2026-06-15")),
	bad("tomorrow", "birth", greg("2026", "6", "16"), "birthYear.future"),
	bad("far future", "birth", greg("99999", "1", "1"), "birthYear.future"),
	ok("first day of Meiji", "birth", greg("1868", "10", "23"), gregOut("1868", "10", "23", "1868-10-23")),
	bad("day before Meiji", "birth", greg("1868", "10", "22"), "birthYear.tooEarly"),
	bad("year 1800", "birth", greg("1800", "1", "1"), "birthYear.tooEarly"),
	bad("year not a number", "birth", greg("abc", "1", "1"), "birthYear.notNumber"),
	bad("year with 年", "birth", greg("1990年", "1", "1"), "birthYear.notNumber"),
	bad("元 in Western calendar", "birth", greg("元", "1", "1"), "birthYear.notNumber"),
	bad("negative year", "birth", greg("-1990", "1", "1"), "birthYear.notNumber"),
	bad("huge number", "birth", greg("99999999999999999999999", "1", "1"), "birthYear.notNumber"),
	bad("month and day not numbers", "birth", greg("1990", "four", "1st"), "birthMonth.notNumber", "birthDay.notNumber"),
	bad("everything missing", "birth", Answers{}, "birthCalendar.required", "birthYear.required", "birthMonth.required", "birthDay.required"),
	bad("unknown calendar", "birth", Answers{"birthCalendar": "lunar", "birthYear": "1990", "birthMonth": "1", "birthDay": "1"}, "birthCalendar.invalid"),

	// birth, Japanese calendar
	ok("Heisei 2", "birth", wareki("heisei", "2", "4", "1"), warekiOut("heisei", "2", "4", "1", "1990-04-01")),
	ok("元年", "birth", wareki("heisei", "元", "1", "8"), warekiOut("heisei", "1", "1", "8", "1989-01-08")),
	ok("full-width 元年 parts", "birth", wareki("heisei", "１", "１", "８"), warekiOut("heisei", "1", "1", "8", "1989-01-08")),
	ok("last day of Showa", "birth", wareki("showa", "64", "1", "7"), warekiOut("showa", "64", "1", "7", "1989-01-07")),
	bad("Showa 64 after its end", "birth", wareki("showa", "64", "1", "8"), "birthEra.afterEraEnd"),
	bad("Heisei 1 before its start", "birth", wareki("heisei", "1", "1", "7"), "birthEra.beforeEraStart"),
	ok("last day of Heisei", "birth", wareki("heisei", "31", "4", "30"), warekiOut("heisei", "31", "4", "30", "2019-04-30")),
	bad("Heisei 31 after its end", "birth", wareki("heisei", "31", "5", "1"), "birthEra.afterEraEnd"),
	ok("first day of Reiwa", "birth", wareki("reiwa", "元", "5", "1"), warekiOut("reiwa", "1", "5", "1", "2019-05-01")),
	bad("Reiwa 1 before its start", "birth", wareki("reiwa", "1", "4", "30"), "birthEra.beforeEraStart"),
	bad("Heisei 32", "birth", wareki("heisei", "32", "1", "1"), "birthYear.outsideEra"),
	bad("Showa 65", "birth", wareki("showa", "65", "1", "1"), "birthYear.outsideEra"),
	bad("Reiwa beyond this year", "birth", wareki("reiwa", "9", "1", "1"), "birthYear.outsideEra"),
	ok("Reiwa today", "birth", wareki("reiwa", "8", "6", "15"), warekiOut("reiwa", "8", "6", "15", "2026-06-15")),
	bad("Reiwa tomorrow", "birth", wareki("reiwa", "8", "6", "16"), "birthYear.future"),
	bad("year 0", "birth", wareki("heisei", "0", "1", "1"), "birthYear.tooSmall"),
	ok("Meiji 1 first day", "birth", wareki("meiji", "元", "10", "23"), warekiOut("meiji", "1", "10", "23", "1868-10-23")),
	bad("Meiji 1 before 23 October", "birth", wareki("meiji", "1", "10", "22"), "birthYear.tooEarly"),
	ok("Meiji 45 last day", "birth", wareki("meiji", "45", "7", "29"), warekiOut("meiji", "45", "7", "29", "1912-07-29")),
	bad("Meiji 45 after its end", "birth", wareki("meiji", "45", "7", "30"), "birthEra.afterEraEnd"),
	ok("Taisho 1 first day", "birth", wareki("taisho", "1", "7", "30"), warekiOut("taisho", "1", "7", "30", "1912-07-30")),
	ok("Taisho 15 last day", "birth", wareki("taisho", "15", "12", "24"), warekiOut("taisho", "15", "12", "24", "1926-12-24")),
	bad("Showa 1 before its start", "birth", wareki("showa", "1", "12", "24"), "birthEra.beforeEraStart"),
	ok("Heisei 12 29 Feb (2000)", "birth", wareki("heisei", "12", "2", "29"), warekiOut("heisei", "12", "2", "29", "2000-02-29")),
	bad("Heisei 11 29 Feb (1999)", "birth", wareki("heisei", "11", "2", "29"), "birthDay.notRealDate"),
	bad("era missing", "birth", wareki("", "2", "4", "1"), "birthEra.required"),
	bad("unknown era", "birth", wareki("edo", "2", "4", "1"), "birthEra.invalid"),
	bad("era and year missing", "birth", wareki("", "", "4", "1"), "birthEra.required", "birthYear.required"),

	// sex
	ok("male", "sex", Answers{"sex": "male"}, Answers{"sex": "male"}),
	ok("unstated", "sex", Answers{"sex": " unstated "}, Answers{"sex": "unstated"}),
	bad("sex missing", "sex", Answers{}, "sex.required"),
	bad("sex unknown", "sex", Answers{"sex": "other"}, "sex.invalid"),

	// address
	ok("postal code without hyphen", "address", Answers{"postalCode": "1000001", "address": "東京都千代田区千代田１－１"}, Answers{"postalCode": "100-0001", "address": "東京都千代田区千代田1-1"}),
	ok("full-width postal code", "address", Answers{"postalCode": "１００－０００１", "address": "a"}, Answers{"postalCode": "100-0001", "address": "a"}),
	ok("〒 and IME long-vowel hyphen", "address", Answers{"postalCode": "〒100ー0001", "address": "a"}, Answers{"postalCode": "100-0001", "address": "a"}),
	bad("postal code 6 digits", "address", Answers{"postalCode": "100001", "address": "a"}, "postalCode.invalid"),
	bad("postal code hyphen misplaced", "address", Answers{"postalCode": "1000-001", "address": "a"}, "postalCode.invalid"),
	bad("postal code letters", "address", Answers{"postalCode": "ABC-DEFG", "address": "a"}, "postalCode.invalid"),
	bad("address parts missing", "address", Answers{}, "postalCode.required", "address.required"),
	bad("address too long", "address", Answers{"postalCode": "100-0001", "address": strings.Repeat("あ", 201)}, "address.tooLong"),
	bad("address control character", "address", Answers{"postalCode": "100-0001", "address": "東京\u0000"}, "address.invalidCharacters"),

	// nationality
	ok("JP lower case", "nationality", Answers{"nationality": "jp"}, Answers{"nationality": "JP"}),
	ok("full-width US", "nationality", Answers{"nationality": "ＵＳ"}, Answers{"nationality": "US"}),
	ok("Kosovo", "nationality", Answers{"nationality": "XK"}, Answers{"nationality": "XK"}),
	ok("stateless", "nationality", Answers{"nationality": "stateless"}, Answers{"nationality": "stateless"}),
	ok("unknown", "nationality", Answers{"nationality": "Unknown"}, Answers{"nationality": "unknown"}),
	bad("nationality missing", "nationality", Answers{}, "nationality.required"),
	bad("private-use code", "nationality", Answers{"nationality": "XX"}, "nationality.invalid"),
	bad("EU is not a nationality", "nationality", Answers{"nationality": "EU"}, "nationality.invalid"),
	bad("deprecated Yugoslavia", "nationality", Answers{"nationality": "YU"}, "nationality.invalid"),
	bad("alpha-3", "nationality", Answers{"nationality": "JPN"}, "nationality.invalid"),

	// residence
	ok("permanent resident", "residence", Answers{"residenceStatus": "permanent_resident"}, Answers{"residenceStatus": "permanent_resident"}),
	ok("transitional birth", "residence", Answers{"residenceStatus": "transitional_birth", "stayUntil": "2026-08-01"}, Answers{"residenceStatus": "transitional_birth", "stayUntil": "2026-08-01"}),
	ok("student, end of stay as on the card", "residence", Answers{"residenceStatus": "student", "stayUntil": "２０２８年３月３１日"}, Answers{"residenceStatus": "student", "stayUntil": "2028-03-31"}),
	ok("student, end of stay with slashes", "residence", Answers{"residenceStatus": "student", "stayUntil": "2028/3/31"}, Answers{"residenceStatus": "student", "stayUntil": "2028-03-31"}),
	ok("end of stay today is still valid", "residence", Answers{"residenceStatus": "student", "stayUntil": "20260615"}, Answers{"residenceStatus": "student", "stayUntil": "2026-06-15"}),
	ok("permanent resident: no end of stay kept", "residence", Answers{"residenceStatus": "permanent_resident", "stayUntil": "2028-03-31"}, Answers{"residenceStatus": "permanent_resident"}),
	ok("highly skilled: end of stay may be blank (type 2 has none)", "residence", Answers{"residenceStatus": "highly_skilled_professional"}, Answers{"residenceStatus": "highly_skilled_professional"}),
	bad("student without end of stay", "residence", Answers{"residenceStatus": "student"}, "stayUntil.required"),
	bad("end of stay not a date", "residence", Answers{"residenceStatus": "student", "stayUntil": "2028-02-30"}, "stayUntil.invalid"),
	bad("period of stay already ended", "residence", Answers{"residenceStatus": "student", "stayUntil": "2026-06-14"}, "stayUntil.ended"),
	bad("status missing", "residence", Answers{}, "residenceStatus.required"),
	bad("short-term visitor is not registered", "residence", Answers{"residenceStatus": "temporary_visitor"}, "residenceStatus.invalid"),

	// contact
	ok("mobile", "contact", Answers{"phone": "090-1234-5678"}, Answers{"phone": "090-1234-5678"}),
	ok("full-width with IME hyphens", "contact", Answers{"phone": "０９０ー１２３４ー５６７８"}, Answers{"phone": "090-1234-5678"}),
	ok("international", "contact", Answers{"phone": "+81 90 1234 5678"}, Answers{"phone": "+81 90 1234 5678"}),
	ok("brackets, 10 digits", "contact", Answers{"phone": "(03) 1234-5678"}, Answers{"phone": "(03) 1234-5678"}),
	ok("15 digits", "contact", Answers{"phone": "+123456789012345"}, Answers{"phone": "+123456789012345"}),
	ok("other contact only", "contact", Answers{"contactOther": " via support worker "}, Answers{"contactOther": "via support worker"}),
	ok("both", "contact", Answers{"phone": "0312345678", "contactOther": "a@example.jp"}, Answers{"phone": "0312345678", "contactOther": "a@example.jp"}),
	bad("9 digits", "contact", Answers{"phone": "03-1234-567"}, "phone.length"),
	bad("16 digits", "contact", Answers{"phone": "+1234567890123456"}, "phone.length"),
	bad("plus inside", "contact", Answers{"phone": "090+12345678"}, "phone.invalidCharacters"),
	bad("letters", "contact", Answers{"phone": "090-1234-5678 ext 2"}, "phone.invalidCharacters"),
	bad("neither", "contact", Answers{"phone": " ", "contactOther": ""}, "phone.required"),
	bad("other too long", "contact", Answers{"contactOther": strings.Repeat("a", 201)}, "contactOther.tooLong"),
	bad("other control", "contact", Answers{"contactOther": "a\u200bb"}, "contactOther.invalidCharacters"),

	// check
	ok("check has no fields", "check", Answers{"name": "x"}, Answers{}),
}

func TestValidate(t *testing.T) {
	for _, tc := range validateCases {
		t.Run(tc.step+"/"+tc.name, func(t *testing.T) {
			got, probs := Validate(tc.step, tc.in, testRules)
			if tc.probs == nil {
				if len(probs) > 0 {
					t.Fatalf("problems %v, want none", probs)
				}
				if !maps.Equal(got, tc.want) {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
				return
			}
			if got != nil {
				t.Errorf("answers %v returned with problems", got)
			}
			if short := shortProblems(t, tc.step, probs); !slices.Equal(short, tc.probs) {
				t.Fatalf("problems %v, want %v", short, tc.probs)
			}
		})
	}
}

// shortProblems renders problems as "field.kind", checking that each ID is
// intake.<step>.<field>.error.<kind> and that no argument is text (only
// numbers from the rules may appear, never what was typed).
func shortProblems(t *testing.T, step string, probs problem.List) []string {
	t.Helper()
	var out []string
	for _, p := range probs {
		prefix := "intake." + step + "." + p.Field + ".error."
		kind, found := strings.CutPrefix(p.ID, prefix)
		if !found {
			t.Errorf("problem ID %q does not start with %q", p.ID, prefix)
		}
		for k, v := range p.Args {
			if _, isInt := v.(int); !isInt {
				t.Errorf("%s: argument %s is %T, want int", p.ID, k, v)
			}
		}
		out = append(out, p.Field+"."+kind)
	}
	return out
}

func TestValidateUnknownStep(t *testing.T) {
	_, probs := Validate("photo", Answers{}, testRules)
	if len(probs) != 1 || probs[0].ID != "intake.error.stepNotAvailable" {
		t.Fatalf("got %v", probs)
	}
}

func TestValidateArgs(t *testing.T) {
	cases := []struct {
		step string
		in   Answers
		args map[string]any
	}{
		{"birth", wareki("heisei", "32", "1", "1"), map[string]any{"LastYear": 31}},
		{"birth", wareki("showa", "65", "1", "1"), map[string]any{"LastYear": 64}},
		{"birth", wareki("reiwa", "9", "1", "1"), map[string]any{"LastYear": 8}},
		{"birth", wareki("showa", "64", "1", "8"), map[string]any{"Year": 1989, "Month": 1, "Day": 7}},
		{"birth", wareki("heisei", "1", "1", "7"), map[string]any{"Year": 1989, "Month": 1, "Day": 8}},
		{"birth", wareki("heisei", "31", "5", "1"), map[string]any{"Year": 2019, "Month": 4, "Day": 30}},
		{"birth", greg("1868", "1", "1"), map[string]any{"Year": 1868, "Month": 10, "Day": 23}},
		{"name", Answers{"name": strings.Repeat("a", 101)}, map[string]any{"Max": 100}},
		{"contact", Answers{"phone": "123"}, map[string]any{"Min": 10, "Max": 15}},
	}
	for _, tc := range cases {
		_, probs := Validate(tc.step, tc.in, testRules)
		if len(probs) != 1 || !maps.Equal(probs[0].Args, tc.args) {
			t.Errorf("%s %v: got %v, want one problem with args %v", tc.step, tc.in, probs, tc.args)
		}
	}
}

// The date of "today" is taken in Japan, whatever the machine's zone.
func TestTodayIsJapanDate(t *testing.T) {
	r := Rules{Now: time.Date(2026, 6, 14, 14, 59, 0, 0, time.UTC)} // 23:59 JST on the 14th
	if _, probs := Validate("birth", greg("2026", "6", "15"), r); len(probs) != 1 || probs[0].ID != "intake.birth.birthYear.error.future" {
		t.Fatalf("15 June at 23:59 JST on the 14th: got %v, want future", probs)
	}
	r.Now = r.Now.Add(time.Minute) // 00:00 JST on the 15th
	if _, probs := Validate("birth", greg("2026", "6", "15"), r); len(probs) != 0 {
		t.Fatalf("15 June at midnight JST: got %v", probs)
	}
}
