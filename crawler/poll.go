package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/crawler/feed"
	"github.com/pmkb/pmkb/crawler/fetch"
	"github.com/pmkb/pmkb/crawler/statuspage"
	"github.com/pmkb/pmkb/data"
)

// PollReport says what one poll of a status page or a feed did.
type PollReport struct {
	Source    string // the status page or feed
	New       int    // records added
	Updated   int    // records changed (an open incident moved on)
	Unchanged int
	Rejected  int // feed entries the extractor did not judge post-mortems
	Failed    int // entries that could not be read
}

func (r PollReport) String() string {
	return fmt.Sprintf("%s: %d new, %d updated, %d unchanged, %d not post-mortems, %d failed",
		r.Source, r.New, r.Updated, r.Unchanged, r.Rejected, r.Failed)
}

// PollStatuspage reads a status page's incidents (Atlassian Statuspage,
// /api/v2/incidents.json) and stores each as a record: its impact and
// components, its updates as the timeline, its start and resolution, and
// its post-mortem when published. Such an API only lists recent incidents,
// so a poll adds new ones and updates those that changed, and never
// deletes a record: what was seen once stays.
func (c *Crawler) PollStatuspage(ctx context.Context, page string, sink Sink) (PollReport, error) {
	rep := PollReport{Source: page}
	api, err := statuspage.APIURL(page)
	if err != nil {
		return rep, err
	}
	doc, err := c.fetch.Get(ctx, api)
	if err != nil {
		return rep, fmt.Errorf("crawler: status page %s: %w", page, err)
	}
	d, err := statuspage.Parse(doc.Body)
	if err != nil {
		return rep, fmt.Errorf("crawler: status page %s: %w", page, err)
	}
	now := time.Now().UTC()
	for _, inc := range d.Incidents {
		if strings.TrimSpace(inc.ID) == "" {
			continue
		}
		pm, err := c.incidentRecord(d, api, inc, now)
		if err != nil {
			c.log.Warn("status page incident not read", "page", page, "incident", inc.ID, "err", err)
			rep.Failed++
			continue
		}
		if err := c.putPolled(ctx, pm, sink, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// incidentRecord is the record of one status page incident.
func (c *Crawler) incidentRecord(d statuspage.Document, api *url.URL, inc statuspage.Incident, now time.Time) (data.Postmortem, error) {
	canon, _, err := data.CanonicalURL(d.PageURL(api, inc))
	if err != nil {
		return data.Postmortem{}, err
	}
	company := strings.TrimSpace(d.Page.Name)
	in := extract.Input{URL: canon, ContentType: "text/markdown", Body: []byte(inc.Markdown()), Company: company, Fetched: now}
	if inc.CreatedAt != nil {
		in.Published = inc.CreatedAt.UTC().Format(time.DateOnly)
	}
	a, err := c.extract(in)
	if err != nil {
		return data.Postmortem{}, err
	}
	pm := data.Postmortem{ID: data.IDFor(canon), URL: canon, Company: company, Categories: []string{}, Technologies: []string{},
		Sources: []data.Source{{List: statusListName(d, api)}}, Fetch: data.Fetch{Status: data.FetchOK, HTTPStatus: 200, FetchedAt: now}}
	pm.Apply(a)
	pm.Title = strings.TrimSpace(inc.Name)
	if cs := inc.ComponentNames(); len(cs) > 0 {
		pm.Product = cs[0]
	}
	if inc.CreatedAt != nil {
		pm.Published = inc.CreatedAt.UTC().Format(time.DateOnly)
	}
	// The page's own times beat what the text suggests.
	if st := inc.Start(); st != nil {
		pm.IncidentDate, pm.Start = st.UTC().Format(time.DateOnly), st.UTC().Format(time.RFC3339)
		pm.End, pm.DurationMinutes = "", 0
		if inc.ResolvedAt != nil {
			pm.End = inc.ResolvedAt.UTC().Format(time.RFC3339)
			pm.DurationMinutes = int(inc.ResolvedAt.Sub(*st).Minutes())
		}
	}
	pm.Sections.Impact = "Impact: " + inc.Impact
	if cs := inc.ComponentNames(); len(cs) > 0 {
		pm.Sections.Impact += ". Affected components: " + strings.Join(cs, ", ")
	}
	pm.Sections.Timeline = strings.Join(inc.Timeline(), "\n")
	return pm, nil
}

// statusListName names a status page in the source facet.
func statusListName(d statuspage.Document, api *url.URL) string {
	if d.Page.Name != "" {
		return d.Page.Name + " status page"
	}
	return api.Host + " status page"
}

// putPolled stores a polled record unless the stored one says the same:
// a new record, or the newer state of one seen before, merged with it so
// that its sources and anything only the old one knew stay.
func (c *Crawler) putPolled(ctx context.Context, pm data.Postmortem, sink Sink, rep *PollReport) error {
	c.putMu.Lock()
	defer c.putMu.Unlock()
	stored, has, err := sink.Get(ctx, pm.ID)
	if err != nil {
		return fmt.Errorf("crawler: read the stored record of %s: %w", pm.URL, err)
	}
	if has {
		pm = data.Merge(stored, pm)
		if samePolled(stored, pm) {
			rep.Unchanged++
			return nil
		}
	}
	if err := sink.Put(ctx, pm); err != nil {
		return fmt.Errorf("crawler: store %s: %w", pm.URL, err)
	}
	if has {
		rep.Updated++
	} else {
		rep.New++
	}
	return nil
}

// samePolled reports whether two records of one polled item say the same,
// when and into which collection they were read aside.
func samePolled(a, b data.Postmortem) bool {
	a.Fetch.FetchedAt, b.Fetch.FetchedAt = time.Time{}, time.Time{}
	a.Collection, b.Collection = "", ""
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// minFeedText is how much text a feed entry needs to be judged on its
// own; an entry with less (a summary) is judged on its page.
const minFeedText = 800

// PollFeed reads an Atom or RSS feed and stores the entries the extractor
// judges to be post-mortems (extract.PostmortemScore at or above
// extract.PostmortemThreshold): an engineering blog's outage reports go
// in, its product announcements stay out. An entry with only a summary is
// judged on its page, fetched like any crawled page. Entries already
// stored are kept as they are, and entries judged out are remembered
// (crawl/feed-rejected.json) and not judged again; nothing is deleted.
func (c *Crawler) PollFeed(ctx context.Context, feedURL string, sink Sink) (PollReport, error) {
	rep := PollReport{Source: feedURL}
	u, err := url.Parse(feedURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return rep, fmt.Errorf("crawler: feed %q is not an http(s) URL", feedURL)
	}
	doc, err := c.fetch.Get(ctx, u)
	if err != nil {
		return rep, fmt.Errorf("crawler: feed %s: %w", feedURL, err)
	}
	f, err := feed.Parse(doc.Body)
	if err != nil {
		return rep, fmt.Errorf("crawler: feed %s: %w", feedURL, err)
	}
	list := f.Title
	if list == "" {
		list = u.Host
	}
	rejected := c.loadRejected()
	defer func() {
		if err := c.saveRejected(rejected); err != nil {
			c.log.Warn("saving the rejected feed entries", "err", err)
		}
	}()
	for _, e := range f.Entries {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		link, err := u.Parse(e.Link)
		if err != nil {
			rep.Failed++
			continue
		}
		canon, archive, err := data.CanonicalURL(link.String())
		if err != nil {
			rep.Failed++
			continue
		}
		if _, has, err := c.stored(ctx, canon, sink); err != nil {
			return rep, err
		} else if has {
			rep.Unchanged++
			continue
		}
		if _, seen := rejected[canon]; seen {
			rep.Rejected++
			continue
		}
		pm, score := c.feedRecord(ctx, e, canon, archive, list)
		switch {
		case pm.ID == "":
			rep.Failed++
		case score < extract.PostmortemThreshold:
			rejected[canon] = score
			rep.Rejected++
		default:
			if err := c.putPolled(ctx, pm, sink, &rep); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// feedRecord reads one feed entry, from the feed's text when it carries
// the post, else from its page, and returns its record and its
// PostmortemScore. A record with no id could not be read.
func (c *Crawler) feedRecord(ctx context.Context, e feed.Entry, canon, archive, list string) (data.Postmortem, float64) {
	now := time.Now().UTC()
	in := extract.Input{URL: canon, ContentType: "text/html", Body: []byte(e.Content), Published: e.Published, Fetched: now}
	status, httpStatus := data.FetchOK, 0
	if len(strings.TrimSpace(e.Content)) < minFeedText {
		res := c.fetch.Fetch(ctx, fetch.Request{URL: canon, ArchiveURL: archive}, nil)
		if res.Page != nil {
			in.ContentType, in.Body = res.Page.ContentType, res.Page.Body
			status, httpStatus = res.Status, res.HTTPStatus
		}
	}
	a, err := c.extract(in)
	if err != nil {
		c.log.Debug("feed entry not read", "url", canon, "err", err)
		return data.Postmortem{}, 0
	}
	pm := data.Postmortem{ID: data.IDFor(canon), URL: canon, ArchiveURL: archive, Categories: []string{}, Technologies: []string{},
		Sources: []data.Source{{List: list}}, Fetch: data.Fetch{Status: status, HTTPStatus: httpStatus, FetchedAt: now}}
	pm.Apply(a)
	if e.Title != "" {
		pm.Title = e.Title
	}
	if e.Published != "" {
		pm.Published = e.Published
	}
	score := extract.PostmortemScore(a)
	c.log.Debug("feed entry judged", "url", canon, "score", score)
	return pm, score
}
