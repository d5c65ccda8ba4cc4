package synth_test

import (
	"testing"

	"madoguchi/app/synth"
)

// BenchmarkNext times one applicant and reports what a million take; the
// seed command needs 1,000,000 well within its ten minutes. No test
// asserts on the figure.
//
//	go test -run '^$' -bench Next -benchmem ./app/synth
func BenchmarkNext(b *testing.B) {
	g := synth.New(synth.Config{Seed: 1, Now: testNow})
	for b.Loop() {
		g.Next()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*1e6/1e9, "s/1M")
}
