// Package i18ntest gives tests the shared message catalog as flat text, and the placeholders of a message.
package i18ntest

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"madoguchi/locales"
)

// Messages reads locales/<lang>.json as message ID → text. A message with
// plural forms is given by its "other" form, which holds every placeholder.
func Messages(t testing.TB, lang string) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(locales.FS, lang+".json")
	if err != nil {
		t.Fatalf("message catalog %s: %v", lang, err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("message catalog %s: %v", lang, err)
	}
	out := make(map[string]string, len(raw))
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			out[id] = v
		case map[string]any:
			if s, ok := v["other"].(string); ok {
				out[id] = s
			}
		}
	}
	return out
}

var placeholderRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// Placeholders lists a message's placeholder names, sorted, each once.
func Placeholders(msg string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(msg, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MessagesOf is Messages restricted to the IDs that start with prefix: one
// package's own messages.
func MessagesOf(t testing.TB, lang, prefix string) map[string]string {
	t.Helper()
	out := Messages(t, lang)
	for id := range out {
		if !strings.HasPrefix(id, prefix) {
			delete(out, id)
		}
	}
	return out
}

// Languages lists the tags of every message file in locales/, so tests
// check each language the app ships rather than a list of their own.
func Languages(t testing.TB) []string {
	t.Helper()
	names, err := fs.Glob(locales.FS, "*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("message catalog: no files (%v)", err)
	}
	var tags []string
	for _, n := range names {
		tags = append(tags, strings.TrimSuffix(n, ".json"))
	}
	return tags
}
