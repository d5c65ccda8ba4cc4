package virtual_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"madoguchi/app/card/cardtest"
	"madoguchi/app/card/virtual"
)

// BenchmarkRoundTrip measures one APDU (SELECT of the JPKI application) through scard → pcscd → vpcd → the
// virtual card and back, with and without TCP_QUICKACK on the card's socket:
//
//	go test -run '^$' -bench RoundTrip -benchtime 200x ./app/card/virtual
func BenchmarkRoundTrip(b *testing.B) {
	cardtest.StartPCSC(b)
	card, err := virtual.New(virtual.DefaultPersona())
	if err != nil {
		b.Fatal(err)
	}
	noQuickAck, err := virtual.New(virtual.DefaultPersona())
	if err != nil {
		b.Fatal(err)
	}
	virtual.DisableQuickAck(noQuickAck)
	for _, bc := range []struct {
		name string
		card *virtual.Card
	}{{"quickack", card}, {"no-quickack", noQuickAck}} {
		b.Run(bc.name, func(b *testing.B) {
			cardtest.Insert(b, bc.card, 0)
			ctx, err := scard.EstablishContext()
			if err != nil {
				b.Fatal(err)
			}
			defer ctx.Release()
			c, err := ctx.Connect(cardtest.ReaderName(0), scard.ShareExclusive, scard.ProtocolAny)
			if err != nil {
				b.Fatal(err)
			}
			defer c.Disconnect(scard.LeaveCard)
			cmd := hexAPDU(selJPKI)
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				rsp, err := c.Transmit(cmd)
				took = append(took, time.Since(start))
				if err != nil || len(rsp) != 2 || rsp[0] != 0x90 {
					b.Fatalf("SELECT: % X, %v", rsp, err)
				}
			}
			slices.Sort(took)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(took[len(took)/2]), "median-ms")
			b.ReportMetric(ms(took[len(took)*9/10]), "p90-ms")
			b.ReportMetric(ms(took[len(took)-1]), "max-ms")
		})
	}
}
