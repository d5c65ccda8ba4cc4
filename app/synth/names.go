package synth

import "strings"

// This file holds the names: Japanese surnames by frequency with the
// variant forms registers write, given names, and the largest groups of
// foreign residents with their names in Latin letters and the katakana a
// counter writes for them.

// namePart is a name in its written form (kanji, kana or Latin letters)
// and its reading in katakana.
type namePart struct{ written, kana string }

// surnames are roughly in order of frequency; zipf favours the first.
var surnames = parts(`佐藤 サトウ 鈴木 スズキ 高橋 タカハシ 田中 タナカ 伊藤 イトウ 渡辺 ワタナベ 山本 ヤマモト 中村 ナカムラ
小林 コバヤシ 加藤 カトウ 吉田 ヨシダ 山田 ヤマダ 佐々木 ササキ 山口 ヤマグチ 松本 マツモト 井上 イノウエ 木村 キムラ
林 ハヤシ 斎藤 サイトウ 清水 シミズ 山崎 ヤマザキ 森 モリ 池田 イケダ 橋本 ハシモト 阿部 アベ 石川 イシカワ
山下 ヤマシタ 中島 ナカジマ 石井 イシイ 小川 オガワ 前田 マエダ 岡田 オカダ 長谷川 ハセガワ 藤田 フジタ 後藤 ゴトウ
近藤 コンドウ 村上 ムラカミ 遠藤 エンドウ 青木 アオキ 坂本 サカモト 斉藤 サイトウ 福田 フクダ 太田 オオタ 西村 ニシムラ
藤井 フジイ 金子 カネコ 岡本 オカモト 藤原 フジワラ 中野 ナカノ 三浦 ミウラ 原田 ハラダ 中川 ナカガワ 松田 マツダ
竹内 タケウチ 小野 オノ 田村 タムラ 中山 ナカヤマ 和田 ワダ 石田 イシダ 森田 モリタ 上田 ウエダ 原 ハラ 内田 ウチダ
柴田 シバタ 酒井 サカイ 宮崎 ミヤザキ 横山 ヨコヤマ 高木 タカギ 安藤 アンドウ 宮本 ミヤモト 大野 オオノ 小島 コジマ
谷口 タニグチ 今井 イマイ 工藤 クドウ 高田 タカダ 増田 マスダ 丸山 マルヤマ 杉山 スギヤマ 村田 ムラタ 大塚 オオツカ
小山 コヤマ 藤本 フジモト 平野 ヒラノ 新井 アライ 河野 コウノ 上野 ウエノ 野口 ノグチ 武田 タケダ 松井 マツイ
千葉 チバ 岩崎 イワサキ 菅原 スガワラ 木下 キノシタ 久保 クボ 佐野 サノ 野村 ノムラ 松尾 マツオ 菊地 キクチ
杉本 スギモト 市川 イチカワ 古川 フルカワ 大西 オオニシ 島田 シマダ 水野 ミズノ 桜井 サクライ 高野 タカノ 渡部 ワタナベ
吉川 ヨシカワ 山内 ヤマウチ 西田 ニシダ 飯田 イイダ 菅野 スガノ 小松 コマツ 北村 キタムラ 安田 ヤスダ 五十嵐 イガラシ
川口 カワグチ 平田 ヒラタ 関 セキ 中田 ナカタ 久保田 クボタ 服部 ハットリ 東 アズマ 岩田 イワタ 土屋 ツチヤ
川崎 カワサキ 福島 フクシマ 本田 ホンダ 辻 ツジ 樋口 ヒグチ 秋山 アキヤマ 田口 タグチ 永井 ナガイ 山中 ヤマナカ
中西 ナカニシ 吉村 ヨシムラ 川上 カワカミ 大橋 オオハシ 石原 イシハラ 松岡 マツオカ 馬場 ババ 浜田 ハマダ 森本 モリモト
星野 ホシノ 矢野 ヤノ 浅野 アサノ 大久保 オオクボ 松下 マツシタ 小沢 オザワ 沢田 サワダ 吉井 ヨシイ 国分 コクブ`)

