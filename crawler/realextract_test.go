package crawler

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

// TestWithRealExtractor crawls pages written by us through the real
// crawler/extract, windows-1252 and Wayback toolbar included, and checks
// that the records come out extracted, tagged and clean.
func TestWithRealExtractor(t *testing.T) {
	t.Parallel()
	ex, err := extract.Default()
	if err != nil {
		t.Fatalf("extract.Default: %v", err)
	}
	s := newSite(t)
	s.mux.HandleFunc("/dns", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		io.WriteString(w, "<html><head><title>DNS outage of 3 March 2021</title></head><body><article>"+
			"<h1>DNS outage of 3 March 2021</h1>"+
			"<h2>Summary</h2><p>For two hours our customers could not resolve any of our domains. The caf\xe9 "+
			"app and the API were unreachable.</p>"+
			"<h2>Root cause</h2><p>An operator pushed a configuration change to the DNS servers that removed "+
			"every record of the zone. The change had not been reviewed.</p>"+
			"<h2>Action items</h2><p>Review every DNS change and alert on a zone that shrinks.</p>"+
			"</article></body></html>")
	})
	wb := newWayback(t)
	s.mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	wb.hold(s.URL+"/gone", "<html><head><title>Disk full on the primary database</title></head><body><article>"+
		"<h1>Disk full on the primary database</h1><h2>Root cause</h2><p>The disk of the PostgreSQL primary "+
		"filled up because old write-ahead log files were never removed, and writes failed.</p></article></body></html>")
	o := testOptions(t)
	o.NoWayback = false
	o.WaybackURL = wb.URL
	c, err := New(o, ex)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sink := newSink()
	es := []lists.Entry{entry(t, s.URL+"/dns", "Acme"), entry(t, s.URL+"/gone", "Beta")}
	if _, err := c.Run(context.Background(), es, sink); err != nil {
		t.Fatal(err)
	}
	pm := sink.get(t, s.URL+"/dns")
	if pm.Fetch.Status != data.FetchOK || !strings.Contains(pm.Title, "DNS outage") || !strings.Contains(pm.Body, "café") {
		t.Errorf("dns: got %s title %q body %q", pm.Fetch.Status, pm.Title, pm.Body)
	}
	if !strings.Contains(pm.RootCause, "configuration change") || len(pm.Categories) == 0 {
		t.Errorf("dns: got root cause %q categories %v, want the configuration change and some tags", pm.RootCause, pm.Categories)
	}
	pm = sink.get(t, s.URL+"/gone")
	if pm.Fetch.Status != data.FetchArchived || strings.Contains(pm.Body, toolbarText) || !strings.Contains(pm.Body, "write-ahead log") {
		t.Errorf("gone: got %s body %q, want archived text without the toolbar", pm.Fetch.Status, pm.Body)
	}
	if pm.Company != "Beta" {
		t.Errorf("gone: company %q, want the list's Beta", pm.Company)
	}
}
