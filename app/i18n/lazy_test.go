package i18n

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"madoguchi/locales"
)

// TestEveryFileParses is the check Load made of every file before files
// were parsed on first use: a file go-i18n refuses fails here.
func TestEveryFileParses(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Error(err)
	}
}

// parsed lists the languages whose file has been parsed (or tried).
func parsed(c *Catalog) []string {
	var tags []string
	for _, tag := range c.tags {
		if f := c.files[tag]; f.bundle != nil || f.err != nil {
			tags = append(tags, tag)
		}
	}
	return tags
}

// TestFilesParsedOnFirstUse: opening the catalog parses no file, and using a
// language parses that language's file alone.
func TestFilesParsedOnFirstUse(t *testing.T) {
	tests := []struct {
		name string
		use  func(c *Catalog)
		want []string
	}{
		{"open only", func(c *Catalog) {}, nil},
		{"one message", func(c *Catalog) { c.Message("vi", NameID, nil) }, []string{"vi"}},
		{"same language twice", func(c *Catalog) {
			c.Message("en", NameID, nil)
			c.Marked("en", NoteID, nil)
		}, []string{"en"}},
		{"unknown language: the fallback's file", func(c *Catalog) { c.Message("xx", NameID, nil) }, []string{Fallback}},
		{"asking whether a language exists", func(c *Catalog) { c.Has("th") }, nil},
		{"the language list (the window's first screen)", func(c *Catalog) { c.Languages() }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(locales.FS)
			if err != nil {
				t.Fatal(err)
			}
			tt.use(c)
			if got := parsed(c); !slices.Equal(got, tt.want) {
				t.Errorf("parsed %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLanguagesOfAnotherCatalog: the index describes locales/ only; a
// catalog of other files names its languages from the files themselves.
func TestLanguagesOfAnotherCatalog(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"ja.json": {Data: []byte(`{"meta.language.name": "日本語(試験)", "meta.translation.status": "source"}`)},
		"eo.json": {Data: []byte(`{"meta.language.name": "Esperanto"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Language{
		{Tag: "ja", Name: "日本語(試験)", Status: StatusSource, Note: NoteID},
		{Tag: "eo", Name: "Esperanto", Status: StatusID, Note: NoteID}, // a missing message renders as its ID
	}
	if got := c.Languages(); !slices.Equal(got, want) {
		t.Errorf("Languages() = %+v, want %+v", got, want)
	}
}

// TestBrokenFile: a file go-i18n refuses no longer stops Load (which reads
// no file), so Check must report it, and rendering from it must not panic.
func TestBrokenFile(t *testing.T) {
	const ja = `{"meta.language.name": "日本語", "x.hello": "こんにちは"}`
	tests := []struct{ name, en string }{
		{"not JSON", `{"x.hello": "hello",`},
		{"neither text nor plural forms", `{"x.hello": 42}`},
		{"plural form with a name CLDR lacks", `{"x.hello": {"other": "hellos", "lots": "many hellos"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(fstest.MapFS{
				"ja.json": {Data: []byte(ja)},
				"en.json": {Data: []byte(tt.en)},
			})
			if err != nil {
				t.Fatalf("Load: %v, want the broken file found by Check, not Load", err)
			}
			if err := c.Check(); err == nil || !strings.Contains(err.Error(), "en.json") {
				t.Errorf("Check = %v, want an error naming en.json", err)
			}
			if got := c.Message("en", "x.hello", nil); got != "x.hello" {
				t.Errorf("Message from the broken file = %q, want the ID", got)
			}
			if got := c.Message("ja", "x.hello", nil); got != "こんにちは" {
				t.Errorf("Message(ja) = %q: a broken file must not spoil the others", got)
			}
		})
	}
}

// TestFirstUseFromManyGoroutines: the desk's methods run concurrently, and
// two of them may be the first to use a language (go test -race).
func TestFirstUseFromManyGoroutines(t *testing.T) {
	c, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	names := make([]string, 4*len(c.tags))
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			names[i] = c.Message(c.tags[i%len(c.tags)], NameID, nil)
		}()
	}
	wg.Wait()
	for i, name := range names {
		if name == "" || name == NameID {
			t.Errorf("goroutine %d: %s name = %q", i, c.tags[i%len(c.tags)], name)
		}
	}
	if got := len(parsed(c)); got != len(c.tags) {
		t.Errorf("%d files parsed, want all %d", got, len(c.tags))
	}
}
