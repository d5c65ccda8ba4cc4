package synth

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"madoguchi/locales"
)

// The default rates of a Generator, as shares of all applicants. A Config
// field left zero takes its default; a negative one means none.
const (
	// DefaultForeign is the share of foreign residents, a little above
	// their 3% of Japan's population, as at offices in cities.
	DefaultForeign = 0.04
	// DefaultNearDuplicate is the share of applicants who applied before
	// and are typed differently this time (variant kanji, spacing, another
	// way of writing the block number, another order of a Latin name), so
	// that their four basic items are not all equal after normalisation.
	DefaultNearDuplicate = 0.02
	// DefaultDuplicate is the share of applicants who applied before and
	// whose four basic items (name, address, birth date, sex) are all equal
	// to the earlier ones after intake's normalisation, however typed.
	DefaultDuplicate = 0.005
	// DefaultHandedOver is the share whose card has been handed over.
	DefaultHandedOver = 0.60
	// DefaultDraft is the share of applications still being filled in; the
	// rest are ready (submitted) and not yet handed over.
	DefaultDraft = 0.05
)

// Application statuses, as app/intake stores them (intake.StatusDraft and
// intake.StatusReady; a test keeps them equal).
const (
	StatusDraft = "draft"
	StatusReady = "ready"
)

// DuplicateWindow is how far back an earlier application of the same
// person is looked for: among the last DuplicateWindow applicants that are
// not drafts.
const DuplicateWindow = 10_000

// Config says what to generate. Only Seed and Now matter for most uses.
type Config struct {
	Seed uint64
	// Now is the present moment; "today" is its date in Japan. Birth dates
	// end yesterday, periods of stay end after today. Zero means time.Now,
	// so give it for output that is the same on every run.
	Now time.Time
	// Languages are the applicant-language tags the language step accepts
	// (intake.Rules.Languages). Empty means the shipped catalog's, one per
	// locales/*.json.
	Languages []string

	// Rates, as shares of all applicants; zero means the default above,
	// negative means none.
	Foreign, NearDuplicate, Duplicate, HandedOver, Draft float64
}

// StepAnswers are the raw answers of one step, by field name, as staff
// type them into the form: full-width digits, ideographic spaces, the
// Japanese calendar, postal codes with and without hyphens. They are what
// intake.Validate(Step, Answers, rules) takes (map[string]string converts
// to intake.Answers) and it accepts every one. Blank answers are left out.
type StepAnswers struct {
	Step    string
	Answers map[string]string
}

// Applicant is one generated application.
type Applicant struct {
	Index int // 0 for the first one Next returned
	// Steps are the steps answered, in order: language, name, kana, birth,
	// sex, address, nationality, residence (only if not JP), contact. A
	// draft has answered only the first few (at least one). The number
	// step is never answered (no Individual Number is generated) and the
	// check step has no answers.
	Steps      []StepAnswers
	Status     string // StatusDraft or StatusReady
	HandedOver bool   // the card has been handed over; only when ready
	// DuplicateOf is the Index of the earlier application whose four basic
	// items this one repeats exactly, -1 if none. NearDuplicateOf is that
	// of the earlier application of the same person typed differently, -1
	// if none. At most one of them is set; the earlier one is never a draft,
	// and neither is this one.
	DuplicateOf, NearDuplicateOf int
}

// Answers returns the raw answers of step, nil if it was not answered.
func (a *Applicant) Answers(step string) map[string]string {
	for _, s := range a.Steps {
		if s.Step == step {
			return s.Answers
		}
	}
	return nil
}

// rates are a Config's rates resolved.
type rates struct{ foreign, near, dup, handedOver, draft float64 }

