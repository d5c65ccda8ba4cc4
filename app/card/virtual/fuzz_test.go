package virtual

import (
	"testing"
)

// script joins APDUs into one fuzz input: each is prefixed with its length byte.
func script(apdus ...string) []byte {
	var out []byte
	for _, a := range apdus {
		b := apdu(a)
		out = append(out, byte(len(b)))
		out = append(out, b...)
	}
	return out
}

// FuzzTransmit sends a script of APDUs to a fresh card: the card never panics, always answers with a status word,
// and keeps its PIN counters within their limits. The first byte picks one of four personas.
func FuzzTransmit(f *testing.F) {
	templates := []*Card{
		newTestCard(f, nil),
		newTestCard(f, func(p *Persona) { p.ExtendedAPDU = false; p.Token = TokenOldCard }),
		newTestCard(f, func(p *Persona) { p.Faults.TruncateEF = "0002"; p.PINs.CardInfo.TriesLeft = 1 }),
		newTestCard(f, func(p *Persona) { p.ChipSignature = ChipSignatureAbsent; p.PINs.UserAuth.TriesLeft = 0 }),
	}
	seeds := [][]string{
		{selJPKI, selEF("00 06"), readBinary(0, 0x20), readBinary(0x10, 0)},
		{selJPKI, selEF("00 0A"), readExtended(0, 0), readExtended(0x100, 0x10)},
		{selJPKI, selEF("00 18"), emptyVerify, verifyPIN("1234"), selEF("00 17"), "80 2A 00 80 03 01 02 03 00"},
		{selCardInfo, selEF("00 11"), verifyPIN("1234"), selEF("00 02"), readBinary(0, 7), readBinary(7, 0)},
		{selCardInfo, selEF("00 11"), verifyPIN("0000"), verifyPIN("0000"), verifyPIN("0000"), verifyPIN("1234")},
		{selCardInfo, "00 B0 81 00 11", "00 B0 85 00 00", selCardFace, selResident, selEF("00 01")},
		{"00 A4 00 0C 02 3F 00", "00 CA 01 01 00", "00", "00 B0 00 00 00 00", "00 A4 04 0C 00 00 00 05 01"},
	}
	for i, s := range seeds {
		f.Add(append([]byte{byte(i)}, script(s...)...))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		// Long scripts add nothing a short one cannot reach, and make minimising new inputs take minutes.
		if len(in) == 0 || len(in) > 512 {
			return
		}
		c := cloneCard(templates[int(in[0])%len(templates)])
		for rest := in[1:]; len(rest) > 0; {
			n := min(int(rest[0]), len(rest)-1)
			cmd := rest[1 : 1+n]
			rest = rest[1+n:]
			if rsp := c.Transmit(cmd); len(rsp) < 2 {
				t.Fatalf("% X: response of %d bytes", cmd, len(rsp))
			}
		}
		for _, a := range c.apps {
			for fid, f := range a.efs {
				if f.pin != nil && (f.pin.tries < 0 || f.pin.tries > f.pin.maxTries) {
					t.Fatalf("PIN %04X has %d tries left", fid, f.pin.tries)
				}
			}
		}
	})
}
