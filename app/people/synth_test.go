package people

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// This file generates synthetic persons for the similar-person tests and the
// benchmark: deterministic for a seed, shaped like a municipal register
// (households sharing an address and a family name, common surnames far more
// frequent than rare ones, 3% foreign residents in Latin letters) and written
// the many ways staff type them.

type namePart struct{ kanji, kana string }

// Surnames roughly in order of frequency; the generator favours the first.
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

// How the register sometimes writes a surname: traditional or variant forms.
var surnameVariants = map[string][]string{
	"高橋": {"髙橋"}, "斎藤": {"齋藤"}, "渡辺": {"渡邉", "渡邊"}, "山崎": {"山﨑"}, "沢田": {"澤田"},
	"浜田": {"濱田"}, "桜井": {"櫻井"}, "中島": {"中嶋"}, "国分": {"國分"}, "宮崎": {"宮﨑"}, "吉田": {"𠮷田"},
}

var maleNames = parts(`翔 ショウ 大輔 ダイスケ 健太 ケンタ 拓也 タクヤ 直樹 ナオキ 誠 マコト 浩 ヒロシ 隆 タカシ 茂 シゲル
清 キヨシ 実 ミノル 勇 イサム 博 ヒロシ 正 タダシ 修 オサム 進 ススム 学 マナブ 一郎 イチロウ 次郎 ジロウ 三郎 サブロウ
健一 ケンイチ 和夫 カズオ 昭 アキラ 明 アキラ 豊 ユタカ 稔 ミノル 秀樹 ヒデキ 哲也 テツヤ 達也 タツヤ 和也 カズヤ
翔太 ショウタ 大樹 ダイキ 悠人 ユウト 蓮 レン 陽翔 ハルト 湊 ミナト 蒼 アオイ 悠真 ユウマ 大和 ヤマト 陸 リク
颯太 ソウタ 健 ケン 亮 リョウ 剛 ツヨシ 智也 トモヤ 雄一 ユウイチ 光 ヒカル 聡 サトシ 雅人 マサト 浩二 コウジ
康介 コウスケ 慎也 シンヤ 龍之介 リュウノスケ 優斗 ユウト 海斗 カイト 樹 イツキ 晴 ハル 朝陽 アサヒ 結翔 ユイト 隼人 ハヤト
榮一 エイイチ 眞一 シンイチ 實 ミノル 壽男 トシオ 德治 トクジ 廣志 ヒロシ`)

var femaleNames = parts(`花子 ハナコ 幸子 サチコ 節子 セツコ 和子 カズコ 洋子 ヨウコ 京子 キョウコ 恵子 ケイコ 久美子 クミコ
裕子 ユウコ 明美 アケミ 由美子 ユミコ 真由美 マユミ 智子 トモコ 直美 ナオミ 陽子 ヨウコ 美穂 ミホ 愛 アイ 彩 アヤ
舞 マイ 恵 メグミ 麻衣 マイ 美咲 ミサキ 優子 ユウコ 香織 カオリ 沙織 サオリ 由佳 ユカ 千尋 チヒロ 遥 ハルカ
さくら サクラ 陽菜 ヒナ 結衣 ユイ 葵 アオイ 凛 リン 芽依 メイ 結菜 ユイナ 紬 ツムギ 杏 アン 莉子 リコ 美月 ミヅキ
心春 コハル 花 ハナ 咲 サキ 菜々子 ナナコ 千代 チヨ 静江 シズエ 文子 フミコ キヨ キヨ ハル ハル 美智子 ミチコ
清美 キヨミ 敏子 トシコ 友美 トモミ 綾香 アヤカ 七海 ナナミ 日葵 ヒマリ 澪 ミオ 惠子 ケイコ 榮子 エイコ`)

// Foreign residents' names in Latin letters, with the katakana reading a
// counter would write, by the largest groups in Japan.
var foreignFamilies = parts(`NGUYEN グエン TRAN チャン LE レ PHAM ファム HOANG ホアン VU ヴー DANG ダン BUI ブイ
WANG ワン LI リー ZHANG チャン LIU リュウ CHEN チェン YANG ヤン ZHAO チャオ ZHOU ジョウ
SANTOS サントス REYES レイエス CRUZ クルス BAUTISTA バウティスタ GARCIA ガルシア MENDOZA メンドーサ
SILVA シルバ OLIVEIRA オリベイラ SOUZA ソウザ PEREIRA ペレイラ LIMA リマ
GURUNG グルン TAMANG タマン SHRESTHA シュレスタ RAI ライ KIM キム PARK パク`)

