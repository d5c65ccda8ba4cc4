// Package people normalises a person's four basic items (name, address, birth date, sex), compares records item by item, and warns of similar persons; it never merges records.
package people

// Person is one record's view of a person, as written: from the card's
// chip, an application, or a register. Every field is normalised before any
// comparison, so callers pass values as they have them.
type Person struct {
	Name      string `json:"name"`      // kanji, kana or Latin letters, any spacing
	Reading   string `json:"reading"`   // 振り仮名 in katakana or hiragana; may be empty
	Address   string `json:"address"`   // one line, building and room included
	BirthDate string `json:"birthDate"` // see NormalizeBirthDate for the forms read
	Sex       string `json:"sex"`       // "1", "2", "9" as on the card, or male/female/unstated
}

// Item names one of the four basic items.
type Item string

// MessageID is the catalog label of the item.
func (i Item) MessageID() string { return "people.item." + string(i) }

// Sex is a normalised sex. The zero value means not known (unreadable or
// missing), which never matches anything.
type Sex string

// The sexes a record can state.
const (
	Male     Sex = "male"
	Female   Sex = "female"
	Unstated Sex = "unstated"
)

// Code is the ISO/IEC 5218 digit the card uses: "1", "2" or "9"; "" when
// not known.
func (s Sex) Code() string {
	switch s {
	case Male:
		return "1"
	case Female:
		return "2"
	case Unstated:
		return "9"
	}
	return ""
}

// MessageID is the catalog label of the sex, "" when not known.
func (s Sex) MessageID() string {
	if s == "" {
		return ""
	}
	return "people.sex." + string(s)
}
