package lostcard

import (
	"slices"
	"time"
)

// This file holds every figure and rule a report depends on, each with its
// source, so that a change in the law, an ordinance or a phone number is
// made here and nowhere else. The screens receive them through Rules (the
// desk's LostCardRules); no screen holds a fee or a number of its own.
// "facts.md" is /work/shared/domain/facts.md ("The card", "Lost or stolen
// card"); "(check)" marks what we could not confirm in the text itself.

// Fees in yen for a reissue after a loss by the holder's own fault.
// Source: facts.md, The card: "Reissue after loss by own fault: ¥1,000 (¥800
// card + ¥200 certificates); express issue (特急発行) ¥2,000". Fees are set by
// municipal ordinance (個人番号カード再交付手数料条例), so an office whose
// ordinance differs changes them here.
const (
	reissueFee                = 1000 // card ¥800 + electronic certificates ¥200
	reissueFeeNoCertificates  = 800  // the card alone
	expressFee                = 2000 // 特急発行, about one week
	expressWindowDays         = 30   // express issue only within 30 days of the loss report
	expressWindowCountsReport = true // the report's own day is day 1 (see ExpressUntil)
)

// expressSince is the day express issue (特急発行) began. Source: facts.md,
// The card ("from 2024-12-02"). A report dated before it has no express
// window.
var expressSince = time.Date(2024, 12, 2, 0, 0, 0, 0, japanTime)

// Phone lines that suspend a card (一時停止) 24 hours a day. Source: facts.md,
// Lost or stolen card: "My Number general toll-free line 0120-95-0178
// (option 2); foreign languages 0120-0178-27 (card, loss, smartphone)".
const (
	suspensionLine        = "0120-95-0178"
	suspensionLineOption  = 2
	suspensionLineForeign = "0120-0178-27"
)

// The languages the foreign-language line serves. Source: facts.md, Lost or
// stolen card: English, Chinese, Korean, Spanish, Portuguese (longer hours);
// Vietnamese, Thai, Indonesian, Tagalog, Nepali (hours: check).
var foreignLineLanguages = []string{"en", "zh", "ko", "es", "pt", "vi", "th", "id", "tl", "ne"}

// japanTime is the zone a report's day is taken in: the express window and
// "today" are counted in Japan's calendar days. Japan has no daylight saving
// time, so a fixed zone needs no tz database (Windows without Go has none).
var japanTime = time.FixedZone("JST", 9*60*60)

// Answer values of the closed questions.
var (
	// lostItems: what was lost. A smartphone certificate (スマホ用電子証明書)
	// is suspended through the same lines as the card (facts.md, Lost or
	// stolen card).
	lostItems = []string{itemCard, itemSmartphone, itemBoth, itemCombinedCard, itemCombinedSpecialCard}
	// phoneSystems: Android since 2023-05, iPhone since 2025-06-24
	// (facts.md, Lost or stolen card).
	phoneSystems = []string{"android", "iphone"}
	// kinds: a lost card is reported to the police as lost property
	// (遺失届), a stolen one as a theft (盗難届).
	kinds = []string{kindLost, kindStolen}
	// places: where the loss happened decides the document the
	// municipality's loss notice needs (facts.md, Lost or stolen card).
	places = []string{placeOutside, placeHome, placeFire}
	sexes  = []string{"male", "female", "unstated"}
)

const (
	itemCard       = "card"
	itemSmartphone = "smartphone"
	itemBoth       = "both"
	// The combined cards (since 2026-06-14): a 特定在留カード or a 特定特別永住者
	// 証明書 is a My Number Card, suspended through the same lines, and a
	// residence card (special permanent resident certificate), reissued by
	// immigration, not by the municipality (see combinedReissue).
	itemCombinedCard        = "combinedCard"
	itemCombinedSpecialCard = "combinedSpecialCard"
	kindLost                = "lost"
	kindStolen              = "stolen"
	placeOutside            = "outside"
	placeHome               = "home"
	placeFire               = "fire"
)

// Evidence is the document the municipality's loss notice needs.
// Source: facts.md, Lost or stolen card: "Lost outside the home: a police
// lost-property report (遺失届; theft: 盗難届); its receipt number (受理番号) and
// the police station go on the municipality's loss notice. Lost at home: an
// explanation form. Fire: a disaster certificate." A theft is reported to
// the police wherever it happened (a theft at home is still a crime): that
// reading is ours.
type Evidence string

// The documents.
const (
	EvidencePolice      Evidence = "police"      // receipt number and station of a 遺失届 / 盗難届
	EvidenceExplanation Evidence = "explanation" // the municipality's explanation form (lost at home)
	EvidenceDisaster    Evidence = "disaster"    // a disaster certificate (り災証明書), after a fire
)

// evidenceFor says which document a loss needs.
func evidenceFor(kind, place string) Evidence {
	switch {
	case place == placeFire:
		return EvidenceDisaster
	case kind == kindStolen || place == placeOutside:
		return EvidencePolice
	case place == placeHome:
		return EvidenceExplanation
	}
	return ""
}

// Limits on free-text answers, in characters after trimming.
const (
	maxNameLen      = 100
	maxAddressLen   = 200
	maxPlaceLen     = 200
	maxReferenceLen = 40 // the suspension reference and the police receipt number (受理番号)
	maxStationLen   = 100
)

// Statuses of a report.
const (
	StatusOpen           = "open"           // the call is being taken; the card is not yet suspended
	StatusSuspended      = "suspended"      // the suspension line confirmed the suspension (一時停止)
	StatusReissueApplied = "reissueApplied" // the holder applied for a new card at the municipal office
	StatusClosed         = "closed"         // the new card was issued; nothing more to follow
	StatusFound          = "found"          // the card turned up; the suspension must be lifted in person
	StatusLifted         = "lifted"         // the suspension was lifted at the municipal office
)

