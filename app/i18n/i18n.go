// Package i18n loads the shared message catalog (locales/) and looks up messages in a chosen language.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
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

// Language is one language the catalog holds.
type Language struct {
	Tag  string `json:"tag"`
	Name string `json:"name"`
}

// Catalog is the parsed message files, one per language.
type Catalog struct {
	bundle *goi18n.Bundle
	langs  []Language
	known  map[string]bool
}

// Load parses every <tag>.json at the root of fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list message files: %w", err)
	}
	c := &Catalog{bundle: goi18n.NewBundle(language.Japanese), known: map[string]bool{}}
	c.bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, name := range names {
		if _, err := c.bundle.LoadMessageFileFS(fsys, name); err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		tag := strings.TrimSuffix(path.Base(name), ".json")
		c.known[tag] = true
		c.langs = append(c.langs, Language{Tag: tag})
	}
	if !c.known[Fallback] {
		return nil, fmt.Errorf("message files: %s.json is missing", Fallback)
	}
	sort.SliceStable(c.langs, func(i, j int) bool { return rank(c.langs[i].Tag) < rank(c.langs[j].Tag) })
	for i := range c.langs {
		c.langs[i].Name = c.Message(c.langs[i].Tag, NameID, nil)
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
func (c *Catalog) Has(tag string) bool { return c.known[tag] }

// Message renders message id in language tag with args. A missing message
// renders as its ID, so a gap is visible rather than a blank.
func (c *Catalog) Message(tag, id string, args map[string]any) string {
	if !c.known[tag] {
		tag = Fallback
	}
	loc := goi18n.NewLocalizer(c.bundle, tag)
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
