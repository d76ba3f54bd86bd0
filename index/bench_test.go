package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/internal/testutil"
)

// Benchmarks over the synthetic corpus. Sizes are sub-benchmarks, so the
// slow 100k builds run only when asked for:
//
//	go test ./index -run '^$' -bench 'SearchFaceted/10k|Similar/10k|IndexBulk' -cpu 1
//	go test ./index -run '^$' -bench '/100k' -cpu 1 -timeout 30m
//
// With PMKB_BENCH_DIR set, each size's index is kept in that directory
// (one per size and mapping version) and reused by later runs, so that
// tuning a search does not rebuild 100k records each time.
//
// Search and similar report p50 and p99 latencies (ms) besides ns/op;
// searches also report p50 and p99 of each call's process CPU time.

var benchSizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"100k", 100_000}}

// benchIndexes caches one on-disk index per size for the whole test binary
// run, in a temporary directory removed at exit: building 100k records takes
// a while and several benchmarks share it.
var benchIndexes = struct {
	sync.Mutex
	m map[int]*benchIndex
}{m: map[int]*benchIndex{}}

type benchIndex struct {
	ix   *Index
	ids  []string // the records' ids: the records themselves are dropped once indexed, as a server would not hold them
	kept bool     // lives in PMKB_BENCH_DIR: closed, not removed, at exit
}

// TestMain removes the benchmark indexes when the test binary is done.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, bi := range benchIndexes.m {
		_ = bi.ix.Close()
		if !bi.kept {
			_ = os.RemoveAll(bi.ix.opts.Path)
		}
	}
	os.Exit(code)
}

func benchIndexOf(b *testing.B, n int) *benchIndex {
	b.Helper()
	benchIndexes.Lock()
	defer benchIndexes.Unlock()
	if bi, ok := benchIndexes.m[n]; ok {
		return bi
	}
	pms := testutil.SynthCorpus(b, n)
	if keep := os.Getenv("PMKB_BENCH_DIR"); keep != "" {
		ix, err := Open(context.Background(), Options{Path: filepath.Join(keep, fmt.Sprintf("%d-v%s", n, mappingVersion)), Logger: testutil.Logger()})
		if err != nil {
			b.Fatal(err)
		}
		if c, err := ix.Count(context.Background()); err == nil && c == uint64(n) {
			if err := ix.Compact(context.Background()); err != nil {
				b.Fatal(err)
			}
			bi := &benchIndex{ix: ix, ids: idsOf(pms), kept: true}
			benchIndexes.m[n] = bi
			return bi
		}
		bi := &benchIndex{ix: ix, ids: idsOf(pms), kept: true}
		buildBench(b, ix, pms)
		benchIndexes.m[n] = bi
		return bi
	}
	dir, err := os.MkdirTemp("", "pmkb-bench-")
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(context.Background(), Options{Path: dir, Logger: testutil.Logger()})
	if err != nil {
		b.Fatal(err)
	}
	bi := &benchIndex{ix: ix, ids: idsOf(pms)}
	buildBench(b, ix, pms)
	benchIndexes.m[n] = bi
	return bi
}

// buildBench indexes the benchmark records into a fresh index, as pmkb
// import would: default batches, GOGC=200 unless set, then compaction.
func buildBench(b *testing.B, ix *Index, pms []data.Postmortem) {
	b.Helper()
	defer withPmkbGC()()
	n := len(pms)
	start, cpu := time.Now(), processCPU()
	if err := ix.PutBatch(context.Background(), pms); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d records in %s (%.1f CPU-s)", n, time.Since(start).Round(time.Millisecond), (processCPU() - cpu).Seconds())
	start, cpu = time.Now(), processCPU()
	if err := ix.Compact(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("compacted in %s (%.1f CPU-s)", time.Since(start).Round(time.Millisecond), (processCPU() - cpu).Seconds())
}

// benchQueries are faceted searches as the UI sends them: words plus one or
// two facet filters, so the disjunctive facet counts run too.
var benchQueries = []Query{
	{Text: "database failover", Categories: []string{"database"}},
	{Text: "dns outage", Years: []string{"2019", "2020"}},
	{Text: "certificate expired", Categories: []string{"certificate", "time"}, Sources: []string{"danluu"}},
	{Text: "power failure datacenter", Categories: []string{"facility"}},
	{Text: "split brain", Technologies: []string{"MySQL"}},
	{Text: "config change bgp", Categories: []string{"network"}, Years: []string{"2021"}},
	{Text: "memory leak", Languages: []string{"en"}},
	{Text: "retry storm cascading", Categories: []string{"cascading-failure"}},
}

func BenchmarkSearchFaceted(b *testing.B) { benchSearch(b, benchQueries) }

// BenchmarkSearchPhrase runs quoted phrases, which bleve checks against
// the term vectors (positions) of the matching records, and a negated one.
func BenchmarkSearchPhrase(b *testing.B) { benchSearch(b, benchPhrases) }

// benchPhrases are searches with quoted phrases: common ones, which many
// records hold word by word, and rarer ones.
var benchPhrases = []Query{
	{Text: `"load balancer"`},
	{Text: `"root cause"`},
	{Text: `"the primary database"`},
	{Text: `"disk space" outage`},
	{Text: `"expired certificate"`, Categories: []string{"certificate"}},
	{Text: `dns -"status page"`},
}

// benchSearch reports the latency of searches cycling through queries.
func benchSearch(b *testing.B, queries []Query) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			bi := benchIndexOf(b, sz.n)
			runtime.GC() // the synthetic records are garbage now
			ctx := context.Background()
			// Serve warms the index before it reports ready; a server
			// that has answered before has its files in the page cache.
			if err := bi.ix.Warm(ctx); err != nil {
				b.Fatal(err)
			}
			for _, q := range queries {
				if _, err := bi.ix.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			lat := make([]time.Duration, 0, b.N)
			cpus := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				c := processCPU()
				start := time.Now()
				if _, err := bi.ix.Search(ctx, queries[i%len(queries)]); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				cpus = append(cpus, processCPU()-c)
			}
			reportLatency(b, lat, processCPU()-cpu)
			reportCPUPercentiles(b, cpus)
		})
	}
}

