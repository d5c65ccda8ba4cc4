package people

import (
	"reflect"
	"slices"
	"testing"
)

// scan is the plain reference: every record judged, no index.
func (ix *Index) scan(p Person) []Candidate {
	q := keyOf(p)
	return ix.judgeAll(&q, func(yield func(int32) bool) {
		for i := range ix.entries {
			if !yield(int32(i)) {
				return
			}
		}
	})
}

func TestSimilar(t *testing.T) {
	known := []Record{
		{"saito", Person{Name: "斉藤 茂", Reading: "サイトウ シゲル", Address: "東京都新宿区西新宿2-8-1", BirthDate: "1950-03-03", Sex: "1"}},
		{"takahashi1", Person{Name: "髙橋 一郎", Reading: "タカハシ イチロウ", Address: "東京都千代田区霞が関二丁目8番1号", BirthDate: "1985-04-01", Sex: "1"}},
		{"takahashi2", Person{Name: "高橋 二郎", Reading: "タカハシ ジロウ", Address: "東京都千代田区霞が関2-8-1 霞ハイツ202", BirthDate: "1988-07-15", Sex: "1"}},
		{"namesake", Person{Name: "高橋 一郎", Reading: "タカハシ イチロウ", Address: "大阪府大阪市北区梅田3-1-1", BirthDate: "1962-11-30", Sex: "1"}},
		{"stranger", Person{Name: "山田 花子", Reading: "ヤマダ ハナコ", Address: "北海道札幌市中央区北1条西2-1", BirthDate: "1985-04-01", Sex: "2"}},
		{"nguyen", Person{Name: "NGUYEN VAN AN", Reading: "グエン・ヴァン・アン", Address: "群馬県邑楽郡大泉町西小泉1-2-3", BirthDate: "1990-01-01", Sex: "1"}},
		{"nodate", Person{Name: "高橋 一郎", Address: "沖縄県那覇市泉崎1-1-1", BirthDate: "", Sex: "1"}},
	}
	ix := NewIndex(known)
	cases := []struct {
		name  string
		query Person
		want  []Candidate
	}{
		{
			"one kanji wrong (一朗), same birth date and address; 二郎 is two edits away",
			Person{Name: "高橋 一朗", Reading: "タカハシ イチロウ", Address: "東京都千代田区霞が関2-8-1", BirthDate: "19850401", Sex: "1"},
			[]Candidate{{"takahashi1", []Reason{SameBirthDateSimilarName, SameAddressSimilarName}}},
		},
		{
			"same name as three records, one the same person",
			Person{Name: "高橋一郎", Reading: "たかはし いちろう", Address: "東京都千代田区霞が関2-8-1", BirthDate: "1985-04-01", Sex: "1"},
			[]Candidate{
				{"takahashi1", []Reason{SameBirthDateSimilarName, SameAddressSimilarName}},
				{"takahashi2", []Reason{SameAddressSimilarName}},
				{"namesake", []Reason{SameNameOtherBirthDate}},
				{"nodate", []Reason{SameNameOtherBirthDate}},
			},
		},
		{
			"斎藤 is not 斉藤, but the reading is the same",
			Person{Name: "斎藤 茂", Reading: "サイトウ シゲル", Address: "福岡県福岡市博多区中洲1-1", BirthDate: "1950-03-03", Sex: "1"},
			[]Candidate{{"saito", []Reason{SameBirthDateSimilarName}}},
		},
		{
			"Latin name in another order",
			Person{Name: "Van An Nguyen", Address: "愛知県豊田市保見町1-1", BirthDate: "1990-01-01", Sex: "1"},
			[]Candidate{{"nguyen", []Reason{SameBirthDateSimilarName}}},
		},
		{
			"same birth date, unlike name: nobody",
			Person{Name: "鈴木 花", Reading: "スズキ ハナ", Address: "東京都目黒区中目黒1-1-1", BirthDate: "1985-04-01", Sex: "2"},
			[]Candidate{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ix.Similar(tc.query)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Similar:\n got %v\nwant %v", got, tc.want)
			}
			if scan := ix.scan(tc.query); !reflect.DeepEqual(scan, got) {
				t.Errorf("scan %v differs from Similar %v", scan, got)
			}
		})
	}
}

// The index must find exactly what judging every record finds. The reasons
// are counted so that the test cannot pass by finding nothing.
func TestSimilarMatchesScan(t *testing.T) {
	known, queries := synthPeople(20_000, 20_000, 2_000)
	ix := NewIndex(known)
	seen := map[Reason]int{}
	for i, q := range queries {
		got, want := ix.Similar(q), ix.scan(q)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("query %d: Similar\n %v\nscan\n %v", i, got, want)
		}
		for _, c := range got {
			for _, r := range c.Reasons {
				seen[r]++
			}
		}
	}
	for _, r := range reasonOrder {
		if seen[r] < 100 {
			t.Errorf("%s found %d times in %d queries; the test data no longer exercises it", r, seen[r], len(queries))
		}
	}
	t.Logf("reasons found: %v", seen)
}

// An index of normalised items kept by a store (AddNormalized) answers as
// an index of the records themselves.
func TestAddNormalizedMatchesAdd(t *testing.T) {
	known, queries := synthPeople(5_000, 5_000, 500)
	byRecord := NewIndex(known)
	byItems := NewIndex(nil)
	for _, r := range known {
		byItems.AddNormalized(r.ID, Normalize(r.Person))
	}
	for i, q := range queries {
		if got, want := byItems.Similar(q), byRecord.Similar(q); !reflect.DeepEqual(got, want) {
			t.Fatalf("query %d: from normalised items\n %v\nfrom records\n %v", i, got, want)
		}
	}
}

func TestSimilarOrder(t *testing.T) {
	known := []Record{
		{"a", Person{Name: "田中 実", Address: "東京都新宿区四谷1-1-1", BirthDate: "1970-05-05"}},
		{"b", Person{Name: "田中 実", Address: "東京都新宿区四谷1-1-1", BirthDate: "1970-05-05"}},
	}
	got := NewIndex(known).Similar(Person{Name: "田中 実", Address: "東京都新宿区四谷1-1-1", BirthDate: "1970-05-05"})
	ids := []string{}
	for _, c := range got {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("order %v, want insertion order among equals", ids)
	}
}

func TestWithinEdits(t *testing.T) {
	cases := []struct {
		a, b string
		k    int
		want bool
	}{
		{"タカハシ", "タカハシ", 0, true},
		{"タカハシ", "タカハジ", 0, false},
		{"タカハシ", "タカハジ", 1, true},
		{"サトウケン", "サトウケンジ", 1, true},
		{"ヤマダタロウ", "ヤマダハナコ", 2, false},
		{"ヤマダタロウ", "ヤマダハナコ", 3, true},
		{"", "アイ", 1, false},
		{"an nguyen van", "anh nguyen van", 1, true},
		{"kitten", "sitting", 2, false},
		{"kitten", "sitting", 3, true},
	}
	for _, tc := range cases {
		if got := withinEdits([]rune(tc.a), []rune(tc.b), tc.k); got != tc.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v", tc.a, tc.b, tc.k, got)
		}
	}
	long := []rune("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ")
	if !withinEdits(long, long[1:], 1) {
		t.Error("long strings one apart")
	}
}
