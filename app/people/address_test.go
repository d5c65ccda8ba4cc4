package people

import "testing"

func TestNormalizeAddress(t *testing.T) {
	const kasumi = "東京都千代田区霞ケ関2-8-1"
	cases := []struct {
		name, in       string
		main, building string
	}{
		{"units in kanji, numbers in digits", "東京都千代田区霞が関二丁目8番1号", kasumi, ""},
		{"hyphens", "東京都千代田区霞が関2-8-1", kasumi, ""},
		{"full-width digits and minus sign", "東京都千代田区霞が関２丁目８−１", kasumi, ""},
		{"all in kanji", "東京都千代田区霞が関二丁目八番一号", kasumi, ""},
		{"ヶ", "東京都千代田区霞ヶ関2-8-1", kasumi, ""},
		{"ケ", "東京都千代田区霞ケ関2-8-1", kasumi, ""},
		{"long vowel mark typed for hyphens", "東京都千代田区霞が関2ー8ー1", kasumi, ""},
		{"full-width hyphens", "東京都千代田区霞が関２－８－１", kasumi, ""},
		{"dash and spaces", "東京都千代田区霞が関 2 — 8 — 1", kasumi, ""},
		{"spaces between parts", "東京都 千代田区 霞が関 2丁目 8番 1号", kasumi, ""},
		{"番地", "東京都千代田区霞が関2丁目8番地1", kasumi, ""},
		{"番地の", "東京都千代田区霞が関2丁目8番地の1", kasumi, ""},
		{"postcode with 〒", "〒100-8916 東京都千代田区霞が関2-8-1", kasumi, ""},
		{"postcode without 〒", "100-8916 東京都千代田区霞が関2-8-1", kasumi, ""},
		{"building after a space", "東京都千代田区霞が関2-8-1 中央合同庁舎第2号館", kasumi, "中央合同庁舎第2号館"},
		{"building and room", "東京都千代田区霞が関二丁目8番1号 霞ハイツ 101号室", kasumi, "霞ハイツ101"},
		{"room as a fourth number", "東京都千代田区霞が関2-8-1-101", kasumi, "101"},
		{"building straight after the number", "東京都千代田区霞が関2-8-1霞ハイツ101", kasumi, "霞ハイツ101"},
		{"kanji numeral with 十", "大阪府大阪市北区梅田三丁目十二番二十三号", "大阪府大阪市北区梅田3-12-23", ""},
		{"kanji numeral digit by digit", "大阪府大阪市北区梅田三丁目一〇五番", "大阪府大阪市北区梅田3-105", ""},
		{"leading zeros", "大阪府大阪市北区梅田03-012-023", "大阪府大阪市北区梅田3-12-23", ""},
		{"大字 optional", "埼玉県比企郡小川町大字大塚123番地", "埼玉県比企郡小川町大塚123", ""},
		{"no 大字", "埼玉県比企郡小川町大塚123", "埼玉県比企郡小川町大塚123", ""},
		{"大字 and 字", "長野県上田市大字上野字中村123-4", "長野県上田市上野中村123-4", ""},
		{"without 字", "長野県上田市上野中村123-4", "長野県上田市上野中村123-4", ""},
		{"place name numerals kept", "東京都八王子市元本郷町三丁目24番1号", "東京都八王子市元本郷町3-24-1", ""},
		{"一番町 is a town name", "東京都千代田区一番町23番地3", "東京都千代田区一番町23-3", ""},
		{"Sapporo 条 in kanji", "北海道札幌市中央区北一条西二丁目1番地", "北海道札幌市中央区北1条西2-1", ""},
		{"Sapporo 条 in digits", "北海道札幌市中央区北1条西2丁目1", "北海道札幌市中央区北1条西2-1", ""},
		{"が between kanji", "東京都目黒区自由が丘1-2-3", "東京都目黒区自由ケ丘1-2-3", ""},
		{"の between kanji", "千葉県市川市一の瀬5-6", "千葉県市川市一ノ瀬5-6", ""},
		{"old kanji in a place", "長﨑県長﨑市桜町2-22", "長崎県長崎市桜町2-22", ""},
		{"no block number", "沖縄県島尻郡北大東村", "沖縄県島尻郡北大東村", ""},
		{"empty", "   ", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := NormalizeAddress(tc.in)
			if got.Main != tc.main || got.Building != tc.building {
				t.Errorf("NormalizeAddress(%q) = {%q %q}, want {%q %q}", tc.in, got.Main, got.Building, tc.main, tc.building)
			}
		})
	}
}

func TestKanjiNumber(t *testing.T) {
	cases := map[string]string{
		"一": "1", "十": "10", "十二": "12", "二十": "20", "二十三": "23", "百": "100", "百五": "105",
		"三百二十一": "321", "千": "1000", "千二百": "1200", "二千二十五": "2025", "一〇五": "105", "〇": "0",
	}
	for in, want := range cases {
		if got, ok := kanjiNumber([]rune(in)); !ok || got != want {
			t.Errorf("kanjiNumber(%s) = %q %v, want %q", in, got, ok, want)
		}
	}
}