var foreignGivens = parts(`AN アン ANH アイン BINH ビン CUONG クオン DUNG ズン HAI ハイ HOA ホア HUNG フン LAN ラン
LINH リン MAI マイ MINH ミン NAM ナム THANH タイン TUAN トゥアン WEI ウェイ FANG ファン JING ジン JUN ジュン
XIN シン MARIA マリア JOSE ホセ ROSA ロサ JUAN フアン ANA アナ MARK マーク JOAO ジョアン PEDRO ペドロ
LUCAS ルーカス GABRIEL ガブリエル JULIA ジュリア RAM ラム SITA シタ BISHNU ビシュヌ KRISHNA クリシュナ
MINJUN ミンジュン SEOYEON ソヨン`)

var foreignMiddles = parts(`VAN ヴァン THI ティ`)

type town struct{ prefCity, name string }

var towns = func() []town {
	var out []town
	for _, line := range strings.Split(`東京都千代田区 霞が関 永田町 丸の内 一番町 神田神保町
東京都新宿区 西新宿 歌舞伎町 高田馬場 百人町 四谷
東京都世田谷区 三軒茶屋 太子堂 経堂 成城 桜丘
東京都八王子市 元本郷町 旭町 子安町 八日町
東京都目黒区 自由が丘 中目黒 碑文谷
神奈川県横浜市中区 山下町 本町 元町 石川町
大阪府大阪市北区 梅田 天神橋 中之島 曽根崎
愛知県名古屋市中区 栄 錦 丸の内 大須
北海道札幌市中央区 北一条西 南三条西 大通西
埼玉県さいたま市浦和区 高砂 常盤 岸町
福岡県福岡市博多区 博多駅前 中洲 祇園町
宮城県仙台市青葉区 一番町 国分町 本町
長崎県長崎市 桜町 興善町 万才町
千葉県市川市 八幡 市川南 一の瀬
沖縄県那覇市 久茂地 泉崎 松山
群馬県邑楽郡大泉町 西小泉 坂田 吉田
愛知県豊田市 保見町 若林東町 高岡町
静岡県浜松市中央区 砂山町 鍛冶町 高丘東
広島県広島市中区 紙屋町 八丁堀 大手町
京都府京都市下京区 四条通 烏丸通 七条
新潟県新潟市中央区 古町通 万代 東大通
長野県上田市 大字上野 大字住吉 中央`, "\n") {
		f := strings.Fields(line)
		for _, n := range f[1:] {
			out = append(out, town{f[0], n})
		}
	}
	return out
}()

var buildingNames = []string{"コーポ", "メゾン", "ハイツ", "グランドパレス", "シャトー", "レジデンス", "第二", "サンライズ"}

func parts(s string) []namePart {
	f := strings.Fields(s)
	out := make([]namePart, 0, len(f)/2)
	for i := 0; i+1 < len(f); i += 2 {
		out = append(out, namePart{f[i], f[i+1]})
	}
	return out
}

type synth struct {
	rng *rand.Rand
}

func newSynth(seed uint64) *synth {
	return &synth{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// zipf picks an index favouring the start: the top surnames are common.
func (g *synth) zipf(n int) int {
	return min(int(float64(n)*g.rng.Float64()*g.rng.Float64()), n-1)
}

func (g *synth) pick(list []namePart) namePart { return list[g.rng.IntN(len(list))] }

var firstDay, lastDay = time.Date(1930, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

func (g *synth) birthDate(foreign bool) string {
	days := int(lastDay.Sub(firstDay).Hours() / 24)
	d := firstDay.AddDate(0, 0, g.rng.IntN(days+1))
	if foreign && g.rng.IntN(5) == 0 {
		d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC) // date unknown: recorded as 1 January
	}
	switch g.rng.IntN(4) {
	case 0:
		return d.Format("20060102")
	case 1:
		return d.Format("2006/1/2")
	case 2:
		return d.Format("2006年1月2日")
	}
	return d.Format(time.DateOnly)
}

func (g *synth) sex() string {
	if g.rng.IntN(1000) == 0 {
		return "9"
	}
	return []string{"1", "2"}[g.rng.IntN(2)]
}

var kanjiDigitNames = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

func kanjiOf(n int) string {
	switch {
	case n < 10:
		return kanjiDigitNames[n]
	case n < 20:
		return "十" + strings.TrimPrefix(kanjiDigitNames[n%10], "〇")
	}
	return kanjiDigitNames[n/10] + "十" + strings.TrimPrefix(kanjiDigitNames[n%10], "〇")
}

// address writes a block address one of the ways it is typed.
func (g *synth) address() string {
	t := towns[g.rng.IntN(len(towns))]
	chome, ban, gou := 1+g.rng.IntN(9), 1+g.rng.IntN(40), 1+g.rng.IntN(30)
	var block string
	switch g.rng.IntN(5) {
	case 0:
		block = fmt.Sprintf("%d-%d-%d", chome, ban, gou)
	case 1:
		block = fmt.Sprintf("%s丁目%d番%d号", kanjiOf(chome), ban, gou)
	case 2:
		block = fmt.Sprintf("%s丁目%s番%s号", kanjiOf(chome), kanjiOf(ban), kanjiOf(gou))
	case 3:
		block = fmt.Sprintf("%d丁目%d−%d", chome, ban, gou)
		block = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '０'
			}
			return r
		}, block)
	default:
		block = fmt.Sprintf("%d丁目%d番地%d", chome, ban, gou)
	}
	a := t.prefCity + t.name + block
	if g.rng.IntN(3) == 0 {
		a += fmt.Sprintf(" %s%s %d%02d号室", buildingNames[g.rng.IntN(len(buildingNames))], t.name, 1+g.rng.IntN(9), 1+g.rng.IntN(12))
	}
	return a
}

