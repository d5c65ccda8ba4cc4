package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"madoguchi/app/i18n/i18ntest"
	"madoguchi/locales"
)

// languages lists the catalog's files by language tag.
func languages(t *testing.T) []string {
	t.Helper()
	names, _ := fs.Glob(locales.FS, "*.json")
	if len(names) < 2 {
		t.Fatalf("found %d message files, want at least ja and en", len(names))
	}
	var tags []string
	for _, n := range names {
		tags = append(tags, strings.TrimSuffix(n, ".json"))
	}
	return tags
}

// TestPluralForms checks what i18ntest.Messages relies on: a message is a
// string or plural forms, plural forms have "other", and "other" holds
// every placeholder any form uses.
func TestPluralForms(t *testing.T) {
	for _, lang := range languages(t) {
		b, err := fs.ReadFile(locales.FS, lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for id, v := range raw {
			var s string
			if json.Unmarshal(v, &s) == nil {
				continue
			}
			var forms map[string]string
			if err := json.Unmarshal(v, &forms); err != nil {
				t.Errorf("%s: %s is neither a string nor plural forms", lang, id)
				continue
			}
			other, ok := forms["other"]
			if !ok || other == "" {
				t.Errorf("%s: %s has plural forms but no \"other\"", lang, id)
				continue
			}
			for form, text := range forms {
				for _, ph := range i18ntest.Placeholders(text) {
					if !slices.Contains(i18ntest.Placeholders(other), ph) {
						t.Errorf("%s: %s form %q uses {{.%s}}, which its \"other\" form lacks", lang, id, form, ph)
					}
				}
			}
		}
	}
}

// TestCatalogParity fails when one language lacks a message another has, or
// when a message's placeholders differ between languages.
func TestCatalogParity(t *testing.T) {
	const ref = "ja"
	want := i18ntest.Messages(t, ref)
	for _, lang := range languages(t) {
		msgs := i18ntest.Messages(t, lang)
		for id, text := range want {
			got, ok := msgs[id]
			if !ok {
				t.Errorf("%s lacks %s", lang, id)
				continue
			}
			if g, w := i18ntest.Placeholders(got), i18ntest.Placeholders(text); !slices.Equal(g, w) {
				t.Errorf("%s: %s has placeholders %v, %s has %v", lang, id, g, ref, w)
			}
		}
		for id := range msgs {
			if _, ok := want[id]; !ok {
				t.Errorf("%s has %s, which %s lacks", lang, id, ref)
			}
		}
	}
}

// messageLiteralRE finds string literals in Go code that look like message IDs.
var messageLiteralRE = regexp.MustCompile(`"((?:app|auth|desk|intake|lostcard|store|residence|residency|date|nationality|cli|card|people|vault|audit|backup|orgs|cases|freetext)\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+)"`)

// TestGoMessageIDsExist fails when Go code names a message the catalog lacks.
func TestGoMessageIDsExist(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	ja := i18ntest.Messages(t, "ja")
	root := filepath.Join("..", "..", "app")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range messageLiteralRE.FindAllStringSubmatch(string(src), -1) {
			if _, ok := ja[m[1]]; !ok {
				t.Errorf("%s uses message %s, which is not in locales/", p, m[1])
			}
		}
		return nil
	})
	_ = c
}

func TestMessageLookup(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	langs := c.Languages()
	if langs[0].Tag != "ja" || langs[0].Name != "日本語" || langs[1].Tag != "en" || langs[1].Name != "English" {
		t.Errorf("languages = %+v, want 日本語 then English first", langs)
	}
	cases := []struct{ tag, id, want string }{
		{"en", NameID, "English"},
		{"ja", NameID, "日本語"},
		{"xx", NameID, "日本語"}, // unknown language falls back to Japanese
		{"en", "no.such.message", "no.such.message"},
	}
	for _, tc := range cases {
		if got := c.Message(tc.tag, tc.id, nil); got != tc.want {
			t.Errorf("Message(%s, %s) = %q, want %q", tc.tag, tc.id, got, tc.want)
		}
	}
}

