package synth_test

import (
	"context"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"madoguchi/app/i18n"
	"madoguchi/app/intake"
	"madoguchi/app/store"
	"madoguchi/app/synth"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

// testNow is 2026-06-15 (Reiwa 8) in Japan.
var testNow = time.Date(2026, 6, 14, 20, 0, 0, 0, time.UTC)

const population = 20_000

// catalogTags are the applicant languages the app offers: the catalog's,
// as main.go passes them to intake.New.
func catalogTags(t testing.TB) []string {
	t.Helper()
	c, err := i18n.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, l := range c.Languages() {
		tags = append(tags, l.Tag)
	}
	return tags
}

func rules(t testing.TB) intake.Rules {
	return intake.Rules{Languages: catalogTags(t), Now: testNow}
}

// generate makes n applicants with the default rates.
func generate(n int, seed uint64) []synth.Applicant {
	g := synth.New(synth.Config{Seed: seed, Now: testNow})
	out := make([]synth.Applicant, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// normalised runs every answered step through intake.Validate and returns
// the normalised answers of all of them merged, failing on any problem.
func normalised(t *testing.T, r intake.Rules, a synth.Applicant) intake.Answers {
	t.Helper()
	all := intake.Answers{}
	for _, s := range a.Steps {
		out, probs := intake.Validate(s.Step, s.Answers, r)
		if len(probs) > 0 {
			t.Fatalf("applicant %d, step %s: %v\nanswers %v", a.Index, s.Step, probs, s.Answers)
		}
		maps.Copy(all, out)
	}
	return all
}

// stepsFor are the steps intake asks, in order, but number and check.
func stepsFor(nationality string) []string {
	steps := []string{"language", "name", "kana", "birth", "sex", "address", "nationality", "residence", "contact"}
	if nationality == "JP" {
		steps = slices.DeleteFunc(steps, func(s string) bool { return s == "residence" })
	}
	return steps
}

func TestEveryApplicantIsValid(t *testing.T) {
	r := rules(t)
	for _, a := range generate(population, 1) {
		got := make([]string, len(a.Steps))
		for i, s := range a.Steps {
			got[i] = s.Step
		}
		all := normalised(t, r, a)
		want := stepsFor(all["nationality"])
		switch {
		case a.Status == synth.StatusDraft:
			if len(got) == 0 || !slices.Equal(got, want[:len(got)]) {
				t.Fatalf("draft %d: steps %v, want a beginning of %v", a.Index, got, want)
			}
		case !slices.Equal(got, want):
			t.Fatalf("applicant %d: steps %v, want %v", a.Index, got, want)
		}
	}
}

func TestStatusesAreIntakes(t *testing.T) {
	if synth.StatusDraft != intake.StatusDraft || synth.StatusReady != intake.StatusReady {
		t.Errorf("statuses %q %q differ from intake's %q %q", synth.StatusDraft, synth.StatusReady, intake.StatusDraft, intake.StatusReady)
	}
}

// within reports whether count out of n is within four standard
// deviations of the share p.
func within(count, n int, p float64) bool { return withinClustered(count, n, p, 1) }

// withinClustered is within for draws made in clusters: the standard
// deviation is spread times that of independent draws.
func withinClustered(count, n int, p, spread float64) bool {
	sd := spread * math.Sqrt(float64(n)*p*(1-p))
	return math.Abs(float64(count)-p*float64(n)) <= 4*sd+1
}

func TestRates(t *testing.T) {
	apps := generate(population, 2)
	var foreign, answered, near, dup, draft, handed, handedDraft int
	for _, a := range apps {
		if n := a.Answers("nationality"); n != nil {
			answered++
			if n["nationality"] != "JP" {
				foreign++
			}
		}
		if a.NearDuplicateOf >= 0 {
			near++
		}
		if a.DuplicateOf >= 0 {
			dup++
		}
		if a.Status == synth.StatusDraft {
			draft++
			if a.HandedOver {
				handedDraft++
			}
		}
		if a.HandedOver {
			handed++
		}
	}
	// A household is one draw of up to four foreign residents: with the
	// sizes the generator uses (mean 2.1, mean square 5.7) the spread is
	// sqrt(5.7/2.1), about 1.7 times that of independent draws.
	if !withinClustered(foreign, answered, synth.DefaultForeign, 1.7) {
		t.Errorf("foreign %d of %d, want about %.1f%%", foreign, answered, 100*synth.DefaultForeign)
	}
	for _, c := range []struct {
		name  string
		count int
		want  float64
	}{
		{"near-duplicates", near, synth.DefaultNearDuplicate},
		{"exact duplicates", dup, synth.DefaultDuplicate},
		{"drafts", draft, synth.DefaultDraft},
		{"handed over", handed, synth.DefaultHandedOver},
	} {
		if !within(c.count, len(apps), c.want) {
			t.Errorf("%s: %d of %d, want about %.1f%%", c.name, c.count, len(apps), 100*c.want)
		}
	}
	if handedDraft > 0 {
		t.Errorf("%d drafts handed over", handedDraft)
	}
	t.Logf("of %d: foreign %d (of %d answered), near %d, exact %d, draft %d, handed over %d", len(apps), foreign, answered, near, dup, draft, handed)
}

func TestConfigRates(t *testing.T) {
	g := synth.New(synth.Config{Seed: 3, Now: testNow, Foreign: 0.5, NearDuplicate: -1, Duplicate: -1, Draft: -1, HandedOver: 1})
	foreign := 0
	const n = 2000
	for range n {
		a := g.Next()
		if a.DuplicateOf >= 0 || a.NearDuplicateOf >= 0 || a.Status == synth.StatusDraft || !a.HandedOver {
			t.Fatalf("applicant %d: %+v, want every one handed over, none a duplicate", a.Index, a)
		}
		if a.Answers("nationality")["nationality"] != "JP" {
			foreign++
		}
	}
	if foreign < n/3 || foreign > 2*n/3 {
		t.Errorf("foreign %d of %d, want about half", foreign, n)
	}
	for _, c := range []synth.Config{{Draft: 0.6, HandedOver: 0.6}, {Duplicate: 0.5, NearDuplicate: 0.5, Draft: 0.1}, {Foreign: 1.5}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", c)
				}
			}()
			synth.New(c)
		}()
	}
}

