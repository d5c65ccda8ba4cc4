// Package i18n loads the shared message catalog (locales/) and looks up messages in a chosen language.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// NameID is the message in each file that holds the language's own name ("日本語").
const NameID = "meta.language.name"

// Fallback is the language used when a tag is unknown. Japanese, because the
// municipal record the staff work from is always in Japanese.
const Fallback = "ja"

// StatusID and NoteID say how each file was produced: StatusID is one of
// the Status values (data, not shown), NoteID the same in words, in that
// language (docs/translating.md).
const (
	StatusID = "meta.translation.status"
	NoteID   = "meta.translation.note"
)

// Translation statuses.
const (
	StatusSource   = "source"   // written by the project team
	StatusReviewed = "reviewed" // translated, then checked by a native speaker
	StatusMachine  = "machine"  // machine-produced, not yet reviewed
)

// Language is one language the catalog holds.
type Language struct {
	Tag    string `json:"tag"`
	Name   string `json:"name"`   // in its own script
	Status string `json:"status"` // StatusSource, StatusReviewed or StatusMachine
	Note   string `json:"note"`   // how it was produced, in the language itself
}

// Catalog is the parsed message files, one per language.
//
// Each language has a bundle of its own: go-i18n matches a requested tag to
// the closest one it holds, and would answer Easy Japanese (ja-x-easy, a
// private-use tag) from the Japanese file. With one file per bundle the
// language asked for is the one rendered; a missing message renders as its
// ID, as the parity tests make sure none is missing.
type Catalog struct {
	bundles map[string]*goi18n.Bundle
	langs   []Language
}

// Load parses every <tag>.json at the root of fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list message files: %w", err)
	}
	c := &Catalog{bundles: map[string]*goi18n.Bundle{}}
	for _, name := range names {
		tag := strings.TrimSuffix(path.Base(name), ".json")
		lt, err := language.Parse(tag)
		if err != nil {
			return nil, fmt.Errorf("load %s: language tag: %w", name, err)
		}
		b := goi18n.NewBundle(lt)
		b.RegisterUnmarshalFunc("json", json.Unmarshal)
		if _, err := b.LoadMessageFileFS(fsys, name); err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		c.bundles[tag] = b
		c.langs = append(c.langs, Language{Tag: tag})
	}
	if c.bundles[Fallback] == nil {
		return nil, fmt.Errorf("message files: %s.json is missing", Fallback)
	}
	sort.SliceStable(c.langs, func(i, j int) bool { return rank(c.langs[i].Tag) < rank(c.langs[j].Tag) })
	for i := range c.langs {
		c.langs[i].Name = c.Message(c.langs[i].Tag, NameID, nil)
		c.langs[i].Status = c.Message(c.langs[i].Tag, StatusID, nil)
		c.langs[i].Note = c.Message(c.langs[i].Tag, NoteID, nil)
	}
	return c, nil
}

// rank puts Japanese first and English second (the languages every office
// has staff for), then the rest alphabetically.
func rank(tag string) string {
	switch tag {
	case "ja":
		return "0"
	case "en":
		return "1"
	}
	return "2" + tag
}

// Languages lists the catalog's languages, Japanese first.
func (c *Catalog) Languages() []Language { return append([]Language(nil), c.langs...) }

// Has reports whether the catalog holds language tag.
func (c *Catalog) Has(tag string) bool { return c.bundles[tag] != nil }

// Message renders id without furigana (Easy Japanese marks readings as
// {漢字|かんじ}; see Marked): for the command line, dialog titles, files.
func (c *Catalog) Message(tag, id string, args map[string]any) string {
	return PlainText(c.Marked(tag, id, args))
}

// rubyMarkup is a word with its reading: {base|reading}.
var rubyMarkup = regexp.MustCompile(`\{([^{}|]+)\|([^{}|]+)\}`)

// PlainText drops the readings of marked words: "{市役所|しやくしょ}" → "市役所".
func PlainText(s string) string { return rubyMarkup.ReplaceAllString(s, "$1") }

// Marked renders id keeping the furigana markup, for text the window draws
// with <ruby> (applicant-facing guidance).
func (c *Catalog) Marked(tag, id string, args map[string]any) string {
	b := c.bundles[tag]
	if b == nil {
		tag, b = Fallback, c.bundles[Fallback]
	}
	loc := goi18n.NewLocalizer(b, tag)
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: args}
	if n, ok := args["Count"]; ok {
		cfg.PluralCount = n
	}
	out, err := loc.Localize(cfg)
	if err != nil {
		return id
	}
	return out
}
