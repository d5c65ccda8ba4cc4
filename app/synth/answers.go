package synth

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// form is how one applicant's answers are typed. The fields marked
// neutral change only what intake's normalisation undoes (width, the kind
// of space, the calendar, zero padding), so an exact duplicate may redraw
// them; the others change the normalised name or address.
type form struct {
	nameSep  int  // Japanese names: separatorNone, or a space of some kind
	order    int  // Latin names: orderCard, orderGivenFirst, orderComma
	title    bool // Latin names in title case (Nguyen Van An)
	wide     bool // neutral: full-width letters and digits
	reading  int  // neutral: readingKatakana ... (a slip is added by slipAt)
	slipAt   int  // >0: a one-letter slip in the reading
	japanese bool // neutral: birth date in the Japanese calendar
	gannen   bool // neutral: year 1 of an era written 元
	zeroPad  bool // neutral: month and day with two digits
	block    int  // blockHyphens ...
	room     int  // roomGo ...
	postal   int  // neutral: postalHyphen ...
	stay     int  // neutral: how the end of stay is written
	phone    int  // neutral: phoneHyphens ...
}

// Name separators between a Japanese surname and given name. All but none
// read as one space after normalisation.
const (
	separatorNone = iota
	separatorSpace
	separatorIdeographic
	separatorDouble
)

var separators = [...]string{"", " ", "　", "  "}

// Orders of a Latin name: as on the residence card (family name first),
// given names first, or "FAMILY, GIVEN".
const (
	orderCard = iota
	orderGivenFirst
	orderComma
	orders
)

// How a reading is typed.
const (
	readingKatakana       = iota // ヤマダ タロウ; foreign: グエン・ヴァン・アン
	readingJoined                // ヤマダタロウ
	readingHiragana              // やまだ たろう; foreign: グエン ヴァン アン
	readingHiraganaJoined        // やまだたろう; foreign: グエンヴァンアン
	readingHalfWidth             // ﾔﾏﾀﾞ ﾀﾛｳ
)

var readingWeights = cumulative([]int{70, 10, 12, 5, 3})

// How a postal code is typed.
const (
	postalHyphen   = iota // 160-0023
	postalPlain           // 1600023
	postalMark            // 〒160-0023
	postalLongMark        // 160ー0023
	postalWide            // １６０－００２３
)

var postalWeights = cumulative([]int{60, 25, 5, 5, 5})

var stayWeights = cumulative([]int{40, 25, 5, 15, 10, 5})

// How a phone number is typed.
const (
	phoneHyphens  = iota // 090-1234-5678
	phonePlain           // 09012345678
	phoneSpaces          // 090 1234 5678
	phoneParens          // 03(1234)5678
	phoneWide            // ０９０－１２３４－５６７８
	phoneLongMark        // 090ー1234ー5678
)

var phoneWeights = cumulative([]int{60, 15, 5, 5, 10, 5})

// spaceWeights weight the kinds of space between a surname and a given
// name: one space, an ideographic space, two spaces. 15% type none.
var spaceWeights = cumulative([]int{60, 20, 5})

// form draws how p is typed.
func (g *Generator) form(p person) form {
	s := g.src
	f := form{nameSep: separatorSpace, title: s.n(20) == 0, block: p.home.typedBlock, room: p.home.typedRoom}
	if s.n(10) == 0 { // typed by someone else than the rest of the household
		f.block, f.room = s.n(blockForms), s.n(roomForms)
	}
	if s.n(100) < 15 {
		f.nameSep = separatorNone
	}
	if x := s.n(100); x >= 80 {
		f.order = orderGivenFirst + (x-80)/10 // 10% each
	}
	g.redraw(p, &f)
	return f
}

// redraw draws the neutral parts of f again.
func (g *Generator) redraw(p person, f *form) {
	s := g.src
	f.wide = s.n(25) == 0
	f.reading = s.weighted(readingWeights)
	f.slipAt = 0
	if p.grp == nil {
		f.japanese = s.n(100) < 55
	} else {
		f.japanese = s.n(10) == 0
	}
	f.gannen = s.n(2) == 0
	f.zeroPad = s.n(4) == 0
	f.postal = s.weighted(postalWeights)
	f.stay = s.weighted(stayWeights)
	f.phone = s.weighted(phoneWeights)
	if f.nameSep != separatorNone {
		f.nameSep = separatorSpace + s.weighted(spaceWeights)
	}
}

