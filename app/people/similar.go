package people

import "slices"

// Record is a person known under an ID (an application, a register entry).
type Record struct {
	ID string `json:"id"`
	Person
}

// Reason says why a record looks like the person asked about.
type Reason string

// The reasons for a similar-person warning, strongest first.
const (
	// SameBirthDateSimilarName: same birth date, and the names or the
	// readings are equal or a few edits apart (see maxEdits).
	SameBirthDateSimilarName Reason = "sameBirthDateSimilarName"
	// SameNameOtherBirthDate: the same name, born on another day (or one of
	// the two dates is missing).
	SameNameOtherBirthDate Reason = "sameNameOtherBirthDate"
	// SameAddressSimilarName: same address up to the building, and names or
	// readings equal or a few edits apart.
	SameAddressSimilarName Reason = "sameAddressSimilarName"
)

var reasonOrder = [...]Reason{SameBirthDateSimilarName, SameNameOtherBirthDate, SameAddressSimilarName}

// MessageID is the catalog text that explains the reason to staff.
func (r Reason) MessageID() string { return "people.similar.reason." + string(r) }

// Candidate is a record that may be the same person, with every reason that
// applies. It is a warning for a person to look at, never a match: check it
// with Compare.
type Candidate struct {
	ID      string   `json:"id"`
	Reasons []Reason `json:"reasons"`
}

// Index holds persons in memory for similar-person warnings. Each reason
// pairs a fuzzy name test with one item that must be equal (birth date,
// name, or address), so the index keeps one map per such item and only the
// few persons sharing it are compared by name. Add must not run at the same
// time as another method; Similar may run in parallel with itself.
type Index struct {
	entries   []entry
	byBirth   map[string][]int32
	byName    map[string][]int32
	byAddress map[string][]int32
}

// entry is a record's normalised items; the raw values stay with the caller.
type entry struct {
	id string
	key
}

type key struct {
	name, reading, address, birth string
}

func keyOf(p Person) key {
	birth, _ := NormalizeBirthDate(p.BirthDate)
	return key{
		name:    NormalizeName(p.Name),
		reading: NormalizeReading(p.Reading),
		address: NormalizeAddress(p.Address).Main,
		birth:   birth,
	}
}

// Keys are the normalised items of which every reason needs one equal: the
// birth date, the name, the address up to the building. A store that files
// each record under its Keys (a blind index) and gives Similar only the
// records filed under the asked person's Keys gets the same candidates as
// from an index of every record. An empty key is never filed.
type Keys struct {
	Birth, Name, Address string
}

// Normalized is a person's items as Similar compares them. A store that
// keeps it beside each record (sealed: it is personal data) can index many
// candidates without normalising each one again (AddNormalized).
type Normalized struct {
	Name, Reading, Address, Birth string
}

// Normalize returns p's items as Similar compares them.
func Normalize(p Person) Normalized {
	k := keyOf(p)
	return Normalized{Name: k.name, Reading: k.reading, Address: k.address, Birth: k.birth}
}

// AddNormalized indexes one more record by items Normalize returned.
func (ix *Index) AddNormalized(id string, n Normalized) {
	ix.add(entry{id: id, key: key{name: n.Name, reading: n.Reading, address: n.Address, birth: n.Birth}})
}

// LookupKeys returns p's Keys.
func LookupKeys(p Person) Keys {
	k := keyOf(p)
	return Keys{Birth: k.birth, Name: k.name, Address: k.address}
}

// NewIndex indexes the records.
func NewIndex(records []Record) *Index {
	// Birth dates cover about 35,000 days since 1930; most names and
	// addresses are shared by a few persons.
	ix := &Index{
		entries:   make([]entry, 0, len(records)),
		byBirth:   make(map[string][]int32, min(len(records), 40_000)),
		byName:    make(map[string][]int32, len(records)/4),
		byAddress: make(map[string][]int32, len(records)/2),
	}
	for _, r := range records {
		ix.Add(r)
	}
	return ix
}

// Add indexes one more record.
func (ix *Index) Add(r Record) {
	ix.add(entry{id: r.ID, key: keyOf(r.Person)})
}

func (ix *Index) add(e entry) {
	pos := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	addTo(ix.byBirth, e.birth, pos)
	addTo(ix.byName, e.name, pos)
	addTo(ix.byAddress, e.address, pos)
}

// addTo files pos under k; an item that is missing or unreadable is not
// filed, since it can never be "the same" as another.
func addTo(m map[string][]int32, k string, pos int32) {
	if k != "" {
		m[k] = append(m[k], pos)
	}
}

// Len is the number of records indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Similar returns the records that may be the same person as p, most
// reasons first, then in the order they were added. p's own record, if it
// is in the index, is among them: the caller leaves it out by ID.
func (ix *Index) Similar(p Person) []Candidate {
	q := keyOf(p)
	var hits []int32
	if q.birth != "" {
		hits = append(hits, ix.byBirth[q.birth]...)
	}
	if q.name != "" {
		hits = append(hits, ix.byName[q.name]...)
	}
	if q.address != "" {
		hits = append(hits, ix.byAddress[q.address]...)
	}
	slices.Sort(hits)
	return ix.judgeAll(&q, slices.Values(slices.Compact(hits)))
}

// reasonSet has bit i set for reasonOrder[i].
type reasonSet uint8

const (
	bitSameBirth reasonSet = 1 << iota
	bitSameName
	bitSameAddress
)

// judgeAll applies the reasons to the records at the given positions, in
// increasing order, and ranks those with any.
func (ix *Index) judgeAll(q *key, positions func(yield func(int32) bool)) []Candidate {
	type found struct {
		pos  int32
		set  reasonSet
		size int
	}
	var hits []found
	for pos := range positions {
		if set := judge(q, &ix.entries[pos].key); set != 0 {
			hits = append(hits, found{pos, set, bitCount(set)})
		}
	}
	slices.SortStableFunc(hits, func(a, b found) int { return b.size - a.size })
	out := make([]Candidate, len(hits))
	for i, h := range hits {
		out[i] = Candidate{ID: ix.entries[h.pos].id}
		for bit, r := range reasonOrder {
			if h.set&(1<<bit) != 0 {
				out[i].Reasons = append(out[i].Reasons, r)
			}
		}
	}
	return out
}

// judge says which reasons make e look like q.
func judge(q, e *key) reasonSet {
	var set reasonSet
	sameBirth := q.birth != "" && q.birth == e.birth
	sameAddress := q.address != "" && q.address == e.address
	if (sameBirth || sameAddress) && similarName(q, e) {
		if sameBirth {
			set |= bitSameBirth
		}
		if sameAddress {
			set |= bitSameAddress
		}
	}
	if q.name != "" && q.name == e.name && q.birth != e.birth {
		set |= bitSameName
	}
	return set
}

// similarName: the names, or the readings, are at most maxEdits apart.
func similarName(q, e *key) bool {
	return closeEnough(q.name, e.name) || closeEnough(q.reading, e.reading)
}

func closeEnough(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	return withinEdits(ra, rb, maxEdits(min(len(ra), len(rb))))
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

func bitCount(s reasonSet) int {
	n := 0
	for ; s != 0; s &= s - 1 {
		n++
	}
	return n
}
