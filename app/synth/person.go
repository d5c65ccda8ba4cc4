package synth

import (
	"slices"
	"time"
)

// person is one applicant as they are, before anyone types them.
type person struct {
	grp         *group // nil for a Japanese national
	nationality string // JP, a country code, stateless or unknown
	// family and given are the name in kanji, kana or Latin letters with
	// their katakana readings; middle is a foreign middle name, if any.
	family, middle, given namePart
	alias                 string // 通称, "" if none
	sex                   int    // male, female, unstated
	birth                 time.Time
	home                  *home
	status                string    // status of residence, "" for JP
	stayUntil             time.Time // zero when no period of stay is given
	phone                 phone     // zero when none
	contactOther          string
	language              string // the preferred tag; see Generator.language
}

var sexAnswers = [...]string{"male", "female", "unstated"}

// phone is a number as groups of digits: 090 1234 5678, or with a country
// calling code for a foreign number.
type phone struct {
	country string // "" for a Japanese number, else e.g. "84"
	groups  [3]string
}

// japanTime is the zone "today" is taken in, as in app/intake.
var japanTime = time.FixedZone("JST", 9*60*60)

// firstBirth is the earliest birth date generated.
var firstBirth = date(1925, 1, 1)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func days(t time.Time) int64          { return t.Unix() / 86400 }
func fromDays(d int64) time.Time      { return time.Unix(d*86400, 0).UTC() }
func (g *Generator) yesterday() int64 { return days(g.today) - 1 }

// dialCodes are the country calling codes of the groups, for the foreign
// mobile numbers some residents keep.
var dialCodes = map[string]string{
	"CN": "86", "VN": "84", "KR": "82", "PH": "63", "NP": "977", "BR": "55", "ID": "62",
	"MM": "95", "TW": "886", "US": "1", "IN": "91", "PE": "51", "TH": "66",
}

// Household sizes in percent: one to four members.
var householdSizes = cumulative([]int{38, 28, 18, 16})

// adultAges weights the ages of adults by decade from 20 (the last is the
// single year 100), roughly Japan's population.
var adultAges = cumulative([]int{125, 140, 180, 170, 160, 170, 90, 20, 1})

// household starts a new household: its members share the home, the
// family name and a landline if they have one.
func (g *Generator) household() {
	s := g.src
	h := s.home()
	var grp *group
	var family namePart
	katakana := false // a Japanese family of foreign origin, named in katakana
	switch {
	case s.chance(g.rates.foreign):
		grp = groups[s.weighted(groupWeights)]
		family = s.pick(grp.families)
	case s.n(200) == 0:
		katakana = true
		k := s.pick(groups[s.weighted(groupWeights)].families).kana
		family = namePart{k, k}
	case s.n(100) < tailSurnames:
		family = twoParts(s.pick(surnameHeads), s.pick(surnameTails))
	default:
		family = surnames[s.zipf(len(surnames))]
		if v, ok := surnameVariants[family.written]; ok && s.n(8) == 0 {
			family.written = v[s.n(len(v))]
		}
	}
	var landline phone
	if grp == nil && s.n(100) < 40 {
		landline = g.landline(h)
	}

	size := 1 + s.weighted(householdSizes)
	headAge := g.adultAge()
	if grp != nil {
		headAge = g.foreignAge()
	}
	headSex := s.n(2)
	g.members = g.members[:0]
	var headStatus string
	for i := range size {
		age, sex := headAge, headSex
		switch {
		case i == 1 && s.n(4) != 0: // a partner
			age, sex = max(18, headAge-5+s.n(11)), 1-headSex
		case i >= 1: // a child
			age = s.n(max(1, min(headAge-17, 25)))
			if s.n(10) == 0 {
				age = 0
			}
			sex = s.n(2)
		}
		if s.n(1000) == 0 {
			sex = unstated
		}
		p := person{grp: grp, family: family, sex: sex, home: h, nationality: "JP"}
		p.birth = g.birthDate(age)
		if grp != nil {
			g.foreigner(&p, headStatus)
			if i == 0 {
				headStatus = p.status
			}
		} else {
			p.given = g.givenName(sex)
			if katakana {
				k := groups[s.weighted(groupWeights)].givenName(s, sex).kana
				p.given = namePart{k, k}
			}
			p.language = s.choose(japaneseLanguages)
		}
		g.contact(&p, landline, i)
		if i == 0 && landline.groups[0] == "" && p.phone.country == "" {
			landline = p.phone // children give the first member's number
		}
		g.members = append(g.members, p)
	}
}

