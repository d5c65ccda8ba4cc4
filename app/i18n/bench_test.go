package i18n

import (
	"testing"

	"madoguchi/locales"
)

// BenchmarkOpenAndRender is what a command-line start pays for the catalog:
// open it and render one message in one language. Run it with
// go test -run '^$' -bench . ./app/i18n
func BenchmarkOpenAndRender(b *testing.B) {
	for b.Loop() {
		c, err := Load(locales.FS)
		if err != nil {
			b.Fatal(err)
		}
		if got := c.Message("en", NameID, nil); got != "English" {
			b.Fatalf("Message(en, %s) = %q", NameID, got)
		}
	}
}