// Statuses lists every status in lifecycle order (for the figures).
var Statuses = []string{StatusOpen, StatusSuspended, StatusReissueApplied, StatusClosed, StatusFound, StatusLifted}

// transitions is the lifecycle: open → suspended → reissue applied →
// closed, or, once suspended, found → suspension lifted (facts.md: "Lifting
// it: in person at the municipal office, then a new signature
// certificate"). A card found before it was suspended needs no report
// beyond closing the call, so open → closed is allowed too.
var transitions = map[string][]string{
	StatusOpen:           {StatusSuspended, StatusClosed},
	StatusSuspended:      {StatusReissueApplied, StatusFound},
	StatusReissueApplied: {StatusClosed},
	StatusFound:          {StatusLifted},
}

// finished are the statuses with nothing left to follow up.
var finished = []string{StatusClosed, StatusLifted}

// NextStatuses lists where a report in status may go.
func NextStatuses(status string) []string {
	return slices.Clone(transitions[status])
}

// ExpressUntil is the last day express issue (特急発行) may be asked for
// after a loss reported at reported: 30 days counting the report's own day
// as day 1, so the date shown is never later than the rule's (a caller who
// acts on it is never late). ok is false before express issue existed.
func ExpressUntil(reported time.Time) (until time.Time, ok bool) {
	day := reported.In(japanTime)
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, japanTime)
	if day.Before(expressSince) {
		return time.Time{}, false
	}
	days := expressWindowDays
	if expressWindowCountsReport {
		days--
	}
	return day.AddDate(0, 0, days), true
}

// Rules are the figures the screens show, from this file.
type Rules struct {
	ReissueFee               int      `json:"reissueFee"`
	ReissueFeeNoCertificates int      `json:"reissueFeeNoCertificates"`
	ExpressFee               int      `json:"expressFee"`
	ExpressWindowDays        int      `json:"expressWindowDays"`
	SuspensionLine           string   `json:"suspensionLine"`
	SuspensionLineOption     int      `json:"suspensionLineOption"`
	SuspensionLineForeign    string   `json:"suspensionLineForeign"`
	ForeignLineLanguages     []string `json:"foreignLineLanguages"`
	LostItems                []string `json:"lostItems"`
	PhoneSystems             []string `json:"phoneSystems"`
	Kinds                    []string `json:"kinds"`
	Places                   []string `json:"places"`
	Sexes                    []string `json:"sexes"`
	Statuses                 []string `json:"statuses"`
	// Evidence is evidenceFor as a table, kind → place → document, so a
	// screen shows the right fields as soon as both are chosen without
	// holding the rule itself.
	Evidence map[string]map[string]Evidence `json:"evidence"`
}

// CurrentRules returns copies of the rules, so callers cannot change them.
func CurrentRules() Rules {
	return Rules{
		ReissueFee: reissueFee, ReissueFeeNoCertificates: reissueFeeNoCertificates,
		ExpressFee: expressFee, ExpressWindowDays: expressWindowDays,
		SuspensionLine: suspensionLine, SuspensionLineOption: suspensionLineOption,
		SuspensionLineForeign: suspensionLineForeign,
		ForeignLineLanguages:  slices.Clone(foreignLineLanguages),
		LostItems:             slices.Clone(lostItems), PhoneSystems: slices.Clone(phoneSystems),
		Kinds: slices.Clone(kinds), Places: slices.Clone(places), Sexes: slices.Clone(sexes),
		Statuses: slices.Clone(Statuses), Evidence: evidenceTable(),
	}
}

func evidenceTable() map[string]map[string]Evidence {
	t := map[string]map[string]Evidence{}
	for _, k := range kinds {
		t[k] = map[string]Evidence{}
		for _, p := range places {
			t[k][p] = evidenceFor(k, p)
		}
	}
	return t
}

// combinedReissue is where and by when a lost combined card is applied for
// again. It is a residence card (special permanent resident certificate):
// the holder must ask for a new one within 14 days of learning of the loss,
// at the regional immigration bureau (special permanent residents: through
// the municipal office), with the police receipt or other proof of the loss.
// No municipal reissue fee or express issue applies to it (the express
// issue is the My Number Card's, made by J-LIS). We count the 14 days from
// the day the card was lost, its own day as day 1: the holder learns of a
// loss on that day or later, so the date shown is never later than the
// law's.
//
// Source: 入管法 art. 19-12 (residence card lost: reissue within 14 days);
// 入管特例法 art. 11 (special permanent resident certificate: within 14 days,
// through the municipality) (check); ISA FAQ 特定在留カード等 (the card is a
// residence card and a My Number Card); facts.md, Since 2026-06.
var combinedReissue = map[string]struct {
	office string // message ID of where
}{
	itemCombinedCard:        {office: "lostcard.guidance.combined.office.immigration"},
	itemCombinedSpecialCard: {office: "lostcard.guidance.combined.office.municipal"},
}

// combinedReissueDays is the 14 days, counting the day of the loss.
const combinedReissueDays = 14

// combined reports whether the lost item is a combined card.
func combined(item string) bool {
	_, ok := combinedReissue[item]
	return ok
}

// CombinedReissueBy is the last day to ask for a new combined card lost on
// lostOn (yyyy-mm-dd); ok is false when lostOn is not a date.
func CombinedReissueBy(lostOn string) (by string, ok bool) {
	t, err := time.Parse(time.DateOnly, lostOn)
	if err != nil {
		return "", false
	}
	return t.AddDate(0, 0, combinedReissueDays-1).Format(time.DateOnly), true
}