func resolve(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// New returns a generator. It panics if a rate is above 1 or the shares
// cannot add up (duplicates and drafts above 1, drafts and handed over
// above 1), or if Now is before 1926.
func New(c Config) *Generator {
	r := rates{
		foreign:    resolve(c.Foreign, DefaultForeign),
		near:       resolve(c.NearDuplicate, DefaultNearDuplicate),
		dup:        resolve(c.Duplicate, DefaultDuplicate),
		handedOver: resolve(c.HandedOver, DefaultHandedOver),
		draft:      resolve(c.Draft, DefaultDraft),
	}
	if r.foreign > 1 || r.near+r.dup+r.draft > 1 || r.handedOver+r.draft > 1 {
		panic(fmt.Sprintf("synth: rates do not add up: %+v", r))
	}
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	n := now.In(japanTime)
	today := date(n.Year(), n.Month(), n.Day())
	if today.Before(firstBirth.AddDate(1, 0, 0)) {
		panic("synth: Now is before 1926")
	}
	langs := c.Languages
	if len(langs) == 0 {
		langs = catalogLanguages()
	}
	return &Generator{src: newSource(c.Seed), rates: r, today: today, langs: langs}
}

// catalogLanguages are the tags of the shipped message catalog.
func catalogLanguages() []string {
	names, err := fs.Glob(locales.FS, "*.json")
	if err != nil || len(names) == 0 {
		panic("synth: no locales/*.json")
	}
	tags := make([]string, len(names))
	for i, n := range names {
		tags[i] = strings.TrimSuffix(n, ".json")
	}
	return tags
}

// Generator makes applicants one at a time, the same ones for the same
// Config. They come in households of one to four sharing an address, a
// family name and often a phone number, who apply one after another.
// Japanese nationals have kanji names read in katakana: surnames by
// frequency, variant kanji (髙橋), some given names in hiragana or
// katakana, a few families named in katakana. Foreign residents have Latin
// names read in katakana, some with an alias (通称) in kanji, a status of
// residence and, where it has one, the end of their stay. Addresses are in
// all 47 prefectures, by population, with their town's postal code. Birth
// dates run from 1925 to yesterday, babies and children included, some at
// the changes of era, about half typed in the Japanese calendar (元年 too).
// An exact duplicate is typed again in ways normalisation undoes and may
// give another language or phone; a near-duplicate also changes the name
// or address, and half the time has a slip in the reading. A Generator is
// not safe for concurrent use.
type Generator struct {
	src   source
	rates rates
	today time.Time
	langs []string

	next    int      // Index of the next applicant
	members []person // the rest of the current household
	// recent holds the last DuplicateWindow applicants that are not drafts,
	// as a ring, for duplicates to copy.
	recent   []earlier
	recentAt int
}

// earlier is what a duplicate needs of an earlier applicant.
type earlier struct {
	index int
	p     person
	f     form
}

// Next returns the next applicant.
func (g *Generator) Next() Applicant {
	s := g.src
	a := Applicant{Index: g.next, DuplicateOf: -1, NearDuplicateOf: -1}
	g.next++

	var p person
	var f form
	u := s.r.Float64()
	switch {
	case u < g.rates.dup && len(g.recent) > 0:
		e := g.recent[s.n(len(g.recent))]
		a.DuplicateOf = e.index
		p, f = g.retype(e.p, e.f)
	case u < g.rates.dup+g.rates.near && len(g.recent) > 0:
		e := g.recent[s.n(len(g.recent))]
		a.NearDuplicateOf = e.index
		p, f = g.retype(e.p, e.f)
		g.alter(&p, &f)
	default:
		if len(g.members) == 0 {
			g.household()
		}
		p = g.members[0]
		g.members = g.members[1:]
		f = g.form(p)
	}

	a.Status = StatusReady
	fresh := a.DuplicateOf < 0 && a.NearDuplicateOf < 0
	if fresh && s.chance(g.rates.draft/(1-g.rates.dup-g.rates.near)) {
		a.Status = StatusDraft
	} else if s.chance(g.rates.handedOver / (1 - g.rates.draft)) {
		a.HandedOver = true
	}
	a.Steps = g.answers(&p, &f)
	if a.Status == StatusDraft {
		a.Steps = a.Steps[:1+s.n(len(a.Steps))]
	} else {
		e := earlier{index: a.Index, p: p, f: f}
		if len(g.recent) < DuplicateWindow {
			g.recent = append(g.recent, e)
		} else {
			g.recent[g.recentAt] = e
			g.recentAt = (g.recentAt + 1) % DuplicateWindow
		}
	}
	return a
}
