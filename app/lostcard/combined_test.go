package lostcard

import (
	"slices"
	"testing"
)

// A lost 特定在留カード (特定特別永住者証明書) is suspended like a My Number
// Card but applied for again where a residence card (certificate) is, within
// 14 days: no municipal reissue fee and no express issue.
func TestCombinedCardGuidance(t *testing.T) {
	for _, tc := range []struct {
		item, lostOn string
		office, by   string // the office line; the "by" day, "" without a date
		withoutDate  bool
	}{
		{itemCombinedCard, "2026-11-20", "lostcard.guidance.combined.office.immigration", "2026-12-03", false},
		{itemCombinedSpecialCard, "2026-11-20", "lostcard.guidance.combined.office.municipal", "2026-12-03", false},
		{itemCombinedCard, "2026-12-25", "lostcard.guidance.combined.office.immigration", "2027-01-07", false},
		{itemCombinedCard, "", "lostcard.guidance.combined.office.immigration", "", true},
	} {
		t.Run(tc.item+" "+tc.lostOn, func(t *testing.T) {
			a := stolenBoth()
			a[FieldLostItem], a[FieldLostOn] = tc.item, tc.lostOn
			r := report(&record{status: StatusSuspended, startedAt: "2026-11-23T01:00:00.000Z", answers: a})
			if r.ExpressUntil != "" {
				t.Errorf("a combined card offers express issue until %s", r.ExpressUntil)
			}
			var lines []string
			var by any
			for _, l := range Guidance(r) {
				lines = append(lines, l.ID)
				if l.ID == "lostcard.guidance.combined.by" {
					by = l.Args["Until"]
				}
			}
			for _, want := range []string{"lostcard.guidance.suspended", "lostcard.guidance.combined.certificateRevoked", "lostcard.guidance.police.stolen",
				tc.office, "lostcard.guidance.combined.found", "lostcard.guidance.phone"} {
				if !slices.Contains(lines, want) {
					t.Errorf("guidance lacks %s: %v", want, lines)
				}
			}
			// Nothing that sends the caller to the municipal office for the card.
			for _, never := range []string{"lostcard.guidance.reissue", "lostcard.guidance.express", "lostcard.guidance.bring.fee",
				"lostcard.guidance.certificateRevoked", "lostcard.guidance.found"} {
				if slices.Contains(lines, never) {
					t.Errorf("guidance for a combined card says %s", never)
				}
			}
			switch {
			case tc.withoutDate && !slices.Contains(lines, "lostcard.guidance.combined.within"):
				t.Errorf("without the day of the loss the guidance gives no period: %v", lines)
			case !tc.withoutDate && by != day(tc.by):
				t.Errorf("apply by %v, want %s", by, tc.by)
			}
		})
	}
}

// A My Number Card keeps its municipal reissue and express issue.
func TestMyNumberCardGuidanceUnchanged(t *testing.T) {
	r := report(&record{status: StatusSuspended, startedAt: "2026-11-23T01:00:00.000Z", answers: stolenBoth()})
	var lines []string
	for _, l := range Guidance(r) {
		lines = append(lines, l.ID)
	}
	if r.ExpressUntil == "" || !slices.Contains(lines, "lostcard.guidance.reissue") || slices.Contains(lines, "lostcard.guidance.combined.office.immigration") {
		t.Fatalf("a lost My Number Card: express until %q, guidance %v", r.ExpressUntil, lines)
	}
}

// The police receipt of a lost combined card goes with the new card's
// application, not to the municipal office.
func TestCombinedCardPoliceReceipt(t *testing.T) {
	a := stolenBoth()
	a[FieldLostItem], a[FieldPoliceReceipt], a[FieldPoliceStation] = itemCombinedCard, "第2026-5678号", "曽根崎警察署"
	var lines []string
	for _, l := range Guidance(report(&record{status: StatusSuspended, startedAt: "2026-11-23T01:00:00.000Z", answers: a})) {
		lines = append(lines, l.ID)
	}
	if !slices.Contains(lines, "lostcard.guidance.combined.police.recorded") || slices.Contains(lines, "lostcard.guidance.police.recorded") {
		t.Fatalf("guidance for a combined card with a police receipt: %v", lines)
	}
}
