package virtual

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestMessagesAreInBothLanguages finds every message ID the command line can print and checks that Japanese and
// English have it with the same placeholders: in locales/parts/virtual.*.json until they are merged, then in the
// catalog.
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
	for _, lang := range []string{"ja", "en"} {
		messages[lang] = load(t, "../../../locales/parts/virtual."+lang+".json", "../../../locales/"+lang+".json")
	}
	for _, id := range ids {
		ja, en := messages["ja"][id], messages["en"][id]
		if ja == "" || en == "" {
			t.Errorf("%s: ja %q, en %q", id, ja, en)
			continue
		}
		if !slices.Equal(placeholders(ja), placeholders(en)) {
			t.Errorf("%s: placeholders differ: ja %v, en %v", id, placeholders(ja), placeholders(en))
		}
	}
}

// load reads the first of the files that exists.
func load(t *testing.T, paths ...string) map[string]string {
	t.Helper()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var all map[string]any
		if err := json.Unmarshal(data, &all); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		m := map[string]string{}
		for id, v := range all {
			if s, ok := v.(string); ok {
				m[id] = s
			}
		}
		return m
	}
	t.Fatalf("none of %v exists", paths)
	return nil
}
