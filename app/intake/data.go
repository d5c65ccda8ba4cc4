package intake

import (
	"slices"
	"strings"
	"time"
)

// This file holds the facts the rules depend on, each with its source, so
// that a change in the law or the calendar is made here and nowhere else.

// Limits on free-text answers, in characters after normalisation.
const (
	maxNameLen    = 100 // name, alias and reading
	maxAddressLen = 200
	maxOtherLen   = 200 // contactOther
	minPhoneDigit = 10  // 0X-XXXX-XXXX landlines have 10 digits
	maxPhoneDigit = 15  // E.164 maximum, for foreign numbers with +
)

// Answer values of the closed questions.
var (
	calendars = []string{"gregorian", "japanese"}
	sexes     = []string{"male", "female", "unstated"}
)

// Nationality answers that are not country codes. 無国籍 is how the resident
// record writes a stateless person (facts.md, "Stateless persons"); "unknown"
// is for a record or card that names none the counter can match.
const (
	nationalityJapan     = "JP"
	nationalityStateless = "stateless"
	nationalityUnknown   = "unknown"
)

// residenceStatuses are the answers of the residence step: the statuses on
// residence cards, grouped as the counter needs them, plus the other
// categories of foreign resident who are on the resident register.
//
// Sources:
//   - Basic Resident Registration Act (住民基本台帳法) art. 30-45: who is
//     registered (mid-to-long-term residents, special permanent residents,
//     temporary refuge, provisional stay, transitional stayers by birth or by
//     loss of nationality); see /shared/domain/facts.md.
//   - Immigration Control and Refugee Recognition Act (出入国管理及び難民認定法),
//     Appended Tables I and II: the statuses of residence; art. 18-2 (一時庇護),
//     art. 61-2-4 (仮滞在), art. 22-2 (経過滞在, 60 days).
//   - Special Act on the Immigration Control of Those Who Have Lost Japanese
//     Nationality (1991): special permanent residents.
//
// Not here on purpose: 短期滞在, diplomatic/official statuses, persons
// without status or on provisional release (仮放免): they are not on the
// register, so they cannot apply for a card (facts.md).
var residenceStatuses = []string{
	"permanent_resident",            // 永住者
	"special_permanent_resident",    // 特別永住者 (special permanent resident certificate, not a residence card)
	"spouse_of_japanese",            // 日本人の配偶者等
	"spouse_of_permanent_resident",  // 永住者の配偶者等
	"long_term_resident",            // 定住者
	"highly_skilled_professional",   // 高度専門職 1号・2号
	"working",                       // other work statuses: 教授, 芸術, 宗教, 報道, 経営・管理, 法律・会計業務, 医療, 研究, 教育, 技術・人文知識・国際業務, 企業内転勤, 介護, 興行, 技能
	"student",                       // 留学
	"trainee_or_specified_skilled",  // 技能実習, 特定技能, 研修 (育成就労 replaces 技能実習 from 2027: check)
	"dependent",                     // 家族滞在
	"designated_activities",         // 特定活動
	"temporary_refuge",              // 一時庇護許可者
	"provisional_stay",              // 仮滞在許可者
	"transitional_birth",            // 出生による経過滞在者 (born in Japan, up to 60 days without status)
	"transitional_nationality_loss", // 国籍喪失による経過滞在者 (lost Japanese nationality, up to 60 days)
	"other",                         // e.g. 文化活動, or a status the counter cannot place
}

// era is one Japanese era (元号) and the Gregorian day it began.
type era struct {
	id     string
	kanji  string // full name, as typed in searches: 平成
	letter string // the usual one-letter abbreviation: H
	start  time.Time
}

// eras are the modern eras, oldest first; each ends the day before the next
// begins, and the last is open-ended.
//
// Sources: the imperial rescript of Meiji 1 (明治改元の詔) for Meiji; the Era
// Name Act (元号法, 1979) and the cabinet orders 元号を改める政令 of Showa 64
// (No. 1, Heisei from 1989-01-08) and Heisei 31 (No. 143, Reiwa from
// 2019-05-01); Taisho and Showa began on the day of the previous emperor's
// death (1912-07-30, 1926-12-25).
//
// Meiji: the rescript of 1868-10-23 declared the whole year Meiji 1,
// retroactively from the lunar new year. We start Meiji on 1868-10-23 as
// the brief asks, so earlier dates are refused (no living applicant has one).
// Dates of Meiji 1-5 are treated as Gregorian although Japan used the
// lunisolar calendar until Meiji 5-12-02 (= 1873-01-01); this matters for no
// living person.
var eras = []era{
	{id: "meiji", kanji: "明治", letter: "M", start: day(1868, 10, 23)},
	{id: "taisho", kanji: "大正", letter: "T", start: day(1912, 7, 30)},
	{id: "showa", kanji: "昭和", letter: "S", start: day(1926, 12, 25)},
	{id: "heisei", kanji: "平成", letter: "H", start: day(1989, 1, 8)},
	{id: "reiwa", kanji: "令和", letter: "R", start: day(2019, 5, 1)},
}

// japanTime is the zone "today" is taken in. Japan has no daylight saving
// time, so a fixed zone avoids depending on the tz database, which Windows
// machines without Go installed do not have.
var japanTime = time.FixedZone("JST", 9*60*60)

// countryCodes are the officially assigned ISO 3166-1 alpha-2 codes (249,
// as published by the ISO 3166 Maintenance Agency, Online Browsing Platform,
// checked 2026), plus XK (Kosovo). XK is user-assigned in ISO 3166 but
// Japan recognises Kosovo (2008), its residence cards name it, and CLDR and
// Intl.DisplayNames give it a name. Deprecated codes (AN, CS, YU, ...) and
// exceptional reservations (AC, EU, UK, ...) are left out: a current card
// never shows them. A test checks each code against golang.org/x/text.
var countryCodes = strings.Fields(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
XK
YE YT
ZA ZM ZW
`)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// withoutPeriodOfStay are the statuses with no end of stay; every other
// status ends the card at the end of its period of stay (facts.md, "The
// card": all but 永住者, 高度専門職2号 and 特別永住者). Highly skilled
// professionals are one status here, but type 2 has no period of stay, so
// for them the date is asked and may be left blank.
var (
	withoutPeriodOfStay  = []string{"permanent_resident", "special_permanent_resident"}
	periodOfStayOptional = []string{"highly_skilled_professional"}
)

// PeriodOfStay says whether a residence status has an end of stay that is
// asked for (and so may end the card first), and whether it must be given.
func PeriodOfStay(status string) (asked, required bool) {
	if slices.Contains(withoutPeriodOfStay, status) {
		return false, false
	}
	return true, !slices.Contains(periodOfStayOptional, status)
}
