package synth

import (
	"hash/fnv"
	"strconv"
	"strings"
)

// This file holds the addresses: the 47 prefectures weighted by
// population, a few cities or wards in each with their postal-code area,
// and some towns (町域) in each city.

// town is one place an address can be in.
type town struct {
	pref     int    // index in prefectures
	prefCity string // 東京都新宿区
	name     string // 西新宿
	postal   string // 7 digits, the same for every address in the town
}

// prefecture is one of the 47, with its population in ten thousands
// (2020 census, rounded) and the area code of its capital's landlines.
type prefecture struct {
	name     string
	people   int
	areaCode string
}

// placeData: a prefecture line (name, population in 10,000s, area code)
// followed by its cities, each indented: name, the first three digits of
// its postal codes, towns.
const placeData = `
北海道 522 011
 札幌市中央区 060 北一条西 南三条西 大通西 宮の森
 旭川市 070 宮下通 常盤通 豊岡
 函館市 040 本町 五稜郭町 湯川町
青森県 124 017
 青森市 030 新町 古川 浜田
 八戸市 031 番町 十三日町 白銀町
岩手県 121 019
 盛岡市 020 大通 中央通 菜園
宮城県 230 022
 仙台市青葉区 980 一番町 国分町 本町
 仙台市宮城野区 983 榴岡 原町
秋田県 96 018
 秋田市 010 中通 大町 山王
山形県 107 023
 山形市 990 香澄町 七日町 旅篭町
福島県 183 024
 福島市 960 栄町 大町 森合
 郡山市 963 駅前 桑野 堤下町
茨城県 287 029
 水戸市 310 宮町 南町 泉町
 つくば市 305 吾妻 竹園 天久保
栃木県 193 028
 宇都宮市 320 馬場通り 本町 駅前通り
群馬県 194 027
 前橋市 371 本町 千代田町 大手町
 高崎市 370 八島町 連雀町
 邑楽郡大泉町 370 西小泉 坂田 吉田
埼玉県 734 048
 さいたま市浦和区 330 高砂 常盤 岸町
 川口市 332 本町 栄町 芝
 川越市 350 脇田町 連雀町
 所沢市 359 日吉町 東町
千葉県 628 043
 千葉市中央区 260 中央 富士見 新町
 市川市 272 八幡 市川南 行徳駅前
 船橋市 273 本町 湊町 夏見
 松戸市 271 松戸 常盤平
東京都 1405 03
 千代田区 100 霞が関 永田町 丸の内 一番町 神田神保町
 新宿区 160 西新宿 歌舞伎町 高田馬場 百人町 四谷
 世田谷区 154 三軒茶屋 太子堂 経堂 成城 桜丘
 八王子市 192 元本郷町 旭町 子安町 八日町
 目黒区 152 自由が丘 中目黒 碑文谷
 江戸川区 134 西葛西 小岩 船堀
 足立区 120 千住 竹の塚 綾瀬
 練馬区 176 豊玉北 石神井町 光が丘
 大田区 144 蒲田 大森北 池上
 豊島区 170 池袋 巣鴨
 町田市 194 原町田 森野
神奈川県 924 045
 横浜市中区 231 山下町 本町 元町 石川町
 横浜市港北区 223 日吉 新横浜 綱島東
 川崎市川崎区 210 駅前本町 砂子 大師町
 相模原市中央区 252 相模原 中央
 藤沢市 251 鵠沼海岸 藤沢
新潟県 220 025
 新潟市中央区 951 古町通 万代 東大通
 長岡市 940 大手通 殿町
富山県 103 076
 富山市 930 総曲輪 桜町 新富町
石川県 113 076
 金沢市 920 香林坊 片町 広坂
福井県 77 0776
 福井市 910 大手 中央 順化
山梨県 81 055
 甲府市 400 丸の内 中央 相生
長野県 205 026
 長野市 380 大字鶴賀 大字南長野 篠ノ井
 上田市 386 大字上野 大字住吉 中央
 松本市 390 中央 深志
岐阜県 198 058
 岐阜市 500 神田町 金町 長住町
 美濃加茂市 505 太田町 古井町
静岡県 363 054
 静岡市葵区 420 追手町 呉服町 紺屋町
 浜松市中央区 430 砂山町 鍛冶町 高丘東
 沼津市 410 大手町 高島町
愛知県 754 052
 名古屋市中区 460 栄 錦 丸の内 大須
 名古屋市港区 455 港楽 九番町
 豊田市 471 保見町 若林東町 高岡町
 豊橋市 440 駅前大通 西小池町
 岡崎市 444 康生町 明大寺町
三重県 177 059
 津市 514 大門 丸之内
 四日市市 510 諏訪町 鵜の森
 鈴鹿市 513 神戸 白子
滋賀県 141 077
 大津市 520 京町 浜大津 中央
京都府 258 075
 京都市下京区 600 四条通 烏丸通 七条
 京都市左京区 606 吉田本町 下鴨
 宇治市 611 宇治 小倉町
大阪府 884 06
 大阪市北区 530 梅田 天神橋 中之島 曽根崎
 大阪市生野区 544 桃谷 鶴橋 中川
 堺市堺区 590 南瓦町 宿院町
 東大阪市 577 荒本北 長田
 豊中市 560 中桜塚 服部元町
兵庫県 547 078
 神戸市中央区 650 三宮町 元町通 加納町
 姫路市 670 本町 駅前町
 西宮市 662 六湛寺町 甲子園町
 尼崎市 660 東七松町 昭和通
奈良県 132 0742
 奈良市 630 二条大路南 登大路町 三条町
和歌山県 92 073
 和歌山市 640 七番丁 本町 十番丁
鳥取県 55 0857
 鳥取市 680 尚徳町 東町 栄町
島根県 67 0852
 松江市 690 末次町 殿町 朝日町
岡山県 189 086
 岡山市北区 700 大供 表町 駅前町
 倉敷市 710 西中新田 阿知
広島県 280 082
 広島市中区 730 紙屋町 八丁堀 大手町
 福山市 720 東桜町 霞町
山口県 134 083
 山口市 753 亀山町 中央 道場門前
 下関市 750 南部町 竹崎町
徳島県 72 088
 徳島市 770 幸町 新町橋 寺島本町
香川県 95 087
 高松市 760 番町 丸の内 兵庫町
愛媛県 133 089
 松山市 790 一番町 大街道 湊町
高知県 69 088
 高知市 780 本町 帯屋町 はりまや町
福岡県 514 092
 福岡市博多区 812 博多駅前 中洲 祇園町
 福岡市中央区 810 天神 大名 赤坂
 北九州市小倉北区 802 城内 魚町 京町
 久留米市 830 城南町 日吉町
佐賀県 81 0952
 佐賀市 840 城内 白山 唐人
長崎県 131 095
 長崎市 850 桜町 興善町 万才町
 佐世保市 857 八幡町 島瀬町
熊本県 174 096
 熊本市中央区 860 水前寺 手取本町 下通
大分県 112 097
 大分市 870 荷揚町 府内町 中央町
 別府市 874 上野口町 北浜
宮崎県 107 0985
 宮崎市 880 橘通東 橘通西 広島
鹿児島県 159 099
 鹿児島市 892 山下町 東千石町 中央町
沖縄県 147 098
 那覇市 900 久茂地 泉崎 松山
 沖縄市 904 中央 胡屋
`

