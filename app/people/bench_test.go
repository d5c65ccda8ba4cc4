package people

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// BenchmarkSimilar1M times Similar on 1,000,000 synthetic persons, one query
// per iteration, and reports the per-query latency (p50, p95 in µs), the
// same for a plain scan of every person on the first queries, and how many
// times faster the index is. Setup (generating and indexing) is not timed;
// its duration and the heap it leaves are reported too. No test asserts on
// these figures.
//
//	go test -run '^$' -bench Similar1M -benchtime 2000x ./app/people
func BenchmarkSimilar1M(b *testing.B) {
	const persons, scanned = 1_000_000, 100
	known, queries := synthPeople(1, persons, 10_000)

	runtime.GC()
	start := time.Now()
	ix := NewIndex(known)
	build := time.Since(start)
	known = nil
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)

	var index []time.Duration
	found := 0
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		found += len(ix.Similar(queries[i%len(queries)]))
		index = append(index, time.Since(t0))
	}

	var scan []time.Duration
	for _, q := range queries[:scanned] {
		t0 := time.Now()
		ix.scan(q)
		scan = append(scan, time.Since(t0))
	}
	// Compare like with like: the index on the same queries the scan ran.
	indexSame := index[:min(len(index), scanned)]

	b.ReportMetric(micro(percentile(index, 50)), "p50-µs")
	b.ReportMetric(micro(percentile(index, 95)), "p95-µs")
	b.ReportMetric(micro(percentile(index, 99)), "p99-µs")
	b.ReportMetric(micro(percentile(scan, 50)), "scan-p50-µs")
	b.ReportMetric(micro(percentile(scan, 95)), "scan-p95-µs")
	b.ReportMetric(float64(percentile(scan, 50))/float64(percentile(indexSame, 50)), "scan/index-p50")
	b.ReportMetric(float64(found)/float64(len(index)), "candidates/query")
	b.ReportMetric(build.Seconds(), "build-s")
	b.ReportMetric(float64(mem.HeapAlloc)/(1<<20), "heap-MiB")
	b.Logf("%d persons, %d queries: index p50 %v p95 %v p99 %v max %v; scan (%d queries) p50 %v p95 %v; build %v, heap %d MiB",
		ix.Len(), len(index), percentile(index, 50), percentile(index, 95), percentile(index, 99), percentile(index, 100),
		len(scan), percentile(scan, 50), percentile(scan, 95), build.Round(time.Millisecond), mem.HeapAlloc>>20)
}

// percentile is the nearest-rank percentile of the durations.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[max(0, (len(s)*p+99)/100-1)]
}

func micro(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
