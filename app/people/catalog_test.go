package people

import (
	"strings"
	"testing"

	"madoguchi/app/i18n/i18ntest"
	"madoguchi/app/problem"
)

// readMessages reads one language's messages from the shared catalog.
func readMessages(t *testing.T, lang string) map[string]string {
	return i18ntest.Messages(t, lang)
}

// emittedIDs provokes every problem the package returns and lists every
// label a screen needs for its results.
func emittedIDs() []string {
	var ids []string
	collect := func(err error) {
		for _, p := range problem.From(err) {
			ids = append(ids, p.ID)
		}
	}
	_, err := NormalizeBirthDate("x")
	collect(err)
	_, err = NormalizeSex("x")
	collect(err)
	_, err = LinkByMatch(Comparison{})
	collect(err)
	_, err = LinkByOverride(Compare(Person{}, Person{}), SupervisorOverride{})
	collect(err)
	for _, item := range fourItems {
		ids = append(ids, item.MessageID())
	}
	for _, s := range []Sex{Male, Female, Unstated} {
		ids = append(ids, s.MessageID())
	}
	for _, r := range reasonOrder {
		ids = append(ids, r.MessageID())
	}
	return append(ids, "people.item.same", "people.item.sameWrittenDifferently", "people.item.sameUpToBuilding",
		"people.item.differs", "people.item.unreadable", "people.similar.notice")
}

// Both languages hold every message the package can show, none of them takes
// placeholders (nothing personal is passed), and neither holds a people.*
// message the other lacks.
func TestMessageCatalog(t *testing.T) {
	ja, en := readMessages(t, "ja"), readMessages(t, "en")
	for _, id := range emittedIDs() {
		for lang, cat := range map[string]map[string]string{"ja": ja, "en": en} {
			text, ok := cat[id]
			switch {
			case !ok:
				t.Errorf("%s: missing %s", lang, id)
			case strings.Contains(text, "{{"):
				t.Errorf("%s %s: has a placeholder, but the code passes no arguments", lang, id)
			}
		}
	}
	for id := range ja {
		if _, ok := en[id]; strings.HasPrefix(id, "people.") && !ok {
			t.Errorf("en: missing %s, which ja has", id)
		}
	}
	for id := range en {
		if _, ok := ja[id]; strings.HasPrefix(id, "people.") && !ok {
			t.Errorf("ja: missing %s, which en has", id)
		}
	}
}