func TestLanguages(t *testing.T) {
	r := intake.Rules{Languages: []string{"ja", "en"}, Now: testNow}
	g := synth.New(synth.Config{Seed: 4, Now: testNow, Languages: r.Languages})
	seen := map[string]int{}
	for range 5000 {
		a := g.Next()
		normalised(t, r, a)
		seen[a.Answers("language")["applicantLanguage"]]++
	}
	if len(seen) != 2 {
		t.Errorf("languages %v, want ja and en", seen)
	}
	// The default is the shipped catalog's; more than Japanese and English
	// are chosen.
	seen = map[string]int{}
	for _, a := range generate(population, 4) {
		seen[a.Answers("language")["applicantLanguage"]]++
	}
	if len(seen) < 8 {
		t.Errorf("languages %v, want most of the catalog's", seen)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := generate(2000, 5), generate(2000, 5)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave other applicants")
	}
	if c := generate(2000, 6); reflect.DeepEqual(a, c) {
		t.Fatal("another seed gave the same applicants")
	}
}

var prefectureNames = strings.Fields(`北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都
神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県
和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県
宮崎県 鹿児島県 沖縄県`)

func TestPrefectures(t *testing.T) {
	if len(prefectureNames) != 47 {
		t.Fatalf("%d prefectures listed", len(prefectureNames))
	}
	seen := map[string]int{}
	for _, a := range generate(population, 7) {
		addr := a.Answers("address")
		if addr == nil {
			continue
		}
		i := slices.IndexFunc(prefectureNames, func(p string) bool { return strings.HasPrefix(addr["address"], p) })
		if i < 0 {
			t.Fatalf("applicant %d: address %q in no prefecture", a.Index, addr["address"])
		}
		seen[prefectureNames[i]]++
	}
	for _, p := range prefectureNames {
		if seen[p] == 0 {
			t.Errorf("no address in %s", p)
		}
	}
	if seen["東京都"] < 5*seen["鳥取県"] {
		t.Errorf("Tokyo %d, Tottori %d: want populous prefectures favoured", seen["東京都"], seen["鳥取県"])
	}
}