var prefectures, towns, townWeights = parsePlaces(placeData)

// parsePlaces reads placeData. Each town gets an equal part of its
// prefecture's population, so that picking a town by townWeights picks a
// prefecture in proportion to its people.
func parsePlaces(data string) ([]prefecture, []town, []int) {
	var prefs []prefecture
	var ts []town
	var prefTowns [][]int
	for _, line := range strings.Split(data, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			people, err := strconv.Atoi(f[1])
			if err != nil || len(f) != 3 {
				panic("synth: bad prefecture line " + line)
			}
			prefs = append(prefs, prefecture{name: f[0], people: people, areaCode: f[2]})
			prefTowns = append(prefTowns, nil)
			continue
		}
		p := len(prefs) - 1
		for _, name := range f[2:] {
			h := fnv.New32a()
			h.Write([]byte(f[0] + name))
			ts = append(ts, town{pref: p, prefCity: prefs[p].name + f[0], name: name,
				postal: f[1] + strconv.Itoa(10000 + int(h.Sum32()%10000))[1:]})
			prefTowns[p] = append(prefTowns[p], len(ts)-1)
		}
	}
	weights := make([]int, len(ts))
	for p, idx := range prefTowns {
		for _, i := range idx {
			weights[i] = prefs[p].people * 1000 / len(idx)
		}
	}
	return prefs, ts, cumulative(weights)
}

// cumulative turns weights into running totals, for source.weighted.
func cumulative(w []int) []int {
	out := make([]int, len(w))
	sum := 0
	for i, x := range w {
		sum += x
		out[i] = sum
	}
	return out
}

// buildingNames start the name of an apartment building; the town's name
// follows.
var buildingNames = []string{"コーポ", "メゾン", "ハイツ", "グランドパレス", "シャトー", "レジデンス", "第二", "サンライズ"}
