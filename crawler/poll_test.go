package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// realCrawler is a crawler with the real extractor, whose judgement the
// feed test needs.
func realCrawler(t *testing.T) *Crawler {
	t.Helper()
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(testOptions(t), ex)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// statusAPI is a fake Atlassian Statuspage: its incidents.json answers
// whatever the test last set, at that exact path only.
type statusAPI struct {
	*site
	mu   sync.Mutex
	body string
}

func newStatusAPI(t *testing.T) *statusAPI {
	s := &statusAPI{site: newSite(t)}
	s.mux.HandleFunc("GET /api/v2/incidents.json", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, s.body)
	})
	return s
}

func (s *statusAPI) set(page string, incidents ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body = fmt.Sprintf(`{"page":{"id":"p1","name":"Acme Cloud","url":%q,"time_zone":"Etc/UTC"},"incidents":[%s]}`,
		page, strings.Join(incidents, ","))
}

// incident writes one incident of the API's shape; resolved "" leaves it open.
func incident(id, name, status, impact, started, resolved string, updates ...string) string {
	res := "null"
	if resolved != "" {
		res = fmt.Sprintf("%q", resolved)
	}
	return fmt.Sprintf(`{"id":%q,"name":%q,"status":%q,"impact":%q,"shortlink":"https://stspg.io/x","created_at":%q,`+
		`"updated_at":%q,"started_at":%q,"resolved_at":%s,"page_id":"p1","components":[{"id":"c1","name":"Object Storage","status":"operational"}],`+
		`"incident_updates":[%s]}`, id, name, status, impact, started, started, started, res, strings.Join(updates, ","))
}

func update(status, at, body string) string {
	return fmt.Sprintf(`{"id":"u-%s","status":%q,"body":%q,"created_at":%q,"display_at":%q,"affected_components":[{"code":"c1","name":"Object Storage","old_status":"operational","new_status":"major_outage"}]}`,
		at, status, body, at, at)
}

// TestPollStatuspage: two polls of a status page whose API lists recent
// incidents only. The second poll adds the new incident, updates the one
// that resolved and keeps the one that fell off the list; a third, with
// nothing new, writes nothing.
func TestPollStatuspage(t *testing.T) {
	ctx := context.Background()
	api := newStatusAPI(t)
	c := realCrawler(t)
	sink := newSink()
	dnsDone := incident("inc-dns", "Elevated DNS errors", "postmortem", "major", "2024-04-02T09:00:00Z", "2024-04-02T10:30:00Z",
		update("investigating", "2024-04-02T09:05:00Z", "We are investigating elevated DNS resolution errors."),
		update("resolved", "2024-04-02T10:30:00Z", "This incident has been resolved."),
		update("postmortem", "2024-04-05T12:00:00Z", "A configuration change to our DNS resolvers removed a forwarder. "+
			"The root cause was a bad template in the deploy pipeline; we rolled back at 10:20 UTC and added validation."))
	storageOpen := incident("inc-storage", "Object storage uploads failing", "investigating", "critical", "2024-04-09T14:00:00Z", "",
		update("investigating", "2024-04-09T14:05:00Z", "Uploads to object storage are failing with 503 errors."))
	api.set(api.URL, dnsDone, storageOpen)

	rep, err := c.PollStatuspage(ctx, api.URL, sink)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 2 || rep.Updated != 0 || len(sink.recs) != 2 {
		t.Fatalf("first poll: %s, %d records; want 2 new", rep, len(sink.recs))
	}
	dns := sink.get(t, api.URL+"/incidents/inc-dns")
	if dns.Company != "Acme Cloud" || dns.IncidentDate != "2024-04-02" || dns.DurationMinutes != 90 || dns.Product != "Object Storage" {
		t.Errorf("dns record: company %q, date %q, %d minutes, product %q", dns.Company, dns.IncidentDate, dns.DurationMinutes, dns.Product)
	}
	if !strings.Contains(dns.Body, "bad template") || !strings.Contains(dns.Sections.Timeline, "investigating: We are investigating") {
		t.Errorf("dns record: want the post-mortem in the body and the updates as the timeline; body %q timeline %q", dns.Body, dns.Sections.Timeline)
	}
	if !strings.Contains(dns.Sections.Impact, "major") || len(dns.Sources) != 1 || dns.Sources[0].List != "Acme Cloud status page" {
		t.Errorf("dns record: impact %q, sources %v", dns.Sections.Impact, dns.Sources)
	}
	if st := sink.get(t, api.URL+"/incidents/inc-storage"); st.End != "" || st.DurationMinutes != 0 {
		t.Errorf("open incident: got end %q, %d minutes; want none", st.End, st.DurationMinutes)
	}

	// Second poll: the DNS incident fell off the API's list, the storage
	// one resolved, a new one began.
	storageDone := incident("inc-storage", "Object storage uploads failing", "resolved", "critical", "2024-04-09T14:00:00Z", "2024-04-09T15:10:00Z",
		update("investigating", "2024-04-09T14:05:00Z", "Uploads to object storage are failing with 503 errors."),
		update("identified", "2024-04-09T14:40:00Z", "A full disk on the metadata nodes is the cause."),
		update("resolved", "2024-04-09T15:10:00Z", "Uploads have recovered."))
	queue := incident("inc-queue", "Delayed webhooks", "monitoring", "minor", "2024-04-10T08:00:00Z", "",
		update("monitoring", "2024-04-10T08:30:00Z", "Webhook delivery is catching up after a queue backlog."))
	api.set(api.URL, storageDone, queue)
	rep, err = c.PollStatuspage(ctx, api.URL, sink)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 1 || rep.Updated != 1 || rep.Unchanged != 0 {
		t.Errorf("second poll: %s; want 1 new, 1 updated", rep)
	}
	if len(sink.recs) != 3 {
		t.Errorf("records after the second poll: got %d, want 3 (the DNS incident kept)", len(sink.recs))
	}
	st := sink.get(t, api.URL+"/incidents/inc-storage")
	if st.End != "2024-04-09T15:10:00Z" || st.DurationMinutes != 70 || !strings.Contains(st.Sections.Timeline, "full disk") {
		t.Errorf("resolved incident: end %q, %d minutes, timeline %q", st.End, st.DurationMinutes, st.Sections.Timeline)
	}

	puts := sink.puts
	rep, err = c.PollStatuspage(ctx, api.URL, sink)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 2 || sink.puts != puts {
		t.Errorf("third poll, nothing new: %s, %d puts; want 2 unchanged, none written", rep, sink.puts-puts)
	}
	if api.hit("/robots.txt") == 0 {
		t.Errorf("robots.txt was not asked")
	}
}