func TestBirthDates(t *testing.T) {
	r := rules(t)
	calendars := map[string]int{}
	eras := map[string]int{} // era and year as typed: showa 64, heisei 元
	var babies, children, first, last int
	today := "2026-06-15"
	for _, a := range generate(population, 8) {
		b := a.Answers("birth")
		if b == nil {
			continue
		}
		calendars[b["birthCalendar"]]++
		if b["birthCalendar"] == "japanese" {
			eras[b["birthEra"]+" "+b["birthYear"]]++
			eras[b["birthEra"]]++
		}
		out, probs := intake.Validate("birth", b, r)
		if len(probs) > 0 {
			t.Fatalf("applicant %d: %v", a.Index, probs)
		}
		d := out["birthDate"]
		switch {
		case d >= "2025-06-15":
			babies++
		case d >= "2008-06-15":
			children++
		}
		if d < "1926-01-01" {
			first++
		}
		if d == "2026-06-14" {
			last++
		}
		if d >= today || d < "1925-01-01" {
			t.Errorf("applicant %d born %s", a.Index, d)
		}
	}
	if n := calendars["japanese"] + calendars["gregorian"]; !within(calendars["japanese"], n, 0.5) && (calendars["japanese"] < n*2/5 || calendars["japanese"] > n*3/5) {
		t.Errorf("calendars %v, want about half each", calendars)
	}
	for _, want := range []string{"taisho", "showa", "heisei", "reiwa", "taisho 15", "showa 元", "showa 64", "heisei 元", "heisei 1", "heisei 31", "reiwa 元"} {
		if eras[want] == 0 {
			t.Errorf("no birth date typed as %s", want)
		}
	}
	if babies == 0 || children < population/20 {
		t.Errorf("%d babies under 1 and %d children, want some of each", babies, children)
	}
	if first == 0 {
		t.Errorf("no one born in 1925")
	}
	t.Logf("calendars %v; %d babies, %d children, %d born in 1925, %d yesterday", calendars, babies, children, first, last)
}

func TestNames(t *testing.T) {
	r := rules(t)
	count := map[string]int{}
	kinds := []struct {
		name string
		is   func(name, alias, kana string) bool
	}{
		{"kanji", func(n, _, _ string) bool { return strings.ContainsFunc(n, isKanji) }},
		{"Latin", func(n, _, _ string) bool { return strings.ContainsFunc(n, isLatin) }},
		{"katakana only", func(n, _, _ string) bool {
			return strings.ContainsFunc(n, isKatakana) && !strings.ContainsFunc(n, isKanji)
		}},
		{"hiragana given name", func(n, _, _ string) bool { return strings.ContainsFunc(n, isHiragana) }},
		{"kanji alias of a Latin name", func(n, a, _ string) bool { return strings.ContainsFunc(n, isLatin) && strings.ContainsFunc(a, isKanji) }},
		{"reading typed in hiragana", func(_, _, k string) bool { return strings.ContainsFunc(k, isHiragana) }},
		{"kanji name read in half-width katakana", func(n, _, k string) bool {
			return strings.ContainsFunc(n, isKanji) && strings.ContainsFunc(k, isHalfWidthKana)
		}},
		{"Latin name read in half-width katakana", func(n, _, k string) bool {
			return strings.ContainsFunc(n, isLatin) && strings.ContainsFunc(k, isHalfWidthKana)
		}},
		{"reading with ・", func(_, _, k string) bool { return strings.Contains(k, "・") }},
		{"full-width Latin letters", func(n, _, _ string) bool {
			return strings.ContainsRune(n, 'Ａ') || strings.ContainsFunc(n, isWideLatin)
		}},
	}
	for _, a := range generate(population, 9) {
		n, k := a.Answers("name"), a.Answers("kana")
		if n == nil || k == nil {
			continue
		}
		normalised(t, r, a)
		for _, kind := range kinds {
			if kind.is(n["name"], n["alias"], k["nameKana"]) {
				count[kind.name]++
			}
		}
	}
	for _, kind := range kinds {
		if count[kind.name] == 0 {
			t.Errorf("no name is %s", kind.name)
		}
	}
	t.Logf("%v", count)
}

