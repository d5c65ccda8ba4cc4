package lostcard

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"madoguchi/app/i18n/i18ntest"
)

// emitted lists every message ID the package can hand out: the literals in
// its code, each field's "required" problem, and every guidance line of
// every kind of loss.
func emitted(t *testing.T) map[string][]string {
	t.Helper()
	ids := map[string][]string{}
	files, _ := filepath.Glob("*.go")
	lit := regexp.MustCompile(`"(lostcard\.[A-Za-z.]+[A-Za-z])"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") {
				ids[m[1]] = nil
			}
		}
	}
	for _, to := range Statuses {
		for _, item := range lostItems {
			for _, place := range places {
				for _, p := range requirements(to, Answers{FieldLostItem: item, FieldKind: kindLost, FieldPlace: place}, "") {
					ids[p.ID] = nil
				}
			}
		}
	}
	for _, status := range Statuses {
		for _, item := range lostItems {
			for _, kind := range kinds {
				for _, place := range places {
					for _, receipt := range []string{"", "第1号"} {
						r := report(&record{status: status, startedAt: "2026-11-23T01:00:00.000Z", answers: Answers{
							FieldLostItem: item, FieldKind: kind, FieldPlace: place, FieldPoliceReceipt: receipt, FieldLostOn: "2026-11-22"}})
						for _, l := range Guidance(r) {
							var args []string
							for k := range l.Args {
								args = append(args, k)
							}
							slices.Sort(args)
							ids[l.ID] = args
						}
					}
				}
			}
		}
	}
	return ids
}

// TestMessagesExist: every message the package emits is in every catalog
// language, with the placeholders the code fills.
func TestMessagesExist(t *testing.T) {
	ids := emitted(t)
	for _, lang := range i18ntest.Languages(t) {
		msgs := i18ntest.Messages(t, lang)
		for id, args := range ids {
			msg, ok := msgs[id]
			if !ok {
				t.Errorf("%s.json lacks %s", lang, id)
				continue
			}
			if args != nil && !slices.Equal(i18ntest.Placeholders(msg), args) {
				t.Errorf("%s.json: %s has placeholders %v, the code fills %v", lang, id, i18ntest.Placeholders(msg), args)
			}
		}
	}
}

func TestRenderFormatsPerLanguage(t *testing.T) {
	lines := []Line{{ID: "x", Args: map[string]any{"Fee": yen(1000), "Until": day("2026-12-22"), "Time": "10:05"}}}
	cases := map[string]string{
		"ja": "¥1,000 2026年12月22日 10:05",
		"en": "¥1,000 22 December 2026 10:05",
		"vi": "1.000 yên 22/12/2026 10:05",
		"xx": "¥1,000 2026-12-22 10:05",
	}
	for lang, want := range cases {
		got := Render(lines, lang, func(_, _ string, a map[string]any) string {
			return a["Fee"].(string) + " " + a["Until"].(string) + " " + a["Time"].(string)
		})
		if got[0] != want {
			t.Errorf("%s: %q, want %q", lang, got[0], want)
		}
	}
}
