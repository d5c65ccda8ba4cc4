package people

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

//go:embed data/kanji_variants.tsv
var kanjiVariantsTSV string

// kanjiFold maps a traditional or variant kanji to its standard form. It is
// filled once from the embedded table and only read afterwards.
var kanjiFold = mustParseVariants(kanjiVariantsTSV)

func mustParseVariants(tsv string) map[rune]rune {
	m, err := parseVariants(tsv)
	if err != nil {
		// The table is compiled into the binary and checked by the tests.
		panic(fmt.Sprintf("people: embedded kanji_variants.tsv: %v", err))
	}
	return m
}

// parseVariants reads the table: '#' comment lines, a header, then one
// variant, standard, kind per line. It refuses chains (a variant that is
// also a standard) so that folding once is enough.
func parseVariants(tsv string) (map[rune]rune, error) {
	m := map[rune]rune{}
	header := false
	for n, line := range strings.Split(tsv, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if !header {
			if len(cols) < 2 || cols[0] != "variant" || cols[1] != "standard" {
				return nil, fmt.Errorf("line %d: want the header variant, standard, kind", n+1)
			}
			header = true
			continue
		}
		if len(cols) != 3 || utf8.RuneCountInString(cols[0]) != 1 || utf8.RuneCountInString(cols[1]) != 1 {
			return nil, fmt.Errorf("line %d: want one variant character, one standard character and a kind", n+1)
		}
		v, _ := utf8.DecodeRuneInString(cols[0])
		s, _ := utf8.DecodeRuneInString(cols[1])
		if v == s {
			return nil, fmt.Errorf("line %d: %q maps to itself", n+1, v)
		}
		if _, dup := m[v]; dup {
			return nil, fmt.Errorf("line %d: %q listed twice", n+1, v)
		}
		m[v] = s
	}
	if !header {
		return nil, fmt.Errorf("no header")
	}
	for v, s := range m {
		if _, chained := m[s]; chained {
			return nil, fmt.Errorf("%q maps to %q, which is itself a variant", v, s)
		}
	}
	return m, nil
}

// foldKanji returns the standard form of a variant kanji, or r itself.
func foldKanji(r rune) rune {
	if s, ok := kanjiFold[r]; ok {
		return s
	}
	return r
}
