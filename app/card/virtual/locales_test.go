package virtual

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"madoguchi/app/i18n/i18ntest"
)

// TestMessagesAreInBothLanguages finds every message ID the command line can print and checks that Japanese and
// English have it in the catalog with the same placeholders.
func TestMessagesAreInBothLanguages(t *testing.T) {
	src, err := os.ReadFile("cmd.go")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range regexp.MustCompile(`"(card\.virtual\.[A-Za-z.]+)"`).FindAllSubmatch(src, -1) {
		ids = append(ids, string(m[1]))
	}
	if len(ids) < 5 {
		t.Fatalf("found only %d message IDs in cmd.go", len(ids))
	}
	placeholder := regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)
	placeholders := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	messages := map[string]map[string]string{}
	langs := i18ntest.Languages(t)
	for _, lang := range langs {
		messages[lang] = i18ntest.Messages(t, lang)
	}
	for _, id := range ids {
		ja := messages["ja"][id]
		for _, lang := range langs {
			msg := messages[lang][id]
			if msg == "" {
				t.Errorf("%s: missing in %s", id, lang)
				continue
			}
			if !slices.Equal(placeholders(ja), placeholders(msg)) {
				t.Errorf("%s: placeholders differ: ja %v, %s %v", id, placeholders(ja), lang, placeholders(msg))
			}
		}
	}
}
