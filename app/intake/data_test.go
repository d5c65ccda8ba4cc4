package intake

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"madoguchi/app/i18n/i18ntest"
)

func TestCountryCodes(t *testing.T) {
	if len(countryCodes) != 250 { // 249 officially assigned + XK
		t.Errorf("%d country codes, want 250", len(countryCodes))
	}
	if !slices.IsSorted(countryCodes) {
		t.Error("country codes are not sorted")
	}
	if len(slices.Compact(slices.Clone(countryCodes))) != len(countryCodes) {
		t.Error("duplicate country code")
	}
	for _, c := range countryCodes {
		r, err := language.ParseRegion(c)
		if err != nil || !r.IsCountry() || r.String() != c {
			t.Errorf("%s is not a current country code in golang.org/x/text (%v, %v)", c, r, err)
		}
	}
}

func TestChoicesAreCopies(t *testing.T) {
	s := New(nil, nil, nil, nil)
	c := s.Choices()
	c.Countries[0], c.ResidenceStatuses[0], c.Eras[0] = "ZZ", "zz", "zz"
	again := s.Choices()
	if again.Countries[0] != "AD" || again.ResidenceStatuses[0] != "permanent_resident" || again.Eras[0] != "meiji" {
		t.Fatalf("Choices shares its lists with the rules: %v", again)
	}
	if !slices.Equal(again.Eras, []string{"meiji", "taisho", "showa", "heisei", "reiwa"}) {
		t.Fatalf("eras %v", again.Eras)
	}
}

func TestResidenceStatusesUnique(t *testing.T) {
	if len(residenceStatuses) != 16 {
		t.Errorf("%d residence statuses, want 16", len(residenceStatuses))
	}
	seen := map[string]bool{}
	for _, s := range residenceStatuses {
		if seen[s] {
			t.Errorf("duplicate status %s", s)
		}
		seen[s] = true
	}
}

func readCatalog(t *testing.T, lang string) map[string]string {
	return i18ntest.Messages(t, lang)
}

func placeholders(text string) []string {
	return i18ntest.Placeholders(text)
}

// emittedProblems runs every validation case and collects the message IDs
// produced with the argument names each one carries.
func emittedProblems() map[string][]string {
	out := map[string][]string{
		"intake.error.notFound":         nil,
		"intake.error.alreadySubmitted": nil,
		"intake.error.stepNotAvailable": nil,
		"intake.error.conflict":         nil,
		// handover.go
		"intake.handover.error.notReady":        nil,
		"intake.handover.error.already":         nil,
		"intake.handover.error.differs":         nil,
		"intake.handover.reason.error.tooShort": {"Min"},
		// number.go
		"intake.number.error.none":            nil,
		"intake.number.error.cardNumber":      nil,
		"intake.number.retention.error.range": {"Max"},
	}
	for _, tc := range numberCases {
		_, probs := Validate(stepNumber, tc.in, Rules{RecordsNumber: true})
		for _, p := range probs {
			out[p.ID] = slices.Sorted(maps.Keys(p.Args))
		}
	}
	for _, tc := range validateCases {
		_, probs := Validate(tc.step, tc.in, testRules)
		for _, p := range probs {
			out[p.ID] = slices.Sorted(maps.Keys(p.Args))
		}
	}
	return out
}

// The catalogs hold every ID the code emits and every label, in both
// languages, with the placeholders the problems fill, and no error message
// the code cannot emit.
func TestMessageCatalog(t *testing.T) {
	want := emittedProblems()
	labels := []string{"nationality.stateless", "nationality.unknown"}
	for _, s := range residenceStatuses {
		labels = append(labels, "residence.status."+s)
	}
	for _, e := range eras {
		labels = append(labels, "date.era."+e.id)
	}
	for _, l := range labels {
		want[l] = nil
	}
	for _, lang := range i18ntest.Languages(t) {
		cat := readCatalog(t, lang)
		for id, args := range want {
			text, ok := cat[id]
			if !ok {
				t.Errorf("%s: missing %s", lang, id)
				continue
			}
			if got := placeholders(text); !slices.Equal(got, args) {
				t.Errorf("%s %s: placeholders %v, problem args %v", lang, id, got, args)
			}
		}
		for id, text := range cat {
			// Screen texts may join this file later; error messages must
			// all be ones the code can emit.
			if _, ok := want[id]; !ok && strings.HasPrefix(id, "intake.") && strings.Contains(id, ".error.") {
				t.Errorf("%s: %s is never emitted", lang, id)
			}
			if text == "" {
				t.Errorf("%s: %s is empty", lang, id)
			}
		}
	}
	t.Logf("%d message IDs", len(want))
}
