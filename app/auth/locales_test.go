package auth

import (
	"slices"
	"strings"
	"testing"

	"madoguchi/app/i18n/i18ntest"
	"madoguchi/app/problem"
)

func loadCatalog(t *testing.T, lang string) map[string]string {
	return i18ntest.MessagesOf(t, lang, "auth.")
}

func placeholders(msg string) []string {
	return i18ntest.Placeholders(msg)
}

// emittedIDs finds every "auth.x.y" string literal in the package's
// non-test Go files, i.e. every message ID the code can return.
func emittedIDs(t *testing.T) []string {
	t.Helper()
	ids := i18ntest.MessageIDsInCode(t, "auth.")
	for _, r := range Roles {
		ids = append(ids, r.LabelID())
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestLocalesCoverEveryMessage(t *testing.T) {
	ids := emittedIDs(t)
	if len(ids) < 20 {
		t.Fatalf("found only %d message IDs in the code: the scan is broken", len(ids))
	}
	for _, lang := range i18ntest.Languages(t) {
		cat := loadCatalog(t, lang)
		for _, id := range ids {
			if strings.TrimSpace(cat[id]) == "" {
				t.Errorf("auth.%s.json: missing %q", lang, id)
			}
		}
		for id := range cat {
			if !slices.Contains(ids, id) {
				t.Errorf("auth.%s.json: %q is not emitted by the code", lang, id)
			}
		}
	}
}

func TestLocalesSamePlaceholders(t *testing.T) {
	ja, en := loadCatalog(t, "ja"), loadCatalog(t, "en")
	for id, msg := range ja {
		if !slices.Equal(placeholders(msg), placeholders(en[id])) {
			t.Errorf("%s: ja has %v, en has %v", id, placeholders(msg), placeholders(en[id]))
		}
	}
}

// checkArgsMatchCatalog fails when a problem's args do not fill exactly the
// placeholders of its message in every language.
func checkArgsMatchCatalog(t *testing.T, p *problem.Problem) {
	t.Helper()
	var keys []string
	for k := range p.Args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, lang := range i18ntest.Languages(t) {
		msg, ok := loadCatalog(t, lang)[p.ID]
		if !ok {
			t.Errorf("%s: no %s message", p.ID, lang)
			continue
		}
		if got := placeholders(msg); !slices.Equal(got, keys) {
			t.Errorf("%s (%s): placeholders %v, args %v", p.ID, lang, got, keys)
		}
	}
}