func isKanji(r rune) bool         { return r >= 0x4E00 && r <= 0x9FFF || r >= 0x20000 && r <= 0x2FFFF }
func isLatin(r rune) bool         { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }
func isWideLatin(r rune) bool     { return r >= 'Ａ' && r <= 'Ｚ' }
func isKatakana(r rune) bool      { return r >= 'ァ' && r <= 'ヺ' }
func isHiragana(r rune) bool      { return r >= 'ぁ' && r <= 'ゖ' }
func isHalfWidthKana(r rune) bool { return r >= 'ｦ' && r <= 'ﾟ' }

func TestResidence(t *testing.T) {
	r := rules(t)
	offered := intake.New(nil, nil, nil, nil).Choices().ResidenceStatuses
	seen := map[string]int{}
	optional := map[bool]int{} // highly skilled professionals with an end of stay, and without
	g := synth.New(synth.Config{Seed: 10, Now: testNow})
	for i := range 200_000 {
		a := g.Next()
		res := a.Answers("residence")
		if res == nil {
			continue
		}
		seen[res["residenceStatus"]]++
		if i < population {
			out, probs := intake.Validate("residence", res, r)
			if len(probs) > 0 {
				t.Fatalf("applicant %d: %v", a.Index, probs)
			}
			asked, required := intake.PeriodOfStay(out["residenceStatus"])
			if asked && !required {
				optional[out["stayUntil"] != ""]++
			}
			if got := out["stayUntil"] != ""; got != asked && (required || got) {
				t.Errorf("applicant %d: status %s with end of stay %q", a.Index, out["residenceStatus"], out["stayUntil"])
			}
		}
	}
	for _, s := range offered {
		if seen[s] == 0 {
			t.Errorf("no applicant with status %s", s)
		}
	}
	if optional[true] == 0 || optional[false] == 0 {
		t.Errorf("optional ends of stay: %d given, %d left blank; want both", optional[true], optional[false])
	}
	t.Logf("%v", seen)
}

// fourItems are the four basic items as intake normalises them.
func fourItems(t *testing.T, r intake.Rules, a synth.Applicant) [4]string {
	n := normalised(t, r, a)
	return [4]string{n["name"], n["address"], n["birthDate"], n["sex"]}
}

func TestDuplicates(t *testing.T) {
	r := rules(t)
	apps := generate(population, 11)
	var exact, near, retyped int
	for _, a := range apps {
		of := max(a.DuplicateOf, a.NearDuplicateOf)
		if of < 0 {
			continue
		}
		if a.DuplicateOf >= 0 && a.NearDuplicateOf >= 0 {
			t.Fatalf("applicant %d is both an exact and a near duplicate", a.Index)
		}
		if of >= a.Index {
			t.Fatalf("applicant %d is a duplicate of a later one, %d", a.Index, of)
		}
		orig := apps[of]
		if a.Status == synth.StatusDraft || orig.Status == synth.StatusDraft {
			t.Fatalf("applicant %d (%s) duplicates %d (%s): no draft may be either", a.Index, a.Status, of, orig.Status)
		}
		got, want := fourItems(t, r, a), fourItems(t, r, orig)
		if a.DuplicateOf >= 0 {
			exact++
			if got != want {
				t.Errorf("exact duplicate %d of %d: four items\n %q\nwant\n %q", a.Index, of, got, want)
			}
			for _, step := range []string{"name", "birth", "address"} {
				if !maps.Equal(a.Answers(step), orig.Answers(step)) {
					retyped++
					break
				}
			}
			continue
		}
		near++
		if got == want {
			t.Errorf("near-duplicate %d of %d has the same four items %q", a.Index, of, got)
		}
		if got[2] != want[2] || got[3] != want[3] {
			t.Errorf("near-duplicate %d of %d: birth date and sex %q, want %q", a.Index, of, got[2:], want[2:])
		}
	}
	if exact == 0 || near == 0 || retyped < exact/2 {
		t.Errorf("%d exact duplicates (%d with name, birth date or address typed otherwise), %d near", exact, retyped, near)
	}
	t.Logf("%d exact duplicates (%d with name, birth date or address typed otherwise), %d near", exact, retyped, near)
}

