package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"madoguchi/locales"
)

// flatten reads one message file as ID → placeholder set, so files can be
// compared without caring whether a message is plain or has plural forms.
func flatten(t *testing.T, name string) map[string][]string {
	t.Helper()
	b, err := fs.ReadFile(locales.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string][]string{}
	for id, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[id] = placeholders(s)
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			t.Errorf("%s: %s is neither a string nor plural forms", name, id)
			continue
		}
		if forms["other"] == "" {
			t.Errorf("%s: %s has plural forms but no \"other\"", name, id)
		}
		var all []string
		for _, f := range forms {
			all = append(all, placeholders(f)...)
		}
		out[id] = uniq(all)
	}
	return out
}

var placeholderRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return uniq(out)
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// TestCatalogParity fails when one language lacks a message another has, or
// when a message's placeholders differ between languages.
func TestCatalogParity(t *testing.T) {
	names, _ := fs.Glob(locales.FS, "*.json")
	if len(names) < 2 {
		t.Fatalf("found %d message files, want at least ja and en", len(names))
	}
	files := map[string]map[string][]string{}
	for _, n := range names {
		files[n] = flatten(t, n)
	}
	ref := "ja.json"
	for name, msgs := range files {
		for id, ph := range files[ref] {
			got, ok := msgs[id]
			if !ok {
				t.Errorf("%s lacks %s", name, id)
				continue
			}
			if strings.Join(got, ",") != strings.Join(ph, ",") {
				t.Errorf("%s: %s has placeholders %v, %s has %v", name, id, got, ref, ph)
			}
		}
		for id := range msgs {
			if _, ok := files[ref][id]; !ok {
				t.Errorf("%s has %s, which %s lacks", name, id, ref)
			}
		}
	}
}

// messageLiteralRE finds string literals in Go code that look like message IDs.
var messageLiteralRE = regexp.MustCompile(`"((?:app|auth|desk|intake|store|residence|residency|date|nationality|cli|card|people|vault|audit|backup|orgs|cases)\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+)"`)

// TestGoMessageIDsExist fails when Go code names a message the catalog lacks.
func TestGoMessageIDsExist(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	ja := flatten(t, "ja.json")
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