// surnameVariants are how the register sometimes writes a surname:
// traditional or variant forms.
var surnameVariants = map[string][]string{
	"高橋": {"髙橋"}, "斎藤": {"齋藤"}, "渡辺": {"渡邉", "渡邊"}, "山崎": {"山﨑"}, "沢田": {"澤田"},
	"浜田": {"濱田"}, "桜井": {"櫻井"}, "中島": {"中嶋"}, "国分": {"國分"}, "宮崎": {"宮﨑"}, "吉田": {"𠮷田"},
}

// variantRunes pairs a character with another form of it that registers
// and typists use for the same name (異体字); a near-duplicate swaps one.
var variantRunes = func() map[rune]rune {
	m := map[rune]rune{}
	for _, pair := range strings.Fields(`高髙 崎﨑 辺邊 斎齋 斉齊 沢澤 浜濱 桜櫻 島嶋 国國 吉𠮷 栄榮 真眞 実實 寿壽 徳德 広廣 恵惠 竜龍 辺邉`) {
		r := []rune(pair)
		if _, ok := m[r[0]]; !ok {
			m[r[0]] = r[1]
		}
		m[r[1]] = r[0]
	}
	return m
}()

// Given names. Most are kanji; some are hiragana (さくら) or katakana, as
// older women's names often are (キヨ) and children of one foreign parent's
// sometimes are (エマ).
var maleNames = parts(`翔 ショウ 大輔 ダイスケ 健太 ケンタ 拓也 タクヤ 直樹 ナオキ 誠 マコト 浩 ヒロシ 隆 タカシ 茂 シゲル
清 キヨシ 実 ミノル 勇 イサム 博 ヒロシ 正 タダシ 修 オサム 進 ススム 学 マナブ 一郎 イチロウ 次郎 ジロウ 三郎 サブロウ
健一 ケンイチ 和夫 カズオ 昭 アキラ 明 アキラ 豊 ユタカ 稔 ミノル 秀樹 ヒデキ 哲也 テツヤ 達也 タツヤ 和也 カズヤ
翔太 ショウタ 大樹 ダイキ 悠人 ユウト 蓮 レン 陽翔 ハルト 湊 ミナト 蒼 アオイ 悠真 ユウマ 大和 ヤマト 陸 リク
颯太 ソウタ 健 ケン 亮 リョウ 剛 ツヨシ 智也 トモヤ 雄一 ユウイチ 光 ヒカル 聡 サトシ 雅人 マサト 浩二 コウジ
康介 コウスケ 慎也 シンヤ 龍之介 リュウノスケ 優斗 ユウト 海斗 カイト 樹 イツキ 晴 ハル 朝陽 アサヒ 結翔 ユイト 隼人 ハヤト
榮一 エイイチ 眞一 シンイチ 實 ミノル 壽男 トシオ 德治 トクジ 廣志 ヒロシ
ひろと ヒロト けんと ケント ゆうき ユウキ レオ レオ ジョージ ジョージ`)

var femaleNames = parts(`花子 ハナコ 幸子 サチコ 節子 セツコ 和子 カズコ 洋子 ヨウコ 京子 キョウコ 恵子 ケイコ 久美子 クミコ
裕子 ユウコ 明美 アケミ 由美子 ユミコ 真由美 マユミ 智子 トモコ 直美 ナオミ 陽子 ヨウコ 美穂 ミホ 愛 アイ 彩 アヤ
舞 マイ 恵 メグミ 麻衣 マイ 美咲 ミサキ 優子 ユウコ 香織 カオリ 沙織 サオリ 由佳 ユカ 千尋 チヒロ 遥 ハルカ
さくら サクラ 陽菜 ヒナ 結衣 ユイ 葵 アオイ 凛 リン 芽依 メイ 結菜 ユイナ 紬 ツムギ 杏 アン 莉子 リコ 美月 ミヅキ
心春 コハル 花 ハナ 咲 サキ 菜々子 ナナコ 千代 チヨ 静江 シズエ 文子 フミコ キヨ キヨ ハル ハル 美智子 ミチコ
清美 キヨミ 敏子 トシコ 友美 トモミ 綾香 アヤカ 七海 ナナミ 日葵 ヒマリ 澪 ミオ 惠子 ケイコ 榮子 エイコ
ひかり ヒカリ あかり アカリ みのり ミノリ こころ ココロ ウメ ウメ トメ トメ マツ マツ エマ エマ リサ リサ`)