// The four items of applicants that are not duplicates are, with rare
// exceptions (two persons alike by chance), unique. (A near-duplicate may
// equal another earlier application of the same person: changed back.)
func TestFreshApplicantsAreDistinct(t *testing.T) {
	r := rules(t)
	seen := map[[4]string]int{}
	collisions := 0
	for _, a := range generate(population, 12) {
		if a.Status == synth.StatusDraft {
			continue
		}
		k := fourItems(t, r, a)
		if i, ok := seen[k]; ok && a.DuplicateOf < 0 && a.NearDuplicateOf < 0 {
			collisions++
			t.Logf("%d and %d: %q", i, a.Index, k)
		}
		seen[k] = a.Index
	}
	if collisions > 2 {
		t.Errorf("%d applicants repeat an earlier one's four items without being marked a duplicate", collisions)
	}
}

func TestHouseholds(t *testing.T) {
	// Applicants one after another at the same address mostly share a
	// family name: the generator makes households.
	r := rules(t)
	var same, shared int
	var prev synth.Applicant
	var prevAddress string
	for _, a := range generate(population, 13) {
		if a.Status == synth.StatusDraft {
			continue
		}
		address := normalised(t, r, a)["address"]
		if address == prevAddress {
			same++
			if family(a) == family(prev) {
				shared++
			}
		}
		prev, prevAddress = a, address
	}
	// Households of 2.1 on average: about half the applicants follow one of
	// their household; most have the household's address typed alike.
	if same < population/3 || shared < same*95/100 {
		t.Errorf("%d applicants follow one at the same address, %d of them with the same family name", same, shared)
	}
	t.Logf("%d applicants follow one at the same address, %d of them with the same family name", same, shared)
}

// family is the first letter of the name: a family name's, unless a Latin
// name was typed given name first.
func family(a synth.Applicant) rune {
	for _, r := range a.Answers("name")["name"] {
		return r
	}
	return 0
}

// Applicants saved step by step through intake.Service reach the status
// they were generated with, and the steps intake asks are the ones
// answered: a step intake adds or drops fails here.
func TestThroughService(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, intake.Migrations); err != nil {
		t.Fatal(err)
	}
	svc := intake.New(db, vault.New(), catalogTags(t), func() time.Time { return testNow })
	for _, a := range generate(300, 14) {
		app, err := svc.Start(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Steps {
			if app, err = svc.Save(ctx, app.ID, s.Step, s.Answers); err != nil {
				t.Fatalf("applicant %d, step %s: %v", a.Index, s.Step, err)
			}
		}
		if a.Status == synth.StatusDraft {
			continue
		}
		var answered []string
		for _, s := range a.Steps {
			answered = append(answered, s.Step)
		}
		if want := append(answered, "check"); !slices.Equal(app.Steps, want) || app.Step != "check" {
			t.Fatalf("applicant %d: intake asks %v and is at %s, answered %v", a.Index, app.Steps, app.Step, answered)
		}
		if app, err = svc.Submit(ctx, app.ID); err != nil || app.Status != a.Status {
			t.Fatalf("applicant %d: submit: %v, status %s", a.Index, err, app.Status)
		}
	}
}
