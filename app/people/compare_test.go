package people

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"madoguchi/app/problem"
)

// chip is the four items as read from a card's chip.
var chip = Person{
	Name:      "高橋 一郎",
	Address:   "東京都千代田区霞が関二丁目8番1号",
	BirthDate: "19850401",
	Sex:       "1",
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name      string
		change    func(p *Person)
		differing []Item
		exact     bool // all Same items written identically
	}{
		{"identical", func(p *Person) {}, nil, true},
		{"髙橋 and 高橋 are the same name", func(p *Person) { p.Name = "髙橋　一郎" }, nil, false},
		{"2-8-1 and 二丁目8番1号 are the same address", func(p *Person) { p.Address = "東京都千代田区霞が関2-8-1" }, nil, false},
		{"date written another way", func(p *Person) { p.BirthDate = "1985年4月1日" }, nil, false},
		{"sex as a word", func(p *Person) { p.Sex = "male" }, nil, false},
		{"one character of the name differs", func(p *Person) { p.Name = "高橋 二郎" }, []Item{ItemName}, false},
		{"different sex", func(p *Person) { p.Sex = "2" }, []Item{ItemSex}, false},
		{"unstated sex is not male", func(p *Person) { p.Sex = "9" }, []Item{ItemSex}, false},
		{"one day apart", func(p *Person) { p.BirthDate = "1985-04-02" }, []Item{ItemBirthDate}, false},
		{"another block", func(p *Person) { p.Address = "東京都千代田区霞が関2-8-2" }, []Item{ItemAddress}, false},
		{"unreadable date", func(p *Person) { p.BirthDate = "1985-02-30" }, []Item{ItemBirthDate}, false},
		{"day unknown on one side only", func(p *Person) { p.BirthDate = "19850400" }, []Item{ItemBirthDate}, false},
		{"missing sex", func(p *Person) { p.Sex = "" }, []Item{ItemSex}, false},
		{"family member: surname, address, sex agree", func(p *Person) {
			p.Name, p.BirthDate = "高橋 次郎", "1988-07-15"
		}, []Item{ItemName, ItemBirthDate}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := chip
			tc.change(&b)
			c := Compare(chip, b)
			if got := c.Differing(); !slices.Equal(got, tc.differing) {
				t.Errorf("differing items %v, want %v", got, tc.differing)
			}
			if got, want := c.AllFourMatch(), len(tc.differing) == 0; got != want {
				t.Errorf("AllFourMatch() = %v, want %v", got, want)
			}
			exact := true
			for _, r := range c.Items() {
				if r.Same && !r.Exact {
					exact = false
				}
			}
			if len(tc.differing) == 0 && exact != tc.exact {
				t.Errorf("all written identically = %v, want %v", exact, tc.exact)
			}
		})
	}
}

// Two missing values are not "the same": a record without a sex or a date
// must never pass the four-item check.
func TestCompareEmptyNeverMatches(t *testing.T) {
	c := Compare(Person{}, Person{})
	if c.AllFourMatch() || len(c.Differing()) != 4 {
		t.Errorf("empty persons: differing %v", c.Differing())
	}
}

func TestCompareShowsBothValues(t *testing.T) {
	b := chip
	b.Name = "高橋 二郎"
	b.Address = "東京都千代田区霞が関2-8-1 霞ハイツ101号室"
	c := Compare(chip, b)
	name := c.Result(ItemName)
	if name.A != "高橋一郎" || name.B != "高橋二郎" {
		t.Errorf("name values %q / %q", name.A, name.B)
	}
	addr := c.Result(ItemAddress)
	if addr.Same || !addr.SameUpToBuilding {
		t.Errorf("address: same %v, same up to building %v; want false, true", addr.Same, addr.SameUpToBuilding)
	}
	if addr.A != "東京都千代田区霞ケ関2-8-1" || addr.B != "東京都千代田区霞ケ関2-8-1 霞ハイツ101" {
		t.Errorf("address values %q / %q", addr.A, addr.B)
	}
	if got := c.Result(ItemBirthDate); got.A != "1985-04-01" || !got.Same || !got.Exact {
		t.Errorf("birth date result %+v", got)
	}
}

func TestComparisonJSON(t *testing.T) {
	data, err := json.Marshal(Compare(chip, chip))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Items []struct {
			Item string `json:"item"`
			Same bool   `json:"same"`
		} `json:"items"`
		AllFourMatch bool `json:"allFourMatch"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if !got.AllFourMatch || len(got.Items) != 4 || got.Items[0].Item != "name" || !got.Items[3].Same {
		t.Errorf("JSON %s", data)
	}
}

func TestLinkByMatch(t *testing.T) {
	l, err := LinkByMatch(Compare(chip, chip))
	if err != nil || !l.Valid() || l.Basis() != BasisFourItems || l.OverrideReason() != "" {
		t.Fatalf("link %+v, %v", l, err)
	}
	if !l.Comparison().AllFourMatch() {
		t.Error("link lost its comparison")
	}

	other := chip
	other.Sex = "2"
	l, err = LinkByMatch(Compare(chip, other))
	wantProblem(t, err, "people.error.link.notAllFourMatch")
	if l.Valid() {
		t.Error("refused link is valid")
	}

	// A Comparison can only come from Compare: the zero value never links.
	_, err = LinkByMatch(Comparison{})
	wantProblem(t, err, "people.error.link.notAllFourMatch")
	if (Link{}).Valid() {
		t.Error("zero Link is valid")
	}
}

func TestLinkByOverride(t *testing.T) {
	other := chip
	other.Address = "大阪府大阪市北区梅田3-1-1" // moved, card not yet updated
	c := Compare(chip, other)

	for _, blank := range []string{"", "  \t"} {
		_, err := LinkByOverride(c, SupervisorOverride{Reason: blank})
		wantProblem(t, err, "people.error.link.reasonMissing")
		if p := problem.From(err); len(p) == 1 && p[0].Field != "overrideReason" {
			t.Errorf("problem on field %q", p[0].Field)
		}
	}
	l, err := LinkByOverride(c, SupervisorOverride{Reason: " 転入届の受理を確認 "})
	if err != nil || !l.Valid() || l.Basis() != BasisSupervisor || l.OverrideReason() != "転入届の受理を確認" {
		t.Fatalf("link %+v, %v", l, err)
	}
	if l.Comparison().AllFourMatch() {
		t.Error("override link claims four items matched")
	}
	if _, err := LinkByOverride(Comparison{}, SupervisorOverride{Reason: "x"}); err == nil || problem.From(err) != nil {
		t.Errorf("override without a comparison: %v", err)
	}
}

func wantProblem(t *testing.T, err error, id string) {
	t.Helper()
	p := problem.From(err)
	if len(p) != 1 || p[0].ID != id {
		t.Errorf("error %v, want problem %s", err, id)
	}
	if err != nil && strings.ContainsAny(err.Error(), "高橋一郎") {
		t.Errorf("error text carries personal data: %v", err)
	}
}

// A resident whose birth date is known only by year: the chip carries
// 19850000, the record 1985-00-00, and they agree.
func TestComparePartialBirthDate(t *testing.T) {
	a, b := chip, chip
	a.BirthDate, b.BirthDate = "19850000", "1985-00-00"
	if r := Compare(a, b).Result(ItemBirthDate); !r.Same || r.A != "1985-00-00" {
		t.Errorf("partial dates: %+v", r)
	}
}
