package card

import (
	"context"
	"testing"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
)

// BenchmarkFullRead is what the counter does for one applicant, through the
// real stack (pcscd + vpcd + the virtual card): open the card, read its
// status without PIN (tries left, authentication certificate), then the four
// basic items and the number with the PIN, chip check included. It reports
// the APDUs per read, for a card that takes extended-length APDUs and for
// one that does not.
//
//	go test -run '^$' -bench FullRead ./app/card
func BenchmarkFullRead(b *testing.B) {
	cardtest.StartPCSC(b)
	for _, tt := range []struct {
		name     string
		extended bool
	}{{"extended", true}, {"short", false}} {
		b.Run(tt.name, func(b *testing.B) {
			p := virtual.DefaultPersona()
			p.ExtendedAPDU = tt.extended
			c := cardtest.InsertCard(b, p, 0)
			defer cardtest.Pull(b, c, 0)
			ctx := context.Background()
			opts := ReadOptions{WithNumber: true, ChipTrust: trustOf(c)}
			var apdus int64
			for b.Loop() {
				s, err := Open(ctx, cardtest.ReaderName(0))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Status(ctx); err != nil {
					b.Fatal(err)
				}
				info, err := s.ReadBasic(ctx, NewPIN(p.PINs.CardInfo.Value), opts)
				if err != nil {
					b.Fatal(err)
				}
				if info.Chip.Result != ChipAuthentic || info.ExtendedAPDU != tt.extended {
					b.Fatalf("chip %+v, extended %v", info.Chip, info.ExtendedAPDU)
				}
				apdus += s.APDUs()
				s.Close()
			}
			b.ReportMetric(float64(apdus)/float64(b.N), "apdus/op")
		})
	}
}
