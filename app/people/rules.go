package people

// This file holds the rules matching depends on, each with its reason or
// source, so that a change of policy is made here and nowhere else.

// The four basic items (基本4情報). Linking two records needs all four to
// agree, or a supervisor's recorded decision.
//
// Source: the 2023 wrong-linking incidents (/shared/domain/facts.md,
// "Lessons of the 2023 wrong-linking incidents"): 7,312 health-insurance
// links went to the wrong person because look-ups used fewer than the four
// items (e.g. surname + birth date + sex); same-name persons and family
// members were linked in place of the applicant. The national fix was to
// match on all four items, never on the name alone. That fix also allowed the
// three items other than sex; this package does not: a record whose sex
// differs goes to a supervisor.
const (
	ItemName      Item = "name"
	ItemAddress   Item = "address"
	ItemBirthDate Item = "birthDate"
	ItemSex       Item = "sex"
)

// fourItems is the order items are shown in, as on the card's face.
var fourItems = [...]Item{ItemName, ItemAddress, ItemBirthDate, ItemSex}

// Sex codes on the card's chip and in the resident register follow
// ISO/IEC 5218: 1 male, 2 female, 9 not applicable (shown as "unstated").
// The words are the ones app/intake stores for its sex question.
var sexCodes = map[string]Sex{
	"1": Male, "male": Male, "m": Male, "男": Male, "男性": Male,
	"2": Female, "female": Female, "f": Female, "女": Female, "女性": Female,
	"9": Unstated, "unstated": Unstated,
}

// maxEdits is how many single-character edits (insert, delete, substitute)
// two normalised names or readings may differ by and still count as
// "similar" for a warning. It grows with the length of the shorter one:
//   - under 3 characters (two-kanji names such as 林薫): none, since one edit
//     is half the name and would flag most people born the same day;
//   - 3 to 8 (most kanji names, most readings): one, the usual typo or
//     one wrong kanji (佐藤健 / 佐藤建, サトウケン / サトウケンジ);
//   - 9 and more (romaji names, long readings): two.
func maxEdits(shorter int) int {
	switch {
	case shorter < 3:
		return 0
	case shorter <= 8:
		return 1
	default:
		return 2
	}
}

// Address units. A number followed by one of these is a block number
// (丁目・番地・号); 番 followed by 町, 丁 or 街 is part of a town name
// (千代田区一番町), not a block number.
var (
	blockUnits      = []string{"丁目", "番地", "地割", "番", "号"}
	townAfterBan    = []rune{'町', '丁', '街'}
	maxBlockNumbers = 3 // 丁目-番-号; a fourth number is a room (2-8-1-101)
)
