package virtual_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/ebfe/scard"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
)

// These tests go through the real stack: github.com/ebfe/scard → libpcsclite → pcscd → vpcd → the virtual card.

func hexAPDU(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

const (
	selJPKI     = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
	selCardInfo = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"
)

// reader is a PC/SC connection to one reader slot.
type reader struct {
	t    testing.TB
	ctx  *scard.Context
	card *scard.Card
}

func connect(t testing.TB, slot int) *reader {
	t.Helper()
	ctx, err := scard.EstablishContext()
	if err != nil {
		t.Fatalf("PC/SC context: %v", err)
	}
	card, err := ctx.Connect(cardtest.ReaderName(slot), scard.ShareExclusive, scard.ProtocolAny)
	if err != nil {
		ctx.Release()
		t.Fatalf("connect to %s: %v", cardtest.ReaderName(slot), err)
	}
	r := &reader{t: t, ctx: ctx, card: card}
	t.Cleanup(r.close)
	return r
}

func (r *reader) close() {
	if r.card != nil {
		r.card.Disconnect(scard.ResetCard)
		r.card = nil
	}
	if r.ctx != nil {
		r.ctx.Release()
		r.ctx = nil
	}
}

// send transmits and checks the status word; it returns the data.
func (r *reader) send(apdu, wantSW string) []byte {
	r.t.Helper()
	rsp, err := r.card.Transmit(hexAPDU(apdu))
	if err != nil {
		r.t.Fatalf("%s: %v", apdu, err)
	}
	if got := fmt.Sprintf("%X", rsp[len(rsp)-2:]); got != wantSW {
		r.t.Fatalf("%s: SW %s, want %s", apdu, got, wantSW)
	}
	return rsp[:len(rsp)-2]
}

func TestThroughPCSC(t *testing.T) {
	cardtest.StartPCSC(t)

	t.Run("token and PIN tries of the JPKI application", func(t *testing.T) {
		cardtest.InsertCard(t, virtual.DefaultPersona(), 0)
		r := connect(t, 0)
		status, err := r.card.Status()
		if err != nil {
			t.Fatal(err)
		}
		if want := hexAPDU("3B E0 00 FF 81 31 FE 45 14"); !bytes.Equal(status.Atr, want) {
			t.Errorf("ATR % X, want % X", status.Atr, want)
		}
		r.send(selJPKI, "9000")
		r.send("00 A4 02 0C 02 00 06", "9000")
		if got := string(r.send("00 B0 00 00 20", "9000")); got != "JPKIAPICCTOKEN2                 " {
			t.Errorf("token %q", got)
		}
		r.send("00 A4 02 0C 02 00 18", "9000")
		r.send("00 20 00 80", "63C3")
	})

	t.Run("extended READ BINARY passes through pcscd and vpcd", func(t *testing.T) {
		card := cardtest.InsertCard(t, virtual.DefaultPersona(), 0)
		r := connect(t, 0)
		r.send(selJPKI, "9000")
		r.send("00 A4 02 0C 02 00 0A", "9000")
		if got := r.send("00 B0 00 00 00 00 00", "9000"); !bytes.Equal(got, card.AuthCert().Raw) {
			t.Errorf("EF 000A in one extended read: %d bytes, want the %d of the certificate", len(got), len(card.AuthCert().Raw))
		}
	})

	t.Run("card-info input support after VERIFY", func(t *testing.T) {
		p := virtual.DefaultPersona()
		p.PINs.CardInfo.Value = "4821"
		cardtest.InsertCard(t, p, 0)
		r := connect(t, 0)
		r.send(selCardInfo, "9000")
		r.send("00 A4 02 0C 02 00 11", "9000")
		r.send("00 20 00 80 04 34 38 32 31", "9000")
		r.send("00 A4 02 0C 02 00 01", "9000")
		if got := r.send("00 B0 00 00 11", "9000"); string(got[3:15]) != p.Number {
			t.Error("EF 0001 does not hold the persona's number")
		}
	})

	t.Run("second reader", func(t *testing.T) {
		cardtest.InsertCard(t, virtual.DefaultPersona(), 1)
		r := connect(t, 1)
		r.send(selJPKI, "9000")
	})

	t.Run("pulled and re-inserted", func(t *testing.T) {
		card := cardtest.InsertCard(t, virtual.DefaultPersona(), 0)
		r := connect(t, 0)
		r.send(selJPKI, "9000")
		r.send("00 A4 02 0C 02 00 18", "9000")
		r.send("00 20 00 80 04 30 30 30 30", "63C2")
		cardtest.Pull(t, card, 0)
		if _, err := r.card.Transmit(hexAPDU(selJPKI)); err == nil {
			t.Error("transmit to a pulled card succeeded")
		}
		r.close()
		cardtest.Insert(t, card, 0)
		r = connect(t, 0)
		r.send(selJPKI, "9000")
		r.send("00 A4 02 0C 02 00 18", "9000")
		r.send("00 20 00 80", "63C2") // the chip kept its counter
	})

	t.Run("pulled mid-read by the fault", func(t *testing.T) {
		p, err := virtual.LoadPersona("testdata/pulled-mid-read.json")
		if err != nil {
			t.Fatal(err)
		}
		card := cardtest.InsertCard(t, p, 0)
		card.SetLog(testLog{t}) // shown with -v: what the card saw before it was pulled
		r := connect(t, 0)
		r.send(selJPKI, "9000")
		r.send("00 A4 02 0C 02 00 0A", "9000")
		for offset := 0; offset < 3*0x80; offset += 0x80 {
			r.send(fmt.Sprintf("00 B0 %02X %02X 80", offset>>8, offset&0xFF), "9000")
		}
		// vpcd turns the dropped connection into an empty response without an error; pcscd reports the removal
		// to the commands after it.
		if rsp, err := r.card.Transmit(hexAPDU("00 B0 01 80 80")); err == nil && len(rsp) >= 2 {
			t.Errorf("the sixth APDU was answered: % X", rsp)
		}
		cardtest.WaitAbsent(t, 0)
		if _, err := r.card.Transmit(hexAPDU(selJPKI)); err != scard.ErrRemovedCard {
			t.Errorf("transmit after the pull: %v, want %v", err, scard.ErrRemovedCard)
		}
	})
}

type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("card: %s", bytes.TrimSpace(p))
	return len(p), nil
}