// retype is the same person applying again: the neutral parts of how they
// are typed drawn again, and now and then another language or phone.
func (g *Generator) retype(p person, f form) (person, form) {
	s := g.src
	g.redraw(p, &f)
	if s.n(10) == 0 {
		p.language = []string{"ja", "en", "ja-x-easy"}[s.n(3)]
	}
	if s.n(5) == 0 {
		p.phone = g.mobile()
	}
	return p, f
}

// The changes that make a near-duplicate.
const (
	alterVariant = iota // a variant kanji (髙 for 高)
	alterSpacing        // a space between surname and given name, or none
	alterOrder          // a Latin name in another order or case
	alterBlock          // the block number written another way
	alterRoom           // the building left out, or the room written another way
	alterations
)

// alter makes p and f a near-duplicate: one change that normalisation
// does not undo, and, half the time, a slip in the reading.
func (g *Generator) alter(p *person, f *form) {
	s := g.src
	var can []int
	for k := range alterations {
		switch k {
		case alterVariant:
			if p.grp != nil || !hasVariant(p.family.written+p.given.written) {
				continue
			}
		case alterSpacing:
			if p.grp != nil {
				continue
			}
		case alterOrder:
			if p.grp == nil {
				continue
			}
		case alterRoom:
			if p.home.building == "" {
				continue
			}
		}
		can = append(can, k)
	}
	switch can[s.n(len(can))] {
	case alterVariant:
		k := s.n(8)
		if v, ok := swapVariant(p.family.written, k); ok && (s.n(2) == 0 || !hasVariant(p.given.written)) {
			p.family.written = v
		} else {
			p.given.written, _ = swapVariant(p.given.written, k)
		}
	case alterSpacing:
		if f.nameSep == separatorNone {
			f.nameSep = separatorSpace + s.weighted(spaceWeights)
		} else {
			f.nameSep = separatorNone
		}
	case alterOrder:
		if s.n(3) == 0 {
			f.title = !f.title
		} else {
			f.order = (f.order + 1 + s.n(orders-1)) % orders
		}
	case alterBlock:
		f.block = (f.block + 1 + s.n(blockForms-1)) % blockForms
	case alterRoom:
		h := *p.home
		if s.n(2) == 0 {
			h.building = ""
		} else {
			f.room = (f.room + 1 + s.n(roomForms-1)) % roomForms
		}
		p.home = &h
	}
	if s.n(2) == 0 {
		f.slipAt = 1 + s.n(8)
	}
}

func hasVariant(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { _, ok := variantRunes[r]; return ok }) >= 0
}

// answers types p's answers into every step that applies.
func (g *Generator) answers(p *person, f *form) []StepAnswers {
	steps := make([]StepAnswers, 0, 9)
	add := func(step string, kv ...string) {
		m := make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				m[kv[i]] = kv[i+1]
			}
		}
		steps = append(steps, StepAnswers{Step: step, Answers: m})
	}
	add("language", "applicantLanguage", g.language(p.language))
	name, reading := p.name(f)
	alias := p.alias
	if f.wide {
		name, alias = wide(name), wide(alias)
	}
	add("name", "name", name, "alias", alias)
	add("kana", "nameKana", reading)
	add("birth", g.birth(p, f)...)
	add("sex", "sex", sexAnswers[p.sex])
	add("address", "postalCode", postalCode(p.home.town.postal, f), "address", p.home.address(f.block, f.room, f.wide))
	add("nationality", "nationality", p.nationality)
	if p.nationality != "JP" {
		add("residence", "residenceStatus", p.status, "stayUntil", stayDate(p.stayUntil, f.stay))
	}
	add("contact", "phone", p.phone.typed(f.phone), "contactOther", p.contactOther)
	return steps
}

// language is tag if the language step offers it, else Japanese, else
// the first tag offered.
func (g *Generator) language(tag string) string {
	if slices.Contains(g.langs, tag) {
		return tag
	}
	if slices.Contains(g.langs, "ja") {
		return "ja"
	}
	return g.langs[0]
}