// group is one nationality among foreign residents: how common it is,
// the language its members most often choose, their names, and the
// statuses of residence its adults most often hold.
type group struct {
	code        string // ISO 3166-1 alpha-2, as the nationality step takes it
	weight      int    // relative share among foreign residents
	language    string // preferred applicant language, used when offered
	families    []namePart
	givens      []namePart // men's
	womenGivens []namePart
	middles     []namePart // a middle name some men have (Vietnamese VAN)
	// womenMiddles are the middle names of women (Vietnamese THI); nil
	// where men and women share middles.
	womenMiddles []namePart
	// kanji are the written forms of Chinese-character names, by Latin
	// spelling (WANG 王): the alias (通称) some residents use.
	kanji    map[string]string
	statuses []weighted // of adults; children get childStatuses
}

type weighted struct {
	value  string
	weight int
}

// groups are the largest nationalities among foreign residents in Japan,
// weighted roughly by their numbers (Immigration Services Agency,
// 在留外国人統計, end of 2024).
var groups = []*group{
	{code: "CN", weight: 24, language: "zh-Hans",
		families:    parts(`WANG ワン LI リー ZHANG チャン LIU リュウ CHEN チェン YANG ヤン ZHAO チャオ ZHOU ジョウ HUANG ホアン WU ウー SUN スン LIN リン`),
		givens:      parts(`WEI ウェイ JUN ジュン LEI レイ HAO ハオ XIAOMING シャオミン`),
		womenGivens: parts(`FANG ファン JING ジン XIN シン YAN イェン MIN ミン YING イン LILI リーリー`),
		kanji: kanjiOf(`WANG 王 LI 李 ZHANG 張 LIU 劉 CHEN 陳 YANG 楊 ZHAO 趙 ZHOU 周 HUANG 黄 WU 呉 SUN 孫 LIN 林
			WEI 偉 FANG 芳 JING 静 JUN 俊 XIN 欣 LEI 磊 YAN 燕 HAO 浩 MIN 敏 YING 穎 XIAOMING 小明 LILI 莉莉`),
		statuses: weightedList(`permanent_resident:30 working:25 student:15 dependent:10 spouse_of_japanese:6 highly_skilled_professional:4
			trainee_or_specified_skilled:4 spouse_of_permanent_resident:3 long_term_resident:3`)},
	{code: "VN", weight: 17, language: "vi",
		families:     parts(`NGUYEN グエン TRAN チャン LE レ PHAM ファム HOANG ホアン VU ヴー DANG ダン BUI ブイ DO ドー NGO ゴー`),
		givens:       parts(`AN アン BINH ビン CUONG クオン DUNG ズン HAI ハイ HUNG フン MINH ミン NAM ナム THANH タイン TUAN トゥアン`),
		womenGivens:  parts(`ANH アイン HOA ホア LAN ラン LINH リン MAI マイ HUONG フオン TRANG チャン`),
		middles:      parts(`VAN ヴァン DUC ドゥック`),
		womenMiddles: parts(`THI ティ`),
		statuses: weightedList(`trainee_or_specified_skilled:40 working:20 student:15 permanent_resident:5 dependent:5
			designated_activities:5 spouse_of_japanese:3 long_term_resident:2`)},
	{code: "KR", weight: 11, language: "ko",
		families:    parts(`KIM キム LEE イ PARK パク CHOI チェ JUNG チョン KANG カン`),
		givens:      parts(`MINJUN ミンジュン JIHOON ジフン YOUNGSOO ヨンス HYUNWOO ヒョヌ SUNGMIN ソンミン`),
		womenGivens: parts(`SEOYEON ソヨン JIYEON ジヨン`),
		kanji: kanjiOf(`KIM 金 LEE 李 PARK 朴 CHOI 崔 JUNG 鄭 KANG 姜
			MINJUN 敏俊 SEOYEON 瑞妍 JIHOON 志勲 YOUNGSOO 英洙 HYUNWOO 賢宇 JIYEON 智妍 SUNGMIN 成珉`),
		statuses: weightedList(`special_permanent_resident:40 permanent_resident:25 working:12 spouse_of_japanese:10 student:5
			dependent:5 highly_skilled_professional:3`)},
	{code: "PH", weight: 9, language: "fil",
		families:    parts(`SANTOS サントス REYES レイエス CRUZ クルス BAUTISTA バウティスタ GARCIA ガルシア MENDOZA メンドーサ AQUINO アキノ`),
		givens:      parts(`JOSE ホセ JUAN フアン MARK マーク JOHN ジョン`),
		womenGivens: parts(`MARIA マリア ROSA ロサ ANA アナ JOY ジョイ MICHELLE ミシェル`),
		statuses: weightedList(`permanent_resident:45 spouse_of_japanese:15 long_term_resident:15 trainee_or_specified_skilled:10
			working:5 dependent:5`)},
	{code: "NP", weight: 6, language: "ne",
		families:    parts(`GURUNG グルン TAMANG タマン SHRESTHA シュレスタ RAI ライ THAPA タパ MAGAR マガル`),
		givens:      parts(`RAM ラム BISHNU ビシュヌ KRISHNA クリシュナ BIKASH ビカス`),
		womenGivens: parts(`SITA シタ SUNITA スニタ`),
		statuses:    weightedList(`working:30 dependent:30 student:25 permanent_resident:10 trainee_or_specified_skilled:5`)},
	{code: "BR", weight: 6, language: "pt-BR",
		families:    parts(`SILVA シルバ OLIVEIRA オリベイラ SOUZA ソウザ PEREIRA ペレイラ LIMA リマ SANTOS サントス COSTA コスタ`),
		givens:      parts(`JOAO ジョアン PEDRO ペドロ LUCAS ルーカス GABRIEL ガブリエル RAFAEL ハファエル`),
		womenGivens: parts(`JULIA ジュリア ANA アナ MARIANA マリアナ`),
		statuses:    weightedList(`permanent_resident:60 long_term_resident:35 spouse_of_japanese:5`)},
	{code: "ID", weight: 5, language: "id",
		families:    parts(`SAPUTRA サプトラ WIJAYA ウィジャヤ HIDAYAT ヒダヤット SETIAWAN セティアワン`),
		givens:      parts(`AGUS アグス RIZKY リズキ BUDI ブディ`),
		womenGivens: parts(`DEWI デウィ PUTRI プトゥリ`),
		statuses:    weightedList(`trainee_or_specified_skilled:50 working:15 student:15 designated_activities:10 dependent:5 permanent_resident:5`)},
	{code: "MM", weight: 4, language: "en",
		families:    parts(`AUNG アウン KYAW チョー ZAW ゾー THANT タン`),
		givens:      parts(`MIN ミン HTET テッ NAING ナイン`),
		womenGivens: parts(`THU トゥ KHIN キン SU スー`),
		statuses: weightedList(`trainee_or_specified_skilled:35 designated_activities:20 student:20 working:15 permanent_resident:5
			provisional_stay:3 temporary_refuge:2`)},
	{code: "TW", weight: 2, language: "zh-Hant",
		families:    parts(`CHEN チェン LIN リン HUANG ホアン CHANG チャン`),
		givens:      parts(`CHIAHAO ジャーハオ CHIHWEI ジーウェイ`),
		womenGivens: parts(`YUTING ユーティン MEILING メイリン`),
		kanji:       kanjiOf(`CHEN 陳 LIN 林 HUANG 黄 CHANG 張 YUTING 雨婷 CHIAHAO 家豪 CHIHWEI 志偉 MEILING 美玲`),
		statuses:    weightedList(`permanent_resident:30 working:30 student:20 spouse_of_japanese:20`)},
	{code: "US", weight: 2, language: "en",
		families:    parts(`SMITH スミス JOHNSON ジョンソン WILLIAMS ウィリアムズ BROWN ブラウン O'BRIEN オブライエン`),
		givens:      parts(`JOHN ジョン MICHAEL マイケル`),
		womenGivens: parts(`EMILY エミリー SARAH サラ MARY-ANN メアリーアン`),
		statuses:    weightedList(`working:35 permanent_resident:25 spouse_of_japanese:25 dependent:5 highly_skilled_professional:5 other:5`)},
	{code: "IN", weight: 2, language: "en",
		families:    parts(`SHARMA シャルマ SINGH シン KUMAR クマール PATEL パテル`),
		givens:      parts(`RAHUL ラフル ANIL アニル`),
		womenGivens: parts(`PRIYA プリヤ DEEPA ディーパ`),
		statuses:    weightedList(`working:45 dependent:30 highly_skilled_professional:10 permanent_resident:10 student:5`)},
	{code: "PE", weight: 1, language: "es",
		families:    parts(`GONZALES ゴンザレス RAMIREZ ラミレス FLORES フローレス TORRES トーレス`),
		givens:      parts(`CARLOS カルロス LUIS ルイス`),
		womenGivens: parts(`ROSA ロサ MARIA マリア`),
		statuses:    weightedList(`permanent_resident:55 long_term_resident:40 spouse_of_japanese:5`)},
	{code: "TH", weight: 1, language: "th",
		families:    parts(`SRISUK シースック CHAIYAPORN チャイヤポーン BOONMA ブンマー`),
		givens:      parts(`SOMCHAI ソムチャイ`),
		womenGivens: parts(`NATTAYA ナッタヤー KANYA カンヤー`),
		statuses:    weightedList(`spouse_of_japanese:25 permanent_resident:25 trainee_or_specified_skilled:25 student:15 working:10`)},
}

