package virtual

import (
	"encoding/hex"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKeys is one key set for the whole test binary: generating four RSA keys per card would make the tables slow.
var testKeys = sync.OnceValues(newKeys)

// testNow is the time test cards are made at.
var testNow = time.Now()

// newTestCard makes a card from the default persona changed by edit.
func newTestCard(t testing.TB, edit func(*Persona)) *Card {
	t.Helper()
	k, err := testKeys()
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultPersona()
	if edit != nil {
		edit(&p)
	}
	c, err := newCard(p, k, testNow)
	if err != nil {
		t.Fatalf("newCard: %v", err)
	}
	return c
}

// cloneCard copies a card's files and PIN counters (file contents are never written, so they are shared): the
// fuzz target needs a fresh card per input without signing anything.
func cloneCard(c *Card) *Card {
	d := &Card{persona: c.persona, pki: c.pki, faults: c.faults, log: c.log}
	for _, a := range c.apps {
		b := &application{name: a.name, aid: a.aid, efs: maps.Clone(a.efs)}
		for fid, f := range b.efs {
			g := *f
			if f.pin != nil {
				p := *f.pin
				g.pin = &p
			}
			b.efs[fid] = &g
		}
		d.apps = append(d.apps, b)
	}
	d.powerCycle()
	return d
}

// apdu decodes hex with spaces ("00 A4 04 0C 0A D3 92 ...").
func apdu(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(fmt.Sprintf("bad test APDU %q: %v", s, err))
	}
	return b
}

// Commands the tests send.
const (
	selJPKI     = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
	selCardInfo = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"
	selCardFace = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02"
	selResident = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00"
	emptyVerify = "00 20 00 80"
)

func selEF(fid string) string { return "00 A4 02 0C 02 " + fid }

func verifyPIN(pin string) string {
	return fmt.Sprintf("00 20 00 80 %02X %X", len(pin), []byte(pin))
}

func readBinary(offset, le int) string {
	return fmt.Sprintf("00 B0 %02X %02X %02X", offset>>8, offset&0xFF, le&0xFF)
}

func readExtended(offset, le int) string {
	return fmt.Sprintf("00 B0 %02X %02X 00 %02X %02X", offset>>8, offset&0xFF, (le>>8)&0xFF, le&0xFF)
}

// sw returns a response's status word as 4 hex digits, and its data.
func sw(rsp []byte) (string, []byte) {
	return fmt.Sprintf("%X", rsp[len(rsp)-2:]), rsp[:len(rsp)-2]
}

// send transmits and fails the test unless the status word is want.
func send(t testing.TB, c *Card, cmd, want string) []byte {
	t.Helper()
	got, data := sw(c.Transmit(apdu(cmd)))
	if got != want {
		t.Fatalf("%s: SW %s, want %s", cmd, got, want)
	}
	return data
}

// readFile reads a whole EF of the selected application through short READ BINARY until 6B00.
func readFile(t testing.TB, c *Card, fid string) []byte {
	t.Helper()
	send(t, c, selEF(fid), "9000")
	var out []byte
	for {
		got, data := sw(c.Transmit(apdu(readBinary(len(out), 0))))
		if got == "6B00" {
			return out
		}
		if got != "9000" {
			t.Fatalf("read EF %s at %d: SW %s", fid, len(out), got)
		}
		out = append(out, data...)
	}
}

// tlvItem is a parsed BER-TLV for checking the card's files the way a client would: by hand, with bounds checks.
type tlvItem struct {
	tag   []byte
	value []byte
	raw   []byte // tag, length and value
}

func parseTLV(b []byte) (tlvItem, []byte, error) {
	if len(b) < 2 {
		return tlvItem{}, nil, fmt.Errorf("TLV of %d bytes", len(b))
	}
	n := 1
	if b[0]&0x1F == 0x1F {
		for n < len(b) && b[n]&0x80 != 0 {
			n++
		}
		n++
	}
	if n >= len(b) {
		return tlvItem{}, nil, fmt.Errorf("tag runs off the end")
	}
	tag := b[:n]
	l := int(b[n])
	hdr := n + 1
	switch {
	case l == 0x81 && len(b) > hdr:
		l, hdr = int(b[hdr]), hdr+1
	case l == 0x82 && len(b) > hdr+1:
		l, hdr = int(b[hdr])<<8|int(b[hdr+1]), hdr+2
	case l >= 0x80:
		return tlvItem{}, nil, fmt.Errorf("length form %02X", l)
	}
	if hdr+l > len(b) {
		return tlvItem{}, nil, fmt.Errorf("value of %d bytes, %d left", l, len(b)-hdr)
	}
	return tlvItem{tag: tag, value: b[hdr : hdr+l], raw: b[:hdr+l]}, b[hdr+l:], nil
}

// children parses the TLVs inside a constructed value.
func children(t testing.TB, b []byte) map[string]tlvItem {
	t.Helper()
	out := map[string]tlvItem{}
	for len(b) > 0 {
		item, rest, err := parseTLV(b)
		if err != nil {
			t.Fatalf("parse TLV: %v", err)
		}
		out[fmt.Sprintf("%X", item.tag)] = item
		b = rest
	}
	return out
}
