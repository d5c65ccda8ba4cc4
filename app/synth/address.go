package synth

import (
	"strconv"
	"strings"
)

// home is an address a household shares.
type home struct {
	town            *town
	chome, ban, gou int    // 二丁目8番1号
	building        string // "" for a house
	floor, room     int
	// typed is how the household's address is usually typed: blockForm
	// and roomForm of the first member's application.
	typedBlock, typedRoom int
}

func (s source) home() *home {
	t := &towns[s.weighted(townWeights)]
	h := &home{town: t, chome: 1 + s.n(9), ban: 1 + s.n(40), gou: 1 + s.n(30), typedBlock: s.n(blockForms), typedRoom: s.n(roomForms)}
	if s.n(3) == 0 {
		h.building = buildingNames[s.n(len(buildingNames))] + t.name
		h.floor, h.room = 1+s.n(9), 1+s.n(12)
	}
	return h
}

// The ways a block number is typed. Each reads differently after intake's
// normalisation (NFKC and spacing), so changing it makes the address
// differ; full-width digits in the other forms do not.
const (
	blockHyphens  = iota // 2-8-1
	blockChome           // 二丁目8番1号
	blockKanji           // 二丁目八番一号
	blockMinus           // ２丁目８−１ (full-width digits, the minus sign)
	blockBanchi          // 2丁目8番地1
	blockLongMark        // 2ー8ー1: the minus key in Japanese input mode
	blockForms
)

// The ways a room is typed after the building's name.
const (
	roomGo     = iota // コーポ西新宿 203号室
	roomJoined        // コーポ西新宿203
	roomSpaced        // コーポ西新宿 203
	roomForms
)

// address writes h one of the ways staff type it.
func (h *home) address(block, room int, wideDigits bool) string {
	var b strings.Builder
	b.Grow(96)
	b.WriteString(h.town.prefCity)
	b.WriteString(h.town.name)
	c, n, g := strconv.Itoa(h.chome), strconv.Itoa(h.ban), strconv.Itoa(h.gou)
	switch block {
	case blockHyphens:
		b.WriteString(c + "-" + n + "-" + g)
	case blockChome:
		b.WriteString(kanjiNumber(h.chome) + "丁目" + n + "番" + g + "号")
	case blockKanji:
		b.WriteString(kanjiNumber(h.chome) + "丁目" + kanjiNumber(h.ban) + "番" + kanjiNumber(h.gou) + "号")
	case blockMinus:
		b.WriteString(toWideDigits(c + "丁目" + n + "−" + g))
	case blockBanchi:
		b.WriteString(c + "丁目" + n + "番地" + g)
	default:
		b.WriteString(c + "ー" + n + "ー" + g)
	}
	if h.building != "" {
		b.WriteByte(' ')
		b.WriteString(h.building)
		r := strconv.Itoa(h.floor) + pad2(h.room)
		switch room {
		case roomGo:
			b.WriteString(" " + r + "号室")
		case roomJoined:
			b.WriteString(r)
		default:
			b.WriteString(" " + r)
		}
	}
	if wideDigits {
		return toWideDigits(b.String())
	}
	return b.String()
}