var groupWeights = func() []int {
	w := make([]int, len(groups))
	for i, grp := range groups {
		w[i] = grp.weight
	}
	return cumulative(w)
}()

// childStatuses are those of foreign residents under 18.
var childStatuses = weightedList(`dependent:60 permanent_resident:15 long_term_resident:10 spouse_of_japanese:10
	designated_activities:5`)

// rareStatuses are given now and then to any adult, so that every status
// the residence step offers occurs in a large population.
var rareStatuses = weightedList(`other:5 transitional_nationality_loss:1 temporary_refuge:1 provisional_stay:1
	spouse_of_permanent_resident:2 highly_skilled_professional:2`)

// japaneseAliasSurnames are the Japanese-style surnames special permanent
// residents of Korean origin often use as their alias (通称).
var japaneseAliasSurnames = strings.Fields(`金本 金田 新井 松本 安田 岩本 金山 木村`)

func parts(s string) []namePart {
	f := strings.Fields(s)
	out := make([]namePart, 0, len(f)/2)
	for i := 0; i+1 < len(f); i += 2 {
		out = append(out, namePart{f[i], f[i+1]})
	}
	return out
}

func kanjiOf(s string) map[string]string {
	f := strings.Fields(s)
	m := make(map[string]string, len(f)/2)
	for i := 0; i+1 < len(f); i += 2 {
		m[f[i]] = f[i+1]
	}
	return m
}

