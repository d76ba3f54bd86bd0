package crawler

import (
	"context"
	"net/http"
	"testing"

	"github.com/pmkb/pmkb/crawler/lists"
	"github.com/pmkb/pmkb/data"
)

func TestSameURLInTwoLists(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.page("/pm", "Shared", "x")
	c, _ := newCrawler(t, testOptions(t))
	a := entry(t, s.URL+"/pm", "Acme")
	b := entry(t, s.URL+"/pm/#section", "")
	b.List, b.Section = "danluu/post-mortems", "Config Errors"
	sink := newSink()
	sum, err := c.Run(context.Background(), []lists.Entry{a, b}, sink)
	if err != nil || sum.Total != 1 {
		t.Fatalf("Run: got %s, %v; want one URL", sum, err)
	}
	pm := sink.get(t, a.URL)
	if len(pm.Sources) != 2 || pm.Sources[1].List != "danluu/post-mortems" || pm.Company != "Acme" {
		t.Errorf("got sources %+v company %q, want both lists and Acme", pm.Sources, pm.Company)
	}
	if s.hit("/pm") != 1 || len(sink.recs) != 1 {
		t.Errorf("got %d fetches and %d records, want 1 and 1", s.hit("/pm"), len(sink.recs))
	}
}

func TestRobotsServerError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.robotsStatus = http.StatusInternalServerError
	s.page("/pm", "P", "x")
	c, _ := newCrawler(t, testOptions(t))
	pm := crawlOne(t, c, s.URL+"/pm")
	if pm.Fetch.Status != data.FetchBlocked || s.hit("/pm") != 0 {
		t.Errorf("got %+v and %d hits, want blocked without a request (RFC 9309: 5xx on robots.txt disallows)", pm.Fetch, s.hit("/pm"))
	}
}
