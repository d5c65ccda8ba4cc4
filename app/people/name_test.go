package people

import "testing"

func TestNormalizeName(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"space between family and given name", "山田 太郎", "山田太郎"},
		{"ideographic space and tab", "山田　\t太郎", "山田太郎"},
		{"zero-width space pasted from another system", "山田\u200b太郎", "山田太郎"},
		{"IVS selector on 葛", "葛\U000E0100西 花子", "葛西花子"},
		{"髙 is 高", "髙橋 一郎", "高橋一郎"},
		{"﨑 is 崎", "山﨑 翔", "山崎翔"},
		{"嵜 is 崎", "宮嵜 翔", "宮崎翔"},
		{"邊 is 辺", "渡邊 健", "渡辺健"},
		{"邉 is 辺", "渡邉 健", "渡辺健"},
		{"齋 is 斎", "齋藤 茂", "斎藤茂"},
		{"齊 is 斉, not 斎", "齊藤 茂", "斉藤茂"},
		{"澤 is 沢", "小澤 誠", "小沢誠"},
		{"濱 is 浜", "濱田 直", "浜田直"},
		{"廣 is 広", "廣瀬 愛", "広瀬愛"},
		{"國 and 榮", "國分 榮", "国分栄"},
		{"櫻 and 惠", "櫻井 惠", "桜井恵"},
		{"德 and 眞", "德永 眞", "徳永真"},
		{"條 鐵 實 壽 藏", "條 鐵實壽藏", "条鉄実寿蔵"},
		{"龍 is 竜", "龍崎 一", "竜崎一"},
		{"嶋 is 島", "中嶋 悟", "中島悟"},
		{"𠮷 (土吉) is 吉", "𠮷田 茂", "吉田茂"},
		{"compatibility ideograph 塚 (U+FA10) by NFKC", "大\uFA10 進", "大塚進"},
		{"repeated kanji takes 々", "佐佐木 希", "佐々木希"},
		{"々 kept", "佐々木 希", "佐々木希"},
		{"hiragana given name as katakana", "山田 さくら", "山田サクラ"},
		{"half-width katakana", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"},
		{"small kana stay small", "キョウコ", "キョウコ"},
		{"katakana name with ・", "ジョン・スミス", "ジョンスミス"},
		{"katakana name with ＝", "ジョン＝スミス", "ジョンスミス"},
		{"minus sign typed as long vowel", "ジョ−ジ", "ジョージ"},
		{"full-width hyphen typed as long vowel", "ジョ－ジ", "ジョージ"},
		{"Latin: family name first, capitals", "NGUYEN VAN AN", "an nguyen van"},
		{"Latin: given name first", "Van An Nguyen", "an nguyen van"},
		{"Latin: comma", "NGUYEN, Van An", "an nguyen van"},
		{"Latin: full-width letters", "ＮＧＵＹＥＮ　ＶＡＮ　ＡＮ", "an nguyen van"},
		{"Latin: Vietnamese accents and đ", "Đặng Thị Hồng", "dang hong thi"},
		{"Latin: hyphen separates", "Jean-Pierre MARTIN", "jean martin pierre"},
		{"Latin: apostrophe dropped", "O'Brien, Mary", "mary obrien"},
		{"Latin: dots", "Santos, Maria C.", "c maria santos"},
		{"Latin: ß", "Strauß Anna", "anna strauss"},
		{"empty", "  ", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeName(tc.in); got != tc.want {
				t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Names that look alike but are different people must stay different.
func TestNormalizeNameKeepsDifferences(t *testing.T) {
	pairs := [][2]string{
		{"高橋一郎", "高橋二郎"},
		{"斉藤茂", "斎藤茂"},   // different characters, not forms of one
		{"キヨコ", "キョコ"},   // small kana
		{"山田太郎", "太郎山田"}, // Japanese word order matters
		{"ユウキ", "ユーキ"},   // a long vowel mark is not a ウ
		{"NGUYEN VAN AN", "NGUYEN VAN ANH"},
	}
	for _, p := range pairs {
		if a, b := NormalizeName(p[0]), NormalizeName(p[1]); a == b {
			t.Errorf("%q and %q both normalise to %q", p[0], p[1], a)
		}
	}
}

func TestNormalizeReading(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"katakana with space", "ヤマダ タロウ", "ヤマダタロウ"},
		{"hiragana", "やまだ たろう", "ヤマダタロウ"},
		{"half-width", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"},
		{"small kana kept", "きょうこ", "キョウコ"},
		{"ー", "ジョージ", "ジョージ"},
		{"half-width ｰ", "ｼﾞｮｰｼﾞ", "ジョージ"},
		{"full-width －", "ジョ－ジ", "ジョージ"},
		{"ASCII hyphen", "ジョ-ジ", "ジョージ"},
		{"minus sign", "ジョ−ジ", "ジョージ"},
		{"dash", "ジョ―ジ", "ジョージ"},
		{"separator ・", "グエン・ヴァン・アン", "グエンヴァンアン"},
		{"ideographic space", "サトウ　ハナコ", "サトウハナコ"},
		{"ゔ is ヴ", "ゔぁん", "ヴァン"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeReading(tc.in); got != tc.want {
				t.Errorf("NormalizeReading(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestVariantTable(t *testing.T) {
	m, err := parseVariants(kanjiVariantsTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) < 250 {
		t.Errorf("table has %d rows, want the full list", len(m))
	}
	for v, want := range map[rune]rune{'髙': '高', '﨑': '崎', '邊': '辺', '邉': '辺', '齋': '斎', '澤': '沢', '龍': '竜', '嶋': '島'} {
		if got := m[v]; got != want {
			t.Errorf("%c folds to %c, want %c", v, got, want)
		}
	}
	for _, distinct := range []rune{'斉', '斎', '埼', '崎'} {
		if _, ok := m[distinct]; ok {
			t.Errorf("%c is folded, but it is a character of its own", distinct)
		}
	}
}

func TestParseVariantsRefuses(t *testing.T) {
	cases := map[string]string{
		"no header":    "髙\t高\t異体字\n",
		"chain":        "variant\tstandard\tkind\n髙\t高\tx\n高\t亮\tx\n",
		"self":         "variant\tstandard\tkind\n高\t高\tx\n",
		"duplicate":    "variant\tstandard\tkind\n髙\t高\tx\n髙\t高\tx\n",
		"two runes":    "variant\tstandard\tkind\n髙橋\t高\tx\n",
		"missing kind": "variant\tstandard\tkind\n髙\t高\n",
	}
	for name, tsv := range cases {
		if _, err := parseVariants(tsv); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