var japaneseLanguages = weightedList(`ja:94 ja-x-easy:4 en:2`)

func (g *Generator) givenName(sex int) namePart {
	s := g.src
	tail := s.n(100) < tailGivenNames
	if sex == female || (sex == unstated && s.n(2) == 0) {
		if tail {
			return twoParts(s.pick(femaleHeads), s.pick(femaleTails))
		}
		return s.pick(femaleNames)
	}
	if tail {
		return twoParts(s.pick(maleHeads), s.pick(maleTails))
	}
	return s.pick(maleNames)
}

// The shares (in percent) of Japanese family names and given names drawn
// from the long tails (names.go) rather than the lists of the most frequent.
const (
	tailSurnames   = 55
	tailGivenNames = 60
)

// foreignAge is the age of a foreign adult: most came to work or study.
func (g *Generator) foreignAge() int {
	s := g.src
	switch x := s.n(100); {
	case x < 70:
		return 20 + s.n(20)
	case x < 95:
		return 40 + s.n(25)
	}
	return 65 + s.n(26)
}

func (g *Generator) adultAge() int {
	s := g.src
	d := s.weighted(adultAges)
	if d == len(adultAges)-1 {
		return 100
	}
	return 20 + 10*d + s.n(10)
}

// birthEdges are dates around the changes of era, where a birth date in
// the Japanese calendar is easiest to get wrong: 大正15年/昭和元年,
// 昭和64年/平成元年, 平成31年/令和元年. A share of persons are born in one.
var birthEdges = []struct{ from, to time.Time }{
	{date(1926, 12, 18), date(1927, 1, 7)},
	{date(1988, 12, 25), date(1989, 1, 15)},
	{date(1989, 12, 25), date(1990, 1, 7)},
	{date(2019, 4, 20), date(2019, 5, 10)},
}

// birthDate is a day on which someone would now be age years old, or, for
// some, a day at a change of era, never before 1925 nor after yesterday.
func (g *Generator) birthDate(age int) time.Time {
	s := g.src
	d := g.yesterday() - int64(age*365+age/4) - int64(s.n(365))
	if s.n(30) == 0 {
		e := birthEdges[s.n(len(birthEdges))]
		edge := days(e.from) + int64(s.n(int(days(e.to)-days(e.from))+1))
		if edgeAge := int((g.yesterday() - edge) / 365); (age < 18) == (edgeAge < 18) {
			d = edge
		}
	}
	d = max(days(firstBirth), min(g.yesterday(), d))
	return fromDays(d)
}

// foreigner gives a foreign resident a name, nationality, status of
// residence, period of stay, alias and language.
func (g *Generator) foreigner(p *person, headStatus string) {
	s := g.src
	grp := p.grp
	p.nationality = grp.code
	if s.n(200) == 0 {
		p.nationality = []string{"stateless", "unknown"}[s.n(2)]
	}
	p.given = grp.givenName(s, p.sex)
	switch {
	case p.sex == female && grp.womenMiddles != nil && s.n(4) != 0:
		p.middle = s.pick(grp.womenMiddles)
	case p.sex != female && grp.middles != nil && s.n(2) == 0:
		p.middle = s.pick(grp.middles)
	}
	if s.n(10) == 0 && p.birth.Year() < g.today.Year()-18 {
		p.birth = date(p.birth.Year(), 1, 1) // date unknown: recorded as 1 January
	}

	age := int((days(g.today) - days(p.birth)) / 365)
	switch {
	case g.yesterday()-days(p.birth) < 59 && s.n(2) == 0:
		p.status = "transitional_birth"
	case age < 18 && headStatus != "" && s.n(5) < 3 && slices.Contains(inherited, headStatus):
		p.status = headStatus
	case age < 18:
		p.status = s.choose(childStatuses)
	case s.n(50) == 0:
		p.status = s.choose(rareStatuses)
	default:
		p.status = s.choose(grp.statuses)
		for i := 0; i < 3 && age >= 40 && slices.Contains(young, p.status); i++ {
			p.status = s.choose(grp.statuses)
		}
	}
	p.stayUntil = g.stayUntil(p)

	switch {
	case grp.code == "KR" && p.status == "special_permanent_resident" && s.n(10) < 7:
		p.alias = japaneseAliasSurnames[s.n(len(japaneseAliasSurnames))] + " " + g.givenName(p.sex).written
	case grp.kanji != nil && s.n(4) == 0 && grp.kanji[p.given.written] != "":
		p.alias = grp.kanji[p.family.written] + " " + grp.kanji[p.given.written]
	case p.status == "spouse_of_japanese" && s.n(10) < 3:
		p.alias = surnames[s.zipf(len(surnames))].written + " " + p.given.kana
	}

	switch x := s.n(100); {
	case x < 65:
		p.language = grp.language
	case x < 75:
		p.language = "ja"
	case x < 85:
		p.language = "ja-x-easy"
	default:
		p.language = "en"
	}
}

