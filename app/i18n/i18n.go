// Package i18n loads the shared message catalog (locales/) and looks up messages in a chosen language.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"madoguchi/locales"
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

// Catalog is the message files, one per language.
//
// Each language has a bundle of its own: go-i18n matches a requested tag to
// the closest one it holds, and would answer Easy Japanese (ja-x-easy, a
// private-use tag) from the Japanese file. With one file per bundle the
// language asked for is the one rendered; a missing message renders as its
// ID, as the parity tests make sure none is missing.
//
// A file is parsed the first time its language is used, not at Load:
// go-i18n turns every message into a template, and parsing all thirteen
// files was most of what a command-line start cost, for one message in
// one language. Check parses them all, for the tests.
type Catalog struct {
	fsys  fs.FS
	files map[string]*file    // by tag
	tags  []string            // Japanese first, then English, then by tag
	index map[string]Language // the language list without parsing; nil: read the files

	langsOnce sync.Once
	langs     []Language
}

// file is one language's message file, parsed once, on first use; safe for
// the desk's concurrent calls.
type file struct {
	name   string
	tag    language.Tag
	once   sync.Once
	bundle *goi18n.Bundle
	err    error
}

func (f *file) load(fsys fs.FS) (*goi18n.Bundle, error) {
	f.once.Do(func() {
		b := goi18n.NewBundle(f.tag)
		b.RegisterUnmarshalFunc("json", json.Unmarshal)
		if _, err := b.LoadMessageFileFS(fsys, f.name); err != nil {
			f.err = fmt.Errorf("load %s: %w", f.name, err)
			return
		}
		f.bundle = b
	})
	return f.bundle, f.err
}

// Load lists every <tag>.json at the root of fsys. It reads no file: each
// is parsed when its language is first used (see Catalog).
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list message files: %w", err)
	}
	c := &Catalog{fsys: fsys, files: map[string]*file{}}
	for _, name := range names {
		tag := strings.TrimSuffix(path.Base(name), ".json")
		lt, err := language.Parse(tag)
		if err != nil {
			return nil, fmt.Errorf("load %s: language tag: %w", name, err)
		}
		c.files[tag] = &file{name: name, tag: lt}
		c.tags = append(c.tags, tag)
	}
	if c.files[Fallback] == nil {
		return nil, fmt.Errorf("message files: %s.json is missing", Fallback)
	}
	sort.SliceStable(c.tags, func(i, j int) bool { return rank(c.tags[i]) < rank(c.tags[j]) })
	if fsys == locales.FS {
		c.index = index // generated from these very files
	}
	return c, nil
}

// Check parses every language's file and reports each one go-i18n refuses.
// The program never calls it (a start parses only the languages it uses);
// go test ./app/i18n does, so a broken file fails there.
func (c *Catalog) Check() error {
	var errs []error
	for _, tag := range c.tags {
		if _, err := c.files[tag].load(c.fsys); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
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

// Languages lists the catalog's languages, Japanese first, each named in
// its own script. The window asks for it at every start, so for the
// embedded catalog it comes from index (index.go) and parses no file; a
// language the index lacks is read from its file.
func (c *Catalog) Languages() []Language {
	c.langsOnce.Do(func() {
		for _, tag := range c.tags {
			l, ok := c.index[tag]
			if !ok {
				l = c.fromFile(tag)
			}
			c.langs = append(c.langs, l)
		}
	})
	return slices.Clone(c.langs)
}

// fromFile reads a language's name, status and note from its own file.
func (c *Catalog) fromFile(tag string) Language {
	return Language{
		Tag:    tag,
		Name:   c.Message(tag, NameID, nil),
		Status: c.Message(tag, StatusID, nil),
		Note:   c.Message(tag, NoteID, nil),
	}
}

// Has reports whether the catalog holds language tag.
func (c *Catalog) Has(tag string) bool { return c.files[tag] != nil }

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
	f := c.files[tag]
	if f == nil {
		tag, f = Fallback, c.files[Fallback]
	}
	b, err := f.load(c.fsys)
	if err != nil {
		// A file go-i18n refuses renders like a missing message; Check,
		// run by the tests, keeps such a file from being shipped.
		return id
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
