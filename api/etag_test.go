package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/api"
	"github.com/pmkb/pmkb/api/httpx/httpxtest"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index/indextest"
)

// TestETagFollowsTheIndex: search, record and similar answers carry the
// index's version as their ETag and answer 304 to it until a write.
func TestETagFollowsTheIndex(t *testing.T) {
	ix := indextest.Open(t, indextest.Fixtures())
	e := newEngine(t, api.Options{Index: ix, Version: func() string { return strconv.FormatUint(ix.Version(), 10) }})
	id := indextest.Fixtures()[0].ID
	for _, path := range []string{"/api/v1/search?q=dns", "/api/v1/incidents/" + id, "/api/v1/incidents/" + id + "/similar"} {
		t.Run(path, func(t *testing.T) {
			w := httpxtest.Get(t, e, path)
			tag := w.Header().Get("ETag")
			if w.Code != 200 || !strings.HasPrefix(tag, `W/"`) {
				t.Fatalf("got %d ETag %q, want 200 with a weak ETag", w.Code, tag)
			}
			w = httpxtest.DoHeaders(t, e, "GET", path, http.Header{"If-None-Match": {tag}})
			if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
				t.Errorf("If-None-Match: got %d with %d bytes, want 304 and no body", w.Code, w.Body.Len())
			}
		})
	}
	w := httpxtest.Get(t, e, "/api/v1/search?q=dns")
	tag := w.Header().Get("ETag")
	pm := indextest.Record("https://new.example/pm", "Another DNS outage", "New", "2024-01-02", "A resolver died.", "dns", []string{"dns"}, nil)
	if err := ix.Put(t.Context(), pm); err != nil {
		t.Fatal(err)
	}
	w = httpxtest.DoHeaders(t, e, "GET", "/api/v1/search?q=dns", http.Header{"If-None-Match": {tag}})
	if w.Code != 200 || w.Header().Get("ETag") == tag {
		t.Errorf("after a write: got %d ETag %q, want 200 and a new tag (old %q)", w.Code, w.Header().Get("ETag"), tag)
	}
	if w := httpxtest.Get(t, e, "/api/v1/incidents/nosuchid"); w.Header().Get("ETag") != "" {
		t.Errorf("a 404 carries ETag %q; want none", w.Header().Get("ETag"))
	}
}

// TestRecordFetchErrorRedacted: a record stored with an address in its
// fetch error (by a crawler before the redaction) is answered without it.
func TestRecordFetchErrorRedacted(t *testing.T) {
	pm := indextest.Record("https://gone.example/pm", "Gone", "Gone", "2020-01-01", "The resolver failed.", "body", []string{"dns"}, nil)
	pm.Fetch = data.Fetch{Status: data.FetchFailed, Error: "dial tcp: lookup gone.example on 10.0.0.2:53: no such host"}
	e := newEngine(t, api.Options{Index: indextest.Open(t, []data.Postmortem{pm})})
	w := httpxtest.Get(t, e, "/api/v1/incidents/"+pm.ID)
	if w.Code != 200 || strings.Contains(w.Body.String(), "10.0.0.2") || !strings.Contains(w.Body.String(), "no such host") {
		t.Errorf("got %d %s; want the error without the resolver's address", w.Code, w.Body)
	}
}
