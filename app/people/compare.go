package people

import (
	"encoding/json"
	"errors"
	"strings"

	"madoguchi/app/problem"
)

// ItemResult is the comparison of one basic item between two records.
type ItemResult struct {
	Item Item `json:"item"`
	// Same: both values could be read and their normalised forms are equal.
	Same bool `json:"same"`
	// A and B are the normalised values (NormalizeName, Address.String,
	// yyyy-mm-dd, male/female/unstated), for showing the two side by side.
	// "" means the value was missing or could not be read.
	A string `json:"a"`
	B string `json:"b"`
	// Exact: Same, and written identically too. Same && !Exact means they
	// agree only once normalised (髙橋 and 高橋, 2-8-1 and 二丁目8番1号),
	// which a screen may point out.
	Exact bool `json:"exact"`
	// SameUpToBuilding (address only): not Same, but the addresses agree up
	// to the block number and differ in the building or room.
	SameUpToBuilding bool `json:"sameUpToBuilding,omitempty"`
}

// Comparison holds the four item results of Compare. Its fields are hidden
// so that only Compare can make one that says the four items match.
type Comparison struct {
	items [len(fourItems)]ItemResult
	made  bool
}

// Compare normalises the four basic items of a and b and compares them one
// by one. This is the check at card handover (the chip's four items against
// the application) and before any link between records. The reading is not
// one of the four items and is not compared.
func Compare(a, b Person) Comparison {
	addrA, addrB := NormalizeAddress(a.Address), NormalizeAddress(b.Address)
	dateA, _ := NormalizeBirthDate(a.BirthDate)
	dateB, _ := NormalizeBirthDate(b.BirthDate)
	sexA, _ := NormalizeSex(a.Sex)
	sexB, _ := NormalizeSex(b.Sex)

	address := itemResult(ItemAddress, a.Address, b.Address, addrA.String(), addrB.String())
	address.SameUpToBuilding = !address.Same && addrA.Main != "" && addrA.Main == addrB.Main
	return Comparison{made: true, items: [...]ItemResult{
		itemResult(ItemName, a.Name, b.Name, NormalizeName(a.Name), NormalizeName(b.Name)),
		address,
		itemResult(ItemBirthDate, a.BirthDate, b.BirthDate, dateA, dateB),
		itemResult(ItemSex, a.Sex, b.Sex, string(sexA), string(sexB)),
	}}
}

func itemResult(item Item, rawA, rawB, a, b string) ItemResult {
	same := a != "" && a == b
	return ItemResult{
		Item:  item,
		Same:  same,
		A:     a,
		B:     b,
		Exact: same && strings.TrimSpace(rawA) == strings.TrimSpace(rawB),
	}
}

// AllFourMatch reports whether name, address, birth date and sex are all the
// same. Nothing less is enough to link two records without a supervisor.
func (c Comparison) AllFourMatch() bool {
	if !c.made {
		return false
	}
	for _, r := range c.items {
		if !r.Same {
			return false
		}
	}
	return true
}

// Items returns the four results in the card's order: name, address, birth
// date, sex.
func (c Comparison) Items() []ItemResult {
	if !c.made {
		return nil
	}
	return c.items[:]
}

// Result returns the result for one item.
func (c Comparison) Result(item Item) ItemResult {
	for _, r := range c.Items() {
		if r.Item == item {
			return r
		}
	}
	return ItemResult{Item: item}
}

// Differing lists the items that are not the same, in the card's order.
func (c Comparison) Differing() []Item {
	var out []Item
	for _, r := range c.Items() {
		if !r.Same {
			out = append(out, r.Item)
		}
	}
	return out
}

// MarshalJSON sends the comparison to the window as
// {"items": [...], "allFourMatch": bool}.
func (c Comparison) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Items        []ItemResult `json:"items"`
		AllFourMatch bool         `json:"allFourMatch"`
	}{c.Items(), c.AllFourMatch()})
}

// LinkBasis says why two records may be linked.
type LinkBasis string

// The only two grounds for a link.
const (
	BasisFourItems  LinkBasis = "fourItems"  // Compare found all four items the same
	BasisSupervisor LinkBasis = "supervisor" // a supervisor decided, giving a reason
)

// SupervisorOverride is a supervisor's decision that two records are the same
// person although not all four items match (a married name not yet on the
// card, a moved address). Who decided, and when, is recorded by the caller in
// the audit log; the reason is kept with the link.
type SupervisorOverride struct {
	Reason string `json:"reason"`
}

// Link is permission to link two records. The only ways to get one are
// LinkByMatch and LinkByOverride; the zero Link is not valid, and code that
// links records must check Valid.
type Link struct {
	basis  LinkBasis
	reason string
	cmp    Comparison
}

// errNotAllFourMatch and errReasonMissing are what a counter sees when a link
// is refused.
func errNotAllFourMatch() error { return problem.New("people.error.link.notAllFourMatch", nil) }
func errReasonMissing() error {
	return problem.OnField("overrideReason", "people.error.link.reasonMissing", nil)
}

// errNoComparison is a programming error: an override still needs the
// comparison the supervisor looked at.
var errNoComparison = errors.New("people: link needs a comparison made by Compare")

// LinkByMatch permits a link when all four items match, and refuses it
// otherwise with people.error.link.notAllFourMatch.
func LinkByMatch(c Comparison) (Link, error) {
	if !c.AllFourMatch() {
		return Link{}, errNotAllFourMatch()
	}
	return Link{basis: BasisFourItems, cmp: c}, nil
}

// LinkByOverride permits a link on a supervisor's decision. The reason must
// not be blank (people.error.link.reasonMissing, on the overrideReason field).
func LinkByOverride(c Comparison, o SupervisorOverride) (Link, error) {
	if !c.made {
		return Link{}, errNoComparison
	}
	reason := strings.TrimSpace(o.Reason)
	if reason == "" {
		return Link{}, errReasonMissing()
	}
	return Link{basis: BasisSupervisor, reason: reason, cmp: c}, nil
}

// Valid reports a link made by LinkByMatch or LinkByOverride.
func (l Link) Valid() bool { return l.basis != "" }

// Basis says on what ground the link was permitted.
func (l Link) Basis() LinkBasis { return l.basis }

// OverrideReason is the supervisor's reason; "" for a four-item match.
func (l Link) OverrideReason() string { return l.reason }

// Comparison is the comparison the link was decided on.
func (l Link) Comparison() Comparison { return l.cmp }