// young are the statuses rarely held at 40 or over.
var young = []string{"student", "trainee_or_specified_skilled"}

// inherited are the statuses a child often has because a parent does.
var inherited = []string{"permanent_resident", "special_permanent_resident", "long_term_resident"}

// stayUntil is the end of the period of stay of p's status, zero when the
// status has none or it is left blank (高度専門職2号 has none). Periods of
// stay are up to five years; the transitional ones 60 days.
func (g *Generator) stayUntil(p *person) time.Time {
	s := g.src
	switch p.status {
	case "permanent_resident", "special_permanent_resident":
		return time.Time{}
	case "highly_skilled_professional":
		if s.n(2) == 0 {
			return time.Time{}
		}
	case "transitional_birth":
		return fromDays(days(p.birth) + 60)
	case "transitional_nationality_loss":
		return fromDays(days(g.today) + 1 + int64(s.n(60)))
	case "temporary_refuge", "provisional_stay":
		return fromDays(days(g.today) + 1 + int64(s.n(182)))
	}
	return fromDays(days(g.today) + 1 + int64(s.n(5*365)))
}

// landline is a number in the area code of h's prefecture: ten digits.
func (g *Generator) landline(h *home) phone {
	area := prefectures[h.town.pref].areaCode
	local := 10 - len(area)
	exchange := local - 4
	return phone{groups: [3]string{area, g.digits(exchange, true), g.digits(4, false)}}
}

func (g *Generator) mobile() phone {
	return phone{groups: [3]string{"0" + string(rune('7'+g.src.n(3))) + "0", g.digits(4, true), g.digits(4, false)}}
}

// digits writes n random digits; with leading, the first is not 0 or 1.
func (g *Generator) digits(n int, leading bool) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.src.n(10))
	}
	if leading {
		b[0] = byte('2' + g.src.n(8))
	}
	return string(b)
}

// contact gives p a phone number, or another way to reach them, or both.
func (g *Generator) contact(p *person, landline phone, member int) {
	s := g.src
	age := int((days(g.today) - days(p.birth)) / 365)
	switch {
	case member > 0 && age < 15 && landline.groups[0] != "":
		p.phone = landline
	case p.grp == nil && landline.groups[0] != "" && (age >= 75 || s.n(10) == 0):
		p.phone = landline
	case p.grp != nil && s.n(30) == 0:
		c := dialCodes[p.grp.code]
		p.phone = phone{country: c, groups: [3]string{g.digits(3, true), g.digits(3, false), g.digits(4-len(c)/3, false)}}
	default:
		p.phone = g.mobile()
	}
	switch x := s.n(100); {
	case x < 2:
		p.phone = phone{}
		p.contactOther = contactOthers[s.n(len(contactOthers))]
	case x < 6:
		p.contactOther = contactOthers[s.n(len(contactOthers))]
	}
}

// contactOthers are what staff write when a phone is not the way, or not
// the only way, to reach someone. The addresses are in example.com.
var contactOthers = []string{
	"勤務先経由（総務課）",
	"施設経由：特別養護老人ホーム さくら苑",
	"メール：applicant@example.com",
	"支援団体経由（日本語教室）",
	"家族の携帯に連絡",
	"Email: contact@example.com",
}

// eraStarts are the eras a birth date since 1925 falls in, with the day
// each began (see app/intake's era table for the sources).
var eraStarts = []struct {
	id    string
	start time.Time
}{
	{"taisho", date(1912, 7, 30)},
	{"showa", date(1926, 12, 25)},
	{"heisei", date(1989, 1, 8)},
	{"reiwa", date(2019, 5, 1)},
}

// toEra is t in the Japanese calendar: the era and its year (1 is 元年).
func toEra(t time.Time) (string, int) {
	for i := len(eraStarts) - 1; i > 0; i-- {
		if !t.Before(eraStarts[i].start) {
			return eraStarts[i].id, t.Year() - eraStarts[i].start.Year() + 1
		}
	}
	return eraStarts[0].id, t.Year() - eraStarts[0].start.Year() + 1
}
