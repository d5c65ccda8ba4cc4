package synth

import (
	"strings"
	"time"
)

// Person is one person as a register or a card writes them, in the shape
// of people.Person (convert with people.Person(p)): the name in kanji,
// kana or Latin letters, its reading, the address in one line, the birth
// date in one of the forms people.NormalizeBirthDate reads, and the sex as
// the card's digit ("1", "2", "9").
type Person struct {
	Name      string
	Reading   string
	Address   string
	BirthDate string
	Sex       string
}

// Register generates persons shaped like a municipal register, for the
// similar-person tests and benchmarks: households of one to four sharing
// an address and a family name, common surnames far more frequent than
// rare ones, 3% foreign residents in Latin letters, all written the many
// ways staff type them. The same seed gives the same persons.
type Register struct{ src source }

// NewRegister returns a generator seeded with seed.
func NewRegister(seed uint64) *Register { return &Register{src: newSource(seed)} }

// registerForeign is the share of foreign households in a Register.
const registerForeign = 3 // percent

var registerFirstDay, registerLastDay = time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

// People makes n persons in households of one to four sharing an address.
func (g *Register) People(n int) []Person {
	s := g.src
	out := make([]Person, 0, n)
	for len(out) < n {
		var grp *group
		var family namePart
		if s.n(100) < registerForeign {
			grp = groups[s.weighted(groupWeights)]
			family = s.pick(grp.families)
		} else {
			family = surnames[s.zipf(len(surnames))]
		}
		address := g.address()
		for range min(1+s.n(4), n-len(out)) {
			out = append(out, g.person(family, grp, address))
		}
	}
	return out
}

// Queries makes persons to look up: mostly changed copies of known persons
// (one kanji of the given name wrong, another birth date, a variant kanji,
// a sibling at the same address, a re-registration), and some strangers.
func (g *Register) Queries(known []Person, n int) []Person {
	s := g.src
	out := make([]Person, 0, n)
	for range n {
		p := known[s.n(len(known))]
		switch s.n(6) {
		case 0: // typo: one character of the name replaced
			r := []rune(p.Name)
			i := s.n(len(r))
			r[i] = []rune(s.pick(maleNames).written)[0]
			p.Name = string(r)
		case 1: // same name, another person born elsewhere and another day
			p.BirthDate, p.Address = g.birthDate(false), g.address()
		case 2: // same person, written another way
			p.Name = strings.NewReplacer("高", "髙", "崎", "﨑", "辺", "邊", " ", "").Replace(p.Name)
			p.Address = strings.NewReplacer("-", "−", "丁目", "-").Replace(p.Address)
		case 3: // a sibling at the same address
			p.Name = strings.Fields(p.Name)[0] + " " + s.pick(femaleNames).written
			p.BirthDate = g.birthDate(false)
		case 4: // duplicate registration: unchanged
		default:
			p = g.person(surnames[s.zipf(len(surnames))], nil, g.address())
		}
		out = append(out, p)
	}
	return out
}

func (g *Register) birthDate(foreign bool) string {
	s := g.src
	days := int(registerLastDay.Sub(registerFirstDay).Hours() / 24)
	d := registerFirstDay.AddDate(0, 0, s.n(days+1))
	if foreign && s.n(5) == 0 {
		d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC) // date unknown: recorded as 1 January
	}
	switch s.n(4) {
	case 0:
		return d.Format("20060102")
	case 1:
		return d.Format("2006/1/2")
	case 2:
		return d.Format("2006年1月2日")
	}
	return d.Format(time.DateOnly)
}

func (g *Register) sex() string {
	s := g.src
	if s.n(1000) == 0 {
		return "9"
	}
	return []string{"1", "2"}[s.n(2)]
}

// address writes a new home one of the ways it is typed.
func (g *Register) address() string {
	return g.src.home().address(g.src.n(blockLongMark), roomGo, false)
}

// person makes one member of a household; grp is nil for a Japanese one.
func (g *Register) person(family namePart, grp *group, address string) Person {
	s := g.src
	p := Person{Address: address, BirthDate: g.birthDate(grp != nil), Sex: g.sex()}
	if grp != nil {
		sex := male
		if p.Sex == "2" {
			sex = female
		}
		given := grp.givenName(s, sex)
		words := []namePart{family, given}
		if len(grp.middles) > 0 && s.n(2) == 0 {
			words = []namePart{family, s.pick(grp.middles), given}
		}
		var latin, kana []string
		for _, w := range words {
			latin, kana = append(latin, w.written), append(kana, w.kana)
		}
		switch s.n(3) {
		case 0:
			p.Name = strings.Join(latin, " ")
		case 1:
			p.Name = strings.Join(append(latin[1:], latin[0]), " ")
		default:
			p.Name = latin[0] + ", " + strings.Join(latin[1:], " ")
		}
		p.Reading = strings.Join(kana, "・")
		return p
	}
	given := s.pick(maleNames)
	if p.Sex == "2" || (p.Sex == "9" && s.n(2) == 0) {
		given = s.pick(femaleNames)
	}
	surname := family.written
	if v, ok := surnameVariants[surname]; ok && s.n(8) == 0 {
		surname = v[s.n(len(v))]
	}
	p.Name = surname + []string{" ", "　", ""}[s.n(3)] + given.written
	p.Reading = family.kana + " " + given.kana
	switch s.n(20) {
	case 0:
		p.Reading = hiragana(p.Reading)
	case 1:
		p.Reading = family.kana + given.kana
	}
	return p
}