// reportCPUPercentiles adds p50 and p99 of the process CPU time of each
// call: on a machine others share, wall percentiles mostly measure the
// neighbours, CPU percentiles the search (with the collections it causes).
func reportCPUPercentiles(b *testing.B, cpus []time.Duration) {
	if len(cpus) == 0 || cpus[len(cpus)-1] == 0 {
		return // no process CPU time on this system
	}
	slices.Sort(cpus)
	pct := func(p float64) float64 {
		return float64(cpus[min(len(cpus)-1, int(p*float64(len(cpus))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "cpu-p50-ms")
	b.ReportMetric(pct(0.99), "cpu-p99-ms")
}

func BenchmarkSimilar(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			bi := benchIndexOf(b, sz.n)
			runtime.GC() // the synthetic records are garbage now
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				id := bi.ids[(i*7919)%len(bi.ids)]
				start := time.Now()
				if _, err := bi.ix.Similar(ctx, id, 10); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			reportLatency(b, lat, processCPU()-cpu)
		})
	}
}

// benchAlerts are pasted alerts as POST /api/v1/similar receives them
// (the load test's shape: a header, a technology, a host, two symptoms).
var benchAlerts = []string{
	"[FIRING:1] MySQL db-primary-3: replication lag above 300s; write timeouts on the primary. Affected: MySQL. Started 02:14 UTC.",
	"PagerDuty: Kubernetes api-gateway-7: OOMKilled pods restarting; 502 errors from the load balancer. Affected: Kubernetes. Started 11:40 UTC.",
	"CRITICAL - Redis cache-2: cache hit ratio dropped to 10%; connection refused from upstream. Affected: Redis. Started 23:05 UTC.",
	"ALERT: nginx edge-lb-1: TLS handshake failures: certificate expired; error rate 35% on checkout. Affected: nginx. Started 07:58 UTC.",
	"Opsgenie P1: PostgreSQL payments-4: deadlocks on the orders table; retry storm from mobile clients. Affected: PostgreSQL. Started 16:21 UTC.",
	"[prod] Kafka ingest-9: queue depth growing without bound; clock skew 4s between nodes. Affected: Kafka. Started 04:33 UTC.",
}

// BenchmarkSimilarText measures "incidents like mine" for pasted alerts,
// the text path of POST /api/v1/similar (BenchmarkSimilar starts from a
// record).
func BenchmarkSimilarText(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			bi := benchIndexOf(b, sz.n)
			runtime.GC()
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := bi.ix.SimilarText(ctx, benchAlerts[i%len(benchAlerts)], 10); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			reportLatency(b, lat, processCPU()-cpu)
		})
	}
}

// BenchmarkIndexBulk measures PutBatch throughput into a fresh on-disk
// index, in records per second, for 5,000 and 10,000 records;
// compacted-records/s also counts the compaction a bulk command runs after
// it (index.Compact).
func BenchmarkIndexBulk(b *testing.B) {
	defer withPmkbGC()()
	for _, n := range []int{5_000, 10_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			pms := testutil.SynthCorpus(b, n)
			b.ResetTimer()
			var total, compacted, cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ix, err := Open(context.Background(), Options{Path: b.TempDir(), Logger: testutil.Logger()})
				if err != nil {
					b.Fatal(err)
				}
				// A bulk command starts as a new process, whose heap must
				// grow into memory the system hands it page by page: give
				// the previous run's memory back, or its pages would
				// make this run look faster than pmkb import is.
				debug.FreeOSMemory()
				b.StartTimer()
				start, cpu0 := time.Now(), processCPU()
				if err := ix.PutBatch(context.Background(), pms); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				cpu += processCPU() - cpu0
				b.StopTimer()
				if err := ix.Compact(context.Background()); err != nil {
					b.Fatal(err)
				}
				compacted += time.Since(start)
				if err := ix.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "records/s")
			b.ReportMetric(float64(n*b.N)/compacted.Seconds(), "compacted-records/s")
			if cpu > 0 {
				b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "records/cpu-s")
			}
		})
	}
}

// withPmkbGC sets the garbage collector as cmd/pmkb does (GOGC=200 unless
// GOGC is set, main.go's gcPercent) and returns the function restoring it.
func withPmkbGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(200)
	return func() { debug.SetGCPercent(old) }
}

// idsOf returns the records' ids.
func idsOf(pms []data.Postmortem) []string {
	ids := make([]string, len(pms))
	for i, pm := range pms {
		ids[i] = pm.ID
	}
	return ids
}

// reportLatency adds p50 and p99 of the measured calls, and the process
// CPU time per call, to the benchmark's figures.
func reportLatency(b *testing.B, lat []time.Duration, cpu time.Duration) {
	if len(lat) == 0 {
		return
	}
	if cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(len(lat)), "cpu-ms/op")
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// BenchmarkSearchEach runs each query of BenchmarkSearchFaceted alone, to
// see which queries a change moves: go test ./index -run '^$' -bench
// 'SearchEach/.*/100k' -cpu 1.
func BenchmarkSearchEach(b *testing.B) {
	for _, q := range benchQueries {
		b.Run(strings.ReplaceAll(q.Text, " ", "_"), func(b *testing.B) { benchSearch(b, []Query{q}) })
	}
}