// TestPluralFormsFollowCLDR fails when a message's plural forms are not
// exactly the cardinal categories CLDR gives its language: English needs
// "one" and "other"; Japanese and Vietnamese have "other" only, and a
// "one" there would never be chosen. The categories come from
// golang.org/x/text's CLDR tables, tried on whole numbers 0 to 1000.
func TestPluralFormsFollowCLDR(t *testing.T) {
	names, _ := fs.Glob(locales.FS, "*.json")
	for _, name := range names {
		tag := language.MustParse(strings.TrimSuffix(name, ".json"))
		want := map[string]bool{}
		for n := 0; n <= 1000; n++ {
			want[formName(plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0))] = true
		}
		b, _ := fs.ReadFile(locales.FS, name)
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		for id, v := range raw {
			var forms map[string]string
			if json.Unmarshal(v, &forms) != nil {
				continue
			}
			for f := range forms {
				if !want[f] {
					t.Errorf("%s: %s has plural form %q, which %s does not use", name, id, f, tag)
				}
			}
			for f := range want {
				if _, ok := forms[f]; !ok {
					t.Errorf("%s: %s lacks plural form %q", name, id, f)
				}
			}
		}
	}
}

func formName(f plural.Form) string {
	return map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few",
		plural.Many: "many", plural.Other: "other"}[f]
}

// TestLanguageOrder: Japanese first, English second, then the rest by tag,
// each by its own name; Vietnamese says it is a machine translation.
func TestLanguageOrder(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	langs := c.Languages()
	if len(langs) < 3 || langs[0].Tag != "ja" || langs[1].Tag != "en" {
		t.Fatalf("languages = %+v, want 日本語 and English first", langs)
	}
	for i := 3; i < len(langs); i++ {
		if langs[i-1].Tag > langs[i].Tag {
			t.Errorf("%s listed before %s", langs[i-1].Tag, langs[i].Tag)
		}
	}
	for _, l := range langs {
		if l.Name == "" || l.Name == NameID {
			t.Errorf("%s has no name of its own", l.Tag)
		}
	}
	if got := c.Message("vi", NoteID, nil); !strings.Contains(got, "máy") {
		t.Errorf("vi %s = %q, want it to say the translation is machine-produced", NoteID, got)
	}
}

func TestPlainTextDropsReadings(t *testing.T) {
	tests := []struct{ in, want string }{
		{"{市役所|しやくしょ}で {申請|しんせい}します", "市役所で 申請します"},
		{"{{.Name}}さん", "{{.Name}}さん"}, // placeholders are not markup
		{"no markup", "no markup"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTranslationsSayHowTheyWereMade: every file states its status, which the
// window shows to staff, and a translation is not mostly English left as it
// was: at most maxSameAsEnglish of its entries may equal the English, and
// only those with a word of four letters or more count (names and codes
// such as "Android" or "UNHCR" are allowed to stay).
func TestTranslationsSayHowTheyWereMade(t *testing.T) {
	const maxSameAsEnglish = 0.05
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	en := i18ntest.Messages(t, "en")
	word := regexp.MustCompile(`[A-Za-z]{4,}`)
	for _, l := range c.Languages() {
		switch l.Status {
		case StatusSource, StatusReviewed, StatusMachine:
		default:
			t.Errorf("%s: %s is %q, want source, reviewed or machine", l.Tag, StatusID, l.Status)
		}
		if l.Note == "" || l.Note == NoteID {
			t.Errorf("%s: no %s", l.Tag, NoteID)
		}
		if l.Tag == "en" {
			continue
		}
		msgs := i18ntest.Messages(t, l.Tag)
		same := 0
		for id, text := range msgs {
			if strings.HasPrefix(id, "meta.") {
				continue
			}
			if e, ok := en[id]; ok && e == text && word.MatchString(text) {
				same++
			}
		}
		if share := float64(same) / float64(len(msgs)); share > maxSameAsEnglish {
			t.Errorf("%s: %d of %d entries (%.0f%%) are the English text unchanged", l.Tag, same, len(msgs), share*100)
		}
	}
}

// TestEveryLanguageAnswersFromItsOwnFile: Easy Japanese is not answered from
// the Japanese file, nor a regional form from its base language.
func TestEveryLanguageAnswersFromItsOwnFile(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Languages() {
		want := PlainText(i18ntest.Messages(t, l.Tag)[NameID])
		if l.Name != want {
			t.Errorf("%s is named %q, want %q from its own file", l.Tag, l.Name, want)
		}
	}
	if got := c.Marked("ja-x-easy", NoteID, nil); !strings.Contains(got, "|") {
		t.Errorf("ja-x-easy note %q: want its furigana markup kept by Marked", got)
	}
}
