package residency

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"madoguchi/app/i18n/i18ntest"
)

// catalog reads this package's messages in one language.
func catalog(t *testing.T, lang string) map[string]string {
	return i18ntest.MessagesOf(t, lang, "residency.")
}

var idRE = regexp.MustCompile(`^residency\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$`)

// emittedIDs finds every message ID literal in the package's Go code. IDs
// are always written out in full (never concatenated) so that this finds
// them all.
func emittedIDs(t *testing.T) []string {
	t.Helper()
	return i18ntest.MessageIDsInCode(t, "residency.")
}

func placeholders(msg string) []string {
	return i18ntest.Placeholders(msg)
}

func TestLocalesCoverEveryMessage(t *testing.T) {
	ids := emittedIDs(t)
	if len(ids) < 100 {
		t.Fatalf("found only %d message IDs in the code: the scan is broken", len(ids))
	}
	for _, lang := range i18ntest.Languages(t) {
		cat := catalog(t, lang)
		for _, id := range ids {
			if strings.TrimSpace(cat[id]) == "" {
				t.Errorf("%s: missing %s", lang, id)
			}
		}
		for id := range cat {
			if !slices.Contains(ids, id) {
				t.Errorf("%s: %s is not used by the code", lang, id)
			}
		}
	}
}

func TestLocalesSamePlaceholders(t *testing.T) {
	ja, en := catalog(t, "ja"), catalog(t, "en")
	want := map[string][]string{
		"residency.error.json.syntax":       {"Offset"},
		"residency.error.json.type":         {"Field"},
		"residency.error.json.unknownField": {"Field"},
	}
	for id, msg := range ja {
		if !slices.Equal(placeholders(msg), placeholders(en[id])) {
			t.Errorf("%s: ja has %v, en has %v", id, placeholders(msg), placeholders(en[id]))
		}
		// Evaluation messages carry no arguments: only problems have them.
		if !slices.Equal(placeholders(msg), want[id]) {
			t.Errorf("%s: placeholders %v, want %v", id, placeholders(msg), want[id])
		}
	}
}
