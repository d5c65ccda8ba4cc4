package lostcard

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Line is one sentence of the caller's guidance: a message ID and its
// arguments, rendered in any catalog language (Render).
type Line struct {
	ID   string         `json:"id"`
	Args map[string]any `json:"args,omitempty"`
}

// Guidance is what the caller is told to do next, in order: whether the
// card is suspended, what the suspension means, the document the loss
// needs, the reissue and its fees, the express window, what to bring, what
// to do if the card turns up, and where to call. Every figure comes from
// rules.go.
func Guidance(r *Report) []Line {
	a := r.Answers
	lines := []Line{{ID: "lostcard.guidance.heading"}}
	phones := map[string]any{"Line": suspensionLine, "Option": suspensionLineOption, "Foreign": suspensionLineForeign}
	if r.Status == StatusOpen {
		lines = append(lines, Line{ID: "lostcard.guidance.notSuspended", Args: phones})
	} else {
		lines = append(lines, Line{ID: "lostcard.guidance.suspended",
			Args: map[string]any{"Time": a[FieldSuspendedAt], "Reference": a[FieldSuspensionReference]}})
	}
	// A combined card is applied for again where a residence card is, not
	// at the municipal office: its lines say "where you apply" instead.
	variant := "lostcard.guidance."
	if combined(a[FieldLostItem]) {
		variant = "lostcard.guidance.combined."
	}
	lines = append(lines, Line{ID: variant + "certificateRevoked"})
	if a[FieldLostItem] == itemSmartphone || a[FieldLostItem] == itemBoth {
		lines = append(lines, Line{ID: "lostcard.guidance.smartphone"})
	}
	switch r.Evidence {
	case EvidencePolice:
		if a[FieldPoliceReceipt] != "" {
			lines = append(lines, Line{ID: variant + "police.recorded",
				Args: map[string]any{"Station": a[FieldPoliceStation], "Receipt": a[FieldPoliceReceipt]}})
		} else {
			lines = append(lines, Line{ID: "lostcard.guidance.police." + a[FieldKind]})
		}
	case EvidenceExplanation:
		lines = append(lines, Line{ID: variant + "explanation"})
	case EvidenceDisaster:
		lines = append(lines, Line{ID: "lostcard.guidance.disaster"})
	}
	switch {
	case combined(a[FieldLostItem]):
		lines = append(lines, combinedLines(a)...)
	case a[FieldLostItem] != itemSmartphone:
		lines = append(lines, Line{ID: "lostcard.guidance.reissue",
			Args: map[string]any{"Fee": yen(reissueFee), "FeeNoCertificates": yen(reissueFeeNoCertificates)}})
		if r.ExpressUntil != "" {
			lines = append(lines, Line{ID: "lostcard.guidance.express",
				Args: map[string]any{"Fee": yen(expressFee), "Until": day(r.ExpressUntil), "Days": expressWindowDays}})
		}
		lines = append(lines, Line{ID: "lostcard.guidance.bring"}, Line{ID: "lostcard.guidance.bring.identity"},
			Line{ID: "lostcard.guidance.bring.photo"})
		if r.Evidence != "" {
			lines = append(lines, Line{ID: "lostcard.guidance.bring." + string(r.Evidence)})
		}
		lines = append(lines, Line{ID: "lostcard.guidance.bring.fee"})
	}
	lines = append(lines, Line{ID: variant + "found"}, Line{ID: "lostcard.guidance.phone", Args: phones})
	return lines
}

// combinedLines say where and by when a lost combined card is applied for
// again (rules.go, combinedReissue), and what to carry meanwhile.
func combinedLines(a Answers) []Line {
	office := Line{ID: combinedReissue[a[FieldLostItem]].office}
	by, ok := CombinedReissueBy(a[FieldLostOn])
	if !ok {
		return []Line{office, {ID: "lostcard.guidance.combined.within", Args: map[string]any{"Days": combinedReissueDays}}}
	}
	return []Line{office,
		{ID: "lostcard.guidance.combined.by", Args: map[string]any{"Until": day(by), "Days": combinedReissueDays}},
		{ID: "lostcard.guidance.combined.bring"}}
}

// yen and day are argument values that Render formats in the reader's
// language: "¥1,000" or "1.000 yên", "2026年12月22日" or "22/12/2026".
type (
	yen int
	day string
)

// Render writes the lines in language lang through msg (the catalog's
// Message), formatting amounts and dates as that language writes them.
func Render(lines []Line, lang string, msg func(lang, id string, args map[string]any) string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		args := map[string]any{}
		for k, v := range l.Args {
			switch v := v.(type) {
			case yen:
				args[k] = formatYen(lang, int(v))
			case day:
				args[k] = formatDay(lang, string(v))
			default:
				args[k] = v
			}
		}
		out = append(out, msg(lang, l.ID, args))
	}
	return out
}

func formatYen(lang string, n int) string {
	digits := strconv.Itoa(n)
	sep := ","
	if lang == "vi" {
		sep = "."
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if lang == "vi" {
		return b.String() + " yên"
	}
	return "¥" + b.String()
}

func formatDay(lang, iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	switch lang {
	case "ja":
		return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
	case "vi":
		return t.Format("02/01/2006")
	case "en":
		return t.Format("2 January 2006")
	}
	return iso
}