// name writes p's name and its reading as f says.
func (p *person) name(f *form) (string, string) {
	if p.grp == nil {
		kana := p.family.kana + " " + p.given.kana
		if f.slipAt > 0 {
			kana = slip(kana, f.slipAt)
		}
		switch f.reading {
		case readingJoined:
			kana = strings.Replace(kana, " ", "", 1)
		case readingHiragana:
			kana = hiragana(kana)
		case readingHiraganaJoined:
			kana = strings.Replace(hiragana(kana), " ", "", 1)
		case readingHalfWidth:
			kana = halfWidth(kana)
		}
		return p.family.written + separators[f.nameSep] + p.given.written, kana
	}
	words := []namePart{p.family, p.given}
	if p.middle.written != "" {
		words = []namePart{p.family, p.middle, p.given}
	}
	var latin, kana strings.Builder
	sep := [...]string{"・", "", " ", "・", "・"}[f.reading]
	for i, w := range words {
		if i > 0 {
			kana.WriteString(sep)
		}
		kana.WriteString(w.kana)
	}
	reading := kana.String()
	if f.slipAt > 0 {
		reading = slip(reading, f.slipAt)
	}
	if f.reading == readingHalfWidth {
		reading = halfWidth(reading)
	}
	switch f.order {
	case orderGivenFirst:
		words = append(words[1:], words[0])
	case orderComma:
		latin.WriteString(words[0].written)
		latin.WriteString(",")
		words[0].written = ""
	}
	for _, w := range words {
		if w.written == "" {
			continue
		}
		if latin.Len() > 0 {
			latin.WriteByte(' ')
		}
		latin.WriteString(w.written)
	}
	name := latin.String()
	if f.title {
		name = titleCase(name)
	}
	return name, reading
}

// birth writes p's birth date in the calendar f says.
func (g *Generator) birth(p *person, f *form) []string {
	num := func(n int, pad bool) string {
		v := strconv.Itoa(n)
		if pad && n < 10 {
			v = "0" + v
		}
		if f.wide {
			v = toWideDigits(v)
		}
		return v
	}
	m, d := num(int(p.birth.Month()), f.zeroPad), num(p.birth.Day(), f.zeroPad)
	if !f.japanese {
		return []string{"birthCalendar", "gregorian", "birthYear", num(p.birth.Year(), false), "birthMonth", m, "birthDay", d}
	}
	era, y := toEra(p.birth)
	year := num(y, false)
	if y == 1 && f.gannen {
		year = "元"
	}
	return []string{"birthCalendar", "japanese", "birthEra", era, "birthYear", year, "birthMonth", m, "birthDay", d}
}

// postalCode writes the seven digits code as f says.
func postalCode(code string, f *form) string {
	a, b := code[:3], code[3:]
	if f.wide {
		return toWideDigits(a) + "－" + toWideDigits(b)
	}
	switch f.postal {
	case postalHyphen:
		return a + "-" + b
	case postalPlain:
		return code
	case postalMark:
		return "〒" + a + "-" + b
	case postalLongMark:
		return a + "ー" + b
	}
	return toWideDigits(a) + "－" + toWideDigits(b)
}

// stayDate writes the end of a period of stay the ways it is copied from
// a residence card; "" for none.
func stayDate(t time.Time, form int) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := strconv.Itoa(t.Year()), strconv.Itoa(int(t.Month())), strconv.Itoa(t.Day())
	switch form {
	case 0:
		return t.Format(time.DateOnly)
	case 1:
		return y + "/" + m + "/" + d
	case 2:
		return y + "." + m + "." + d
	case 3:
		return t.Format("20060102")
	case 4:
		return y + "年" + m + "月" + d + "日"
	}
	return toWideDigits(y + "/" + m + "/" + d)
}

// typed writes the number as f says; "" for none.
func (n phone) typed(form int) string {
	g := n.groups
	if g[0] == "" {
		return ""
	}
	if n.country != "" {
		switch form % 3 {
		case 0:
			return "+" + n.country + " " + g[0] + " " + g[1] + " " + g[2]
		case 1:
			return "+" + n.country + "-" + g[0] + "-" + g[1] + "-" + g[2]
		}
		return "+" + n.country + g[0] + g[1] + g[2]
	}
	switch form {
	case phoneHyphens:
		return g[0] + "-" + g[1] + "-" + g[2]
	case phonePlain:
		return g[0] + g[1] + g[2]
	case phoneSpaces:
		return g[0] + " " + g[1] + " " + g[2]
	case phoneParens:
		return g[0] + "(" + g[1] + ")" + g[2]
	case phoneWide:
		return toWideDigits(g[0]) + "－" + toWideDigits(g[1]) + "－" + toWideDigits(g[2])
	}
	return g[0] + "ー" + g[1] + "ー" + g[2]
}
