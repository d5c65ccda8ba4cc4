package intake

import (
	"context"
	"slices"
	"testing"
)

func TestParseDateQuery(t *testing.T) {
	cases := []struct {
		q    string
		want string // "" = not a date
	}{
		{"1990-04-01", "1990-04-01"},
		{"1990/4/1", "1990-04-01"},
		{"1990.4.1", "1990-04-01"},
		{"19900401", "1990-04-01"},
		{"1990年4月1日", "1990-04-01"},
		{"１９９０／４／１", "1990-04-01"},
		{" 1990 / 4 / 1 ", "1990-04-01"},
		{"平成2年4月1日", "1990-04-01"},
		{"平成２年４月１日", "1990-04-01"},
		{"H2.4.1", "1990-04-01"},
		{"h2/4/1", "1990-04-01"},
		{"H02.04.01", "1990-04-01"},
		{"平2.4.1", "1990-04-01"},
		{"㍻2.4.1", "1990-04-01"},
		{"平成元年1月8日", "1989-01-08"},
		{"S64.1.7", "1989-01-07"},
		{"昭和64年1月7日", "1989-01-07"},
		{"R1.5.1", "2019-05-01"},
		{"令和元年5月1日", "2019-05-01"},
		{"M1.10.23", "1868-10-23"},
		{"平成31年5月1日", ""}, // Heisei ended on 30 April
		{"2019/2/30", ""},
		{"19901301", ""},
		{"X2.4.1", ""},
		{"山田", ""},
		{"1990", ""},
	}
	for _, tc := range cases {
		got, ok := parseDateQuery(tc.q)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("parseDateQuery(%q) = %q, %v; want %q", tc.q, got, ok, tc.want)
		}
	}
}

func TestSearch(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	yamada := fillJP(t, s, 1) // 山田 太郎, ヤマダ タロウ, 1990-04-01

	smith, _ := s.Start(ctx, 1)
	for _, a := range []struct {
		step string
		in   Answers
	}{
		{"language", Answers{"applicantLanguage": "en"}},
		{"name", Answers{"name": "SMITH John", "alias": "鈴木 一郎"}},
		{"kana", Answers{"nameKana": "スミス ジョン"}},
		{"birth", greg("1985", "12", "24")},
	} {
		smith = mustSave(t, s, smith.ID, a.step, a.in)
	}
	nguyen, _ := s.Start(ctx, 1)
	for _, a := range []struct {
		step string
		in   Answers
	}{
		{"language", Answers{"applicantLanguage": "en"}},
		{"name", Answers{"name": "NGUYEN VAN AN"}},
		{"kana", Answers{"nameKana": "グエン・ヴァン・アン"}},
	} {
		nguyen = mustSave(t, s, nguyen.ID, a.step, a.in)
	}
	empty, _ := s.Start(ctx, 2) // newest: only a draft with no answers

	cases := []struct {
		q    string
		want []int64
	}{
		{"山田", []int64{yamada.ID}},
		{"山田太郎", []int64{yamada.ID}},
		{"やまだ", []int64{yamada.ID}},
		{"ﾀﾛｳ", []int64{yamada.ID}},
		{"やまだ　たろう", []int64{yamada.ID}},
		{"smith", []int64{smith.ID}},
		{"ｓｍｉｔｈ ｊｏｈｎ", []int64{smith.ID}},
		{"鈴木", []int64{smith.ID}},
		{"すみす", []int64{smith.ID}},
		{"平成2年4月1日", []int64{yamada.ID}},
		{"H2.4.1", []int64{yamada.ID}},
		{"平2.4.1", []int64{yamada.ID}},
		{"1990-04-01", []int64{yamada.ID}},
		{"1990/4/1", []int64{yamada.ID}},
		{"19900401", []int64{yamada.ID}},
		{"昭和60年12月24日", []int64{smith.ID}},
		{"太郎", []int64{yamada.ID}},     // the given name alone
		{"たろ", []int64{yamada.ID}},     // the start of the given name's reading
		{"ヤマダ タロ", []int64{yamada.ID}}, // the start of the whole reading
		{"山", []int64{yamada.ID}},
		{"john", []int64{smith.ID}},
		{"一郎", []int64{smith.ID}}, // the alias's given name
		{"an", []int64{nguyen.ID}},
		{"nguyenvana", []int64{nguyen.ID}}, // longer than the indexed prefixes
		{"nguyenvanx", nil},
		{"ヴァン", []int64{nguyen.ID}}, // parts of a reading split at ・
		{"グエンヴァンア", []int64{nguyen.ID}},
		{"田太", nil}, // inside a part: not a supported search
		{"まだ", nil}, // likewise
		{"佐藤", nil},
		{"1990/4/2", nil},
		{"", []int64{empty.ID, nguyen.ID, smith.ID, yamada.ID}},
		{"  ", []int64{empty.ID, nguyen.ID, smith.ID, yamada.ID}},
	}
	for _, tc := range cases {
		got, err := s.Search(ctx, tc.q, 0)
		if err != nil {
			t.Fatalf("search %q: %v", tc.q, err)
		}
		var ids []int64
		for _, sum := range got {
			ids = append(ids, sum.ID)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("search %q: %v, want %v", tc.q, ids, tc.want)
		}
	}

	got, _ := s.Search(ctx, "やまだ", 10)
	want := Summary{ID: yamada.ID, Status: StatusDraft, Name: "山田 太郎", NameKana: "ヤマダ タロウ", BirthDate: "1990-04-01", UpdatedAt: yamada.UpdatedAt}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("summary %+v, want %+v", got, want)
	}
	if got, _ := s.Search(ctx, "", 2); len(got) != 2 || got[0].ID != empty.ID {
		t.Fatalf("limit 2: %+v", got)
	}
	if got, _ := s.Search(ctx, "佐藤", 0); got == nil {
		t.Fatal("no results should be an empty list, not null")
	}
}