const postmortemEntry = `<h2>What happened</h2><p>On 3 March 2024 at 14:02 UTC our primary PostgreSQL cluster failed over after a
kernel upgrade rebooted the primary. For 47 minutes checkout requests failed with errors, and 1,900 orders were delayed.</p>
<h2>Root cause</h2><p>The failover script promoted a replica but did not fence the old primary, because the connection pooler's
configuration still listed its address. Writes went to two primaries until we stopped the old one at 14:49 UTC.</p>
<h2>Impact</h2><p>Twelve percent of checkout requests failed; customers were unable to pay during the outage.</p>
<h2>Timeline</h2><ul><li>14:02 kernel upgrade reboots db-1</li><li>14:05 failover promotes db-2</li><li>14:31 alert fires</li><li>14:49 old primary stopped</li></ul>
<h2>Action items</h2><ul><li>Fence the old primary before promotion.</li><li>Generate the pooler configuration.</li></ul>
<p>We apologize for the disruption and have rolled out the fixes described above to every region.</p>`

const announcementEntry = `<p>We're excited to announce that Edge Functions are now generally available. Since the public beta,
thousands of teams have deployed code to our 300 locations, and today we are launching new features: cold starts under 5 ms,
a local development server, and pricing that scales to zero. Sign up for a free trial, or join our webinar on Thursday.
We can't wait to see what you build with them, and we are thrilled to bring this to every plan.</p>`

// TestPollFeed: of a blog's feed, the post-mortem and the post whose
// summary leads to a post-mortem page become records; the announcement
// does not. A second poll keeps the records and writes nothing.
func TestPollFeed(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	c := realCrawler(t)
	sink := newSink()
	s.mux.HandleFunc("GET /blog/dns-outage", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><title>DNS outage of 9 April</title></head><body><article>
<h1>DNS outage of 9 April</h1><p>On 9 April 2024 our DNS resolvers returned SERVFAIL for 25 minutes after a configuration push
set the wrong upstream forwarders. The root cause was a change rolled out to every region at once; we rolled back at 16:45 UTC.
Service discovery failed for a third of lookups and background jobs retried and queued up for an hour.</p>
<h2>Action items</h2><p>Send DNS configuration through the canary stage and validate forwarders.</p></article></body></html>`)
	})
	s.mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Acme Engineering</title>
<item><title>Post-mortem: the checkout outage of 3 March</title><link>%[1]s/blog/checkout-outage</link>
<pubDate>Wed, 06 Mar 2024 10:00:00 +0000</pubDate><content:encoded><![CDATA[%[2]s]]></content:encoded></item>
<item><title>Edge Functions are generally available</title><link>%[1]s/blog/edge-functions-ga</link>
<pubDate>Thu, 07 Mar 2024 10:00:00 +0000</pubDate><content:encoded><![CDATA[%[3]s]]></content:encoded></item>
<item><title>DNS outage of 9 April</title><link>%[1]s/blog/dns-outage</link>
<pubDate>Fri, 12 Apr 2024 10:00:00 +0000</pubDate><description>What went wrong with DNS.</description></item>
</channel></rss>`, s.URL, postmortemEntry, announcementEntry)
	})
	rep, err := c.PollFeed(ctx, s.URL+"/feed.xml", sink)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 2 || rep.Rejected != 1 || rep.Failed != 0 {
		t.Fatalf("poll: %s; want 2 new, 1 not a post-mortem", rep)
	}
	pm := sink.get(t, s.URL+"/blog/checkout-outage")
	if pm.Title != "Post-mortem: the checkout outage of 3 March" || pm.Published != "2024-03-06" || pm.Sources[0].List != "Acme Engineering" {
		t.Errorf("feed record: title %q, published %q, sources %v", pm.Title, pm.Published, pm.Sources)
	}
	if _, ok := sink.recs[sink.get(t, s.URL+"/blog/dns-outage").ID]; !ok || s.hit("/blog/dns-outage") != 1 {
		t.Errorf("summary-only entry: want its page fetched once and recorded")
	}
	puts := sink.puts
	rep, err = c.PollFeed(ctx, s.URL+"/feed.xml", sink)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 2 || rep.Rejected != 1 || sink.puts != puts {
		t.Errorf("second poll: %s, %d puts; want 2 unchanged, 1 rejected, none written", rep, sink.puts-puts)
	}
	if n := s.hit("/blog/edge-functions-ga"); n != 1 {
		t.Errorf("the announcement's page was fetched %d times over two polls, want once (judged out, then remembered)", n)
	}
}
