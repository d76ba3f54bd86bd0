package main

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// serviceMetrics are the serving process's own metrics, beside the HTTP
// ones api registers: the request queue, index query latency, the index's
// size, crawled records and admin jobs, and build information. They are
// registered on the registry runServe creates and hands down. A nil
// *serviceMetrics records nothing, for tests that build a router alone.
type serviceMetrics struct {
	queueWait prometheus.Histogram
	shed      *prometheus.CounterVec
	query     *prometheus.HistogramVec
	crawled   *prometheus.CounterVec
	jobs      *prometheus.CounterVec
}

// latencyBuckets suit index calls and queue waits: milliseconds to the
// request budget.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}

func newServiceMetrics(reg prometheus.Registerer, ix *index.Index, dir string) (*serviceMetrics, error) {
	m := &serviceMetrics{
		queueWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "pmkb_queue_wait_seconds",
			Help:    "Time a request that touches the index waited for a turn (admitted requests).",
			Buckets: latencyBuckets,
		}),
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pmkb_requests_shed_total",
			Help: "Requests answered 503 without running: queue_full (at once) or timeout (budget spent waiting).",
		}, []string{"reason"}),
		query: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pmkb_index_query_duration_seconds",
			Help:    "Time of one index query, by operation (search, similar, similar_text) and outcome (ok, error).",
			Buckets: latencyBuckets,
		}, []string{"op", "outcome"}),
		crawled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pmkb_crawl_records_total",
			Help: "Records stored by the serving process's crawls, by fetch status (ok, archived, failed, skipped, blocked).",
		}, []string{"status"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pmkb_admin_jobs_total",
			Help: "Write jobs (crawl, reindex, add) that ended, by kind and final state.",
		}, []string{"kind", "state"}),
	}
	for _, op := range []string{"search", "similar", "similar_text"} {
		for _, outcome := range []string{"ok", "error"} {
			m.query.WithLabelValues(op, outcome)
		}
	}
	for _, st := range []string{data.FetchOK, data.FetchArchived, data.FetchFailed, data.FetchSkipped, data.FetchBlocked} {
		m.crawled.WithLabelValues(st)
	}
	for _, reason := range []string{"queue_full", "timeout"} {
		m.shed.WithLabelValues(reason)
	}
	cs := []prometheus.Collector{m.queueWait, m.shed, m.query, m.crawled, m.jobs,
		&indexCollector{ix: ix, dir: filepath.Join(dir, "index")}, buildInfo(), collectors.NewBuildInfoCollector()}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	return m, nil
}

// buildInfo is pmkb_build_info: always 1, with the module version, the VCS
// revision and the Go version as labels.
func buildInfo() prometheus.Collector {
	version, revision := "(devel)", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "pmkb_build_info",
		Help:        "Always 1; the labels say which build of pmkb runs.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "go_version": runtime.Version()},
	})
	g.Set(1)
	return g
}

func (m *serviceMetrics) waited(d time.Duration) {
	if m != nil {
		m.queueWait.Observe(d.Seconds())
	}
}

func (m *serviceMetrics) shedOne(reason string) {
	if m != nil {
		m.shed.WithLabelValues(reason).Inc()
	}
}

func (m *serviceMetrics) stored(status string) {
	if m != nil {
		m.crawled.WithLabelValues(status).Inc()
	}
}

func (m *serviceMetrics) jobEnded(kind, state string) {
	if m != nil {
		m.jobs.WithLabelValues(kind, state).Inc()
	}
}

// watchLoad exports a limiter's running and waiting requests as gauges.
func (m *serviceMetrics) watchLoad(reg prometheus.Registerer, load func() (running, waiting int)) error {
	if m == nil {
		return nil
	}
	for _, g := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pmkb_requests_running",
			Help: "Requests that touch the index running now."}, func() float64 { r, _ := load(); return float64(r) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "pmkb_requests_queued",
			Help: "Requests waiting for a turn now."}, func() float64 { _, w := load(); return float64(w) }),
	} {
		if err := reg.Register(g); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}

// indexCollector reports the index's record count and its size on disk
// when scraped.
type indexCollector struct {
	ix  *index.Index
	dir string
}

var (
	indexDocsDesc = prometheus.NewDesc("pmkb_index_documents", "Records in the index.", nil, nil)
	indexSizeDesc = prometheus.NewDesc("pmkb_index_size_bytes", "Size of the index directory on disk.", nil, nil)
)

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- indexDocsDesc
	ch <- indexSizeDesc
}

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	// A scrape has no context of its own; it must not hang on the index.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if n, err := c.ix.Count(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(indexDocsDesc, prometheus.GaugeValue, float64(n))
	} else {
		ch <- prometheus.NewInvalidMetric(indexDocsDesc, err)
	}
	var size int64
	err := filepath.WalkDir(c.dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a segment merged away while walking
		}
		if info, err := d.Info(); err == nil && d.Type().IsRegular() {
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(indexSizeDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(indexSizeDesc, prometheus.GaugeValue, float64(size))
}

// timedIndex is the index as the handlers see it, each search and
// similar-incident query timed into pmkb_index_query_duration_seconds.
// It embeds *index.Index, so every other method passes straight through
// and api and ui may ask for more without a change here.
type timedIndex struct {
	*index.Index
	m *serviceMetrics
}

func (t timedIndex) observe(op string, start time.Time, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	t.m.query.WithLabelValues(op, outcome).Observe(time.Since(start).Seconds())
}

func (t timedIndex) Search(ctx context.Context, q index.Query) (index.Results, error) {
	start := time.Now()
	res, err := t.Index.Search(ctx, q)
	t.observe("search", start, err)
	return res, err
}

func (t timedIndex) Similar(ctx context.Context, id string, size int) (index.Results, error) {
	start := time.Now()
	res, err := t.Index.Similar(ctx, id, size)
	t.observe("similar", start, err)
	return res, err
}

func (t timedIndex) SimilarText(ctx context.Context, text string, size int) (index.Results, error) {
	start := time.Now()
	res, err := t.Index.SimilarText(ctx, text, size)
	t.observe("similar_text", start, err)
	return res, err
}