// person makes one member of a household.
func (g *synth) person(family namePart, foreign bool, address string) Person {
	p := Person{Address: address, BirthDate: g.birthDate(foreign), Sex: g.sex()}
	if foreign {
		given := g.pick(foreignGivens)
		words := []namePart{family, given}
		if strings.Contains("NGUYEN TRAN LE PHAM HOANG VU DANG BUI", family.kanji) && g.rng.IntN(2) == 0 {
			words = []namePart{family, g.pick(foreignMiddles), given}
		}
		var latin, kana []string
		for _, w := range words {
			latin, kana = append(latin, w.kanji), append(kana, w.kana)
		}
		switch g.rng.IntN(3) {
		case 0:
			p.Name = strings.Join(latin, " ")
		case 1:
			p.Name = strings.Join(append(latin[1:], latin[0]), " ")
		default:
			p.Name = latin[0] + ", " + strings.Join(latin[1:], " ")
		}
		p.Reading = strings.Join(kana, "・")
		return p
	}
	given := g.pick(maleNames)
	if p.Sex == "2" || (p.Sex == "9" && g.rng.IntN(2) == 0) {
		given = g.pick(femaleNames)
	}
	surname := family.kanji
	if v, ok := surnameVariants[surname]; ok && g.rng.IntN(8) == 0 {
		surname = v[g.rng.IntN(len(v))]
	}
	p.Name = surname + []string{" ", "　", ""}[g.rng.IntN(3)] + given.kanji
	p.Reading = family.kana + " " + given.kana
	switch g.rng.IntN(20) {
	case 0:
		p.Reading = strings.Map(func(r rune) rune { // in hiragana
			if r >= 'ァ' && r <= 'ヶ' {
				return r - 0x60
			}
			return r
		}, p.Reading)
	case 1:
		p.Reading = family.kana + given.kana
	}
	return p
}

// people makes n persons in households of one to four sharing an address.
func (g *synth) people(n int) []Record {
	out := make([]Record, 0, n)
	for len(out) < n {
		foreign := g.rng.IntN(100) < 3
		var family namePart
		if foreign {
			family = g.pick(foreignFamilies)
		} else {
			family = surnames[g.zipf(len(surnames))]
		}
		address := g.address()
		for range min(1+g.rng.IntN(4), n-len(out)) {
			out = append(out, Record{ID: fmt.Sprintf("P%07d", len(out)+1), Person: g.person(family, foreign, address)})
		}
	}
	return out
}

// queries makes persons to look up: mostly changed copies of known persons
// (one kanji of the given name wrong, another birth date, a variant kanji,
// a sibling at the same address, a re-registration), and some strangers.
func (g *synth) queries(known []Record, n int) []Person {
	out := make([]Person, 0, n)
	for range n {
		p := known[g.rng.IntN(len(known))].Person
		switch g.rng.IntN(6) {
		case 0: // typo: one character of the name replaced
			r := []rune(p.Name)
			i := g.rng.IntN(len(r))
			r[i] = []rune(g.pick(maleNames).kanji)[0]
			p.Name = string(r)
		case 1: // same name, another person born elsewhere and another day
			p.BirthDate, p.Address = g.birthDate(false), g.address()
		case 2: // same person, written another way
			p.Name = strings.NewReplacer("高", "髙", "崎", "﨑", "辺", "邊", " ", "").Replace(p.Name)
			p.Address = strings.NewReplacer("-", "−", "丁目", "-").Replace(p.Address)
		case 3: // a sibling at the same address
			p.Name = strings.Fields(p.Name)[0] + " " + g.pick(femaleNames).kanji
			p.BirthDate = g.birthDate(false)
		case 4: // duplicate registration: unchanged
		default:
			p = g.person(surnames[g.zipf(len(surnames))], false, g.address())
		}
		out = append(out, p)
	}
	return out
}