func weightedList(s string) []weighted {
	var out []weighted
	for _, f := range strings.Fields(s) {
		name, w, _ := strings.Cut(f, ":")
		n := 0
		for _, d := range w {
			n = n*10 + int(d-'0')
		}
		out = append(out, weighted{name, n})
	}
	return out
}

// Sexes.
const (
	male = iota
	female
	unstated
)

// givenName picks a given name for sex (male, female or unstated).
func (grp *group) givenName(s source, sex int) namePart {
	if sex == female || (sex == unstated && s.n(2) == 0) {
		return s.pick(grp.womenGivens)
	}
	return s.pick(grp.givens)
}

// The long tails. Japan has some 100,000 family names: the list above covers
// only the most frequent, about four in ten people. The rest are drawn from
// two-part names made of common parts, so that a million applicants share a
// full name about as rarely as a real city's residents do (a few namesakes,
// not dozens), and the similar-person check sees a realistic load.
// Readings are joined as written, without the voicing real names often take
// (中 + 田 is ナカタ here, not ナカダ): both are valid readings.
var (
	surnameHeads = parts(`大 オオ 小 コ 中 ナカ 上 カミ 下 シモ 山 ヤマ 川 カワ 石 イシ 岩 イワ 松 マツ 竹 タケ 梅 ウメ
桜 サクラ 藤 フジ 高 タカ 長 ナガ 西 ニシ 東 ヒガシ 南 ミナミ 北 キタ 古 フル 新 ニイ 平 ヒラ 広 ヒロ 浅 アサ 深 フカ
青 アオ 赤 アカ 黒 クロ 白 シラ 金 カネ 森 モリ 林 ハヤシ 宮 ミヤ 寺 テラ 村 ムラ 野 ノ 杉 スギ 柳 ヤナギ 菊 キク
今 イマ 吉 ヨシ 福 フク 星 ホシ 早 ハヤ 相 アイ 秋 アキ 春 ハル 坂 サカ`)
	surnameTails = parts(`田 タ 川 カワ 山 ヤマ 野 ノ 本 モト 木 キ 村 ムラ 沢 サワ 井 イ 原 ハラ 島 シマ 崎 サキ 谷 タニ
岡 オカ 橋 ハシ 口 グチ 内 ウチ 西 ニシ 浦 ウラ 江 エ 尾 オ 部 ベ 瀬 セ 池 イケ 森 モリ 宮 ミヤ 坂 サカ 塚 ツカ 城 シロ
倉 クラ 窪 クボ 辺 ベ 岸 キシ 畑 ハタ 垣 ガキ 戸 ト 根 ネ 浜 ハマ 堀 ホリ 丘 オカ 野田 ノダ 川原 カワハラ`)
	maleHeads = parts(`健 ケン 大 ダイ 翔 ショウ 悠 ユウ 拓 タク 和 カズ 隆 タカ 雄 ユウ 直 ナオ 正 マサ 康 ヤス 博 ヒロ
浩 コウ 誠 セイ 俊 トシ 智 トモ 英 ヒデ 秀 ヒデ 優 ユウ 陽 ハル 蒼 ソウ 颯 ソウ 光 コウ 修 シュウ 勇 ユウ 幸 コウ 伸 シン`)
	maleTails   = parts(`太 タ 斗 ト 也 ヤ 介 スケ 輔 スケ 樹 キ 人 ト 真 マ 平 ヘイ 一 イチ 二 ジ 郎 ロウ 彦 ヒコ 司 ジ 哉 ヤ 明 アキ 志 シ`)
	femaleHeads = parts(`美 ミ 優 ユ 由 ユ 真 マ 千 チ 結 ユイ 彩 アヤ 奈 ナ 里 リ 沙 サ 亜 ア 愛 アイ 紗 サ 恵 メグ 智 チ 理 リ
早 サ 菜 ナ 麻 マ 希 キ 咲 サキ 春 ハル 夏 ナツ 秋 アキ 芽 メ`)
	femaleTails = parts(`子 コ 香 カ 美 ミ 奈 ナ 菜 ナ 恵 エ 花 カ 乃 ノ 穂 ホ 佳 カ 代 ヨ 里 リ 希 キ 絵 エ 音 ネ 衣 イ 紀 キ 世 ヨ`)
)

// twoParts joins a head and a tail into one name part.
func twoParts(head, tail namePart) namePart {
	return namePart{written: head.written + tail.written, kana: head.kana + tail.kana}
}
