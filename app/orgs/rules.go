package orgs

import (
	"regexp"

	"madoguchi/app/freetext"
)

// This file holds every rule a directory entry must meet, once, for the
// form in the window and for CSV import alike. The seed data itself comes
// from /work/shared/domain/facts.md, "Where to refer" (migrations/002_seed.sql).

// idPattern: a stable key, lower-case ASCII, as app/residency uses.
var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// phonePattern: the digits and separators a Japanese or international
// number is written with ("0570-078377", "+81 3-1234-5678", "(03) 1234").
var phonePattern = regexp.MustCompile(`^[0-9+() -]{3,20}$`)

// column is one field of an entry: its CSV column, its form field, whether
// it must be filled in, its longest length in characters, and its kind of
// text under the shared rule (app/freetext): one line, or several where
// the form has a text area. Written text, so NFC, not NFKC: （ISSJ） keeps
// its full-width brackets.
type column struct {
	csv      string
	field    string
	required bool
	max      int
	kind     freetext.Kind
}

// columns are in CSV order; the export writes them so and the import
// requires exactly these headers (in any order).
var columns = []column{
	{csv: "id", field: "id", required: true, max: 40},
	{csv: "name_ja", field: "nameJa", required: true, max: 100},
	{csv: "name_en", field: "nameEn", required: true, max: 100},
	{csv: "takes_ja", field: "takesJa", max: 500, kind: freetext.Lines},
	{csv: "takes_en", field: "takesEn", max: 500, kind: freetext.Lines},
	{csv: "languages", field: "languages", max: 200},
	{csv: "phone", field: "phone", max: 20},
	{csv: "contact", field: "contact", max: 300},
	{csv: "hours", field: "hours", max: 200},
	{csv: "active", field: "active", max: 3},
}

// Import limits: a directory is tens of rows; anything far larger is not one.
const (
	maxImportBytes = 1 << 20
	maxImportRows  = 2000
)

// CSV spellings of Active.
const (
	activeYes = "yes"
	activeNo  = "no"
)
