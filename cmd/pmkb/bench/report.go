package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// printReport writes the report as a table, then the ratios the load
// targets are stated in: each run's good answers per second against the
// same endpoint at the fewest connections, and against /healthz at the
// same connections.
func printReport(w io.Writer, rep report, conns []int) {
	fmt.Fprintf(w, "pmkb load test, %s, %d records, gzip %v, %d distinct searches, %d distinct alerts\n",
		rep.Started.Format(time.RFC3339), rep.Records, rep.GzipAsked, rep.Queries, rep.AlertTexts)
	if rep.Import != nil {
		fmt.Fprintf(w, "import: %s, peak RSS %s\n", rep.Import.Took.Round(time.Second), mib(rep.Import.PeakRSS))
	}
	fewest := conns[0]
	for _, n := range conns {
		fewest = min(fewest, n)
	}
	okRPS, perCPU := map[string]float64{}, map[string]float64{}
	for _, r := range rep.Runs {
		okRPS[fmt.Sprint(r.Endpoint, r.Conns)] = r.OKRPS
		perCPU[fmt.Sprint(r.Endpoint, r.Conns)] = okPerCPU(r)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\tconns\tok/s\tp50\tp90\tp99\tmax\tp99/p50\tok\t503\tother 5xx\t4xx\terrors\t"+
		"vs fewest conns\tvs healthz\tserver CPU\tok/CPU-s\tvs fewest conns\tloadavg\t")
	for _, r := range rep.Runs {
		k := fmt.Sprint(r.Endpoint, fewest)
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%.1f\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%.0f\t%s\t%.2f→%.2f\t\n",
			r.Endpoint, r.Conns, r.OKRPS, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), ratio(float64(r.P99), float64(r.P50)),
			r.OK, r.Shed, r.Other5xx, r.Status4x, r.Errors,
			pct(r.OKRPS, okRPS[k]), pct(r.OKRPS, okRPS[fmt.Sprint("healthz", r.Conns)]),
			r.ServerCPU.Round(100*time.Millisecond), okPerCPU(r), pct(okPerCPU(r), perCPU[k]), r.LoadStart, r.LoadEnd)
	}
	tw.Flush()
	fmt.Fprintln(w, "ok/CPU-s: good answers per second of the server's CPU time, which other work on the machine does not change")
	fmt.Fprintf(w, "server RSS: %s after warm-up, %s at the end (%+.1f%%)\n",
		mib(rep.RSSWarm), mib(rep.RSSEnd), 100*(ratio(float64(rep.RSSEnd), float64(rep.RSSWarm))-1))
	for _, r := range rep.Runs {
		if r.Requests > 0 && r.Endpoint != "healthz" {
			fmt.Fprintf(w, "%s at %d conns: 503s %.2f%% of requests, other 5xx %d\n",
				r.Endpoint, r.Conns, 100*float64(r.Shed)/float64(r.Requests), r.Other5xx)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func pct(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*a/b)
}

// okPerCPU is a run's good answers per second of server CPU time: the
// server's own efficiency, whatever share of the cores it got.
func okPerCPU(r measured) float64 { return ratio(float64(r.OK), r.ServerCPU.Seconds()) }
