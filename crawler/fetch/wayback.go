package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// ErrNoSnapshot is returned when the Wayback Machine has no capture of a URL.
var ErrNoSnapshot = errors.New("fetch: no wayback snapshot")

// archiveCapture matches a Wayback capture path: /web/TIMESTAMP[flags]/ORIGIN.
var archiveCapture = regexp.MustCompile(`^/web/(\d{1,14})(?:[a-z]{2}_)?/(.+)$`)

// waybackWebBase is where captures are served: web.archive.org for the real
// service, the configured base for a compatible one (a test double, a
// private mirror).
func (f *Fetcher) waybackWebBase() string {
	if strings.TrimRight(f.opts.WaybackURL, "/") == DefaultWaybackURL {
		return "https://web.archive.org"
	}
	return strings.TrimRight(f.opts.WaybackURL, "/")
}

// rawCaptureURL turns a capture URL (as a list links it or the availability
// API answers it) into its raw form, TIMESTAMPid_, which serves the page as
// archived: no toolbar, no rewritten links.
func (f *Fetcher) rawCaptureURL(capture string) (*url.URL, error) {
	u, err := url.Parse(capture)
	if err != nil {
		return nil, fmt.Errorf("fetch: capture url %q: %w", capture, err)
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	m := archiveCapture.FindStringSubmatch(path)
	if m == nil {
		return nil, fmt.Errorf("fetch: %q is not a wayback capture url", capture)
	}
	raw := f.waybackWebBase() + "/web/" + m[1] + "id_/" + m[2]
	out, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("fetch: capture url %q: %w", raw, err)
	}
	return out, nil
}

// availability is the Wayback Machine's /wayback/available answer.
type availability struct {
	ArchivedSnapshots struct {
		Closest *struct {
			Available bool   `json:"available"`
			URL       string `json:"url"`
			Timestamp string `json:"timestamp"`
			Status    string `json:"status"`
		} `json:"closest"`
	} `json:"archived_snapshots"`
}

// snapshot asks the availability API for the capture of origin closest to
// date (YYYY-MM-DD, may be empty) and returns its raw URL and the capture
// URL to record as archive_url.
func (f *Fetcher) snapshot(ctx context.Context, origin, date string) (raw *url.URL, capture string, err error) {
	q := url.Values{"url": {origin}}
	if ts := strings.ReplaceAll(date, "-", ""); len(ts) == 8 {
		q.Set("timestamp", ts)
	}
	api, err := url.Parse(strings.TrimRight(f.opts.WaybackURL, "/") + "/wayback/available?" + q.Encode())
	if err != nil {
		return nil, "", fmt.Errorf("fetch: wayback url: %w", err)
	}
	// An API meant for programs: rate-limited like any host, not robots-checked.
	ex, err := f.fetchRetry(ctx, api, nil, false, 0, nil)
	if err != nil {
		return nil, "", fmt.Errorf("fetch: wayback lookup of %s: %w", origin, err)
	}
	if ex.Status != 200 {
		return nil, "", fmt.Errorf("fetch: wayback lookup of %s: http %d", origin, ex.Status)
	}
	body, err := decodeContent(ex.Header.Get("Content-Encoding"), ex.Raw, f.opts.MaxBody)
	if err != nil {
		return nil, "", fmt.Errorf("fetch: wayback lookup of %s: %w", origin, err)
	}
	var a availability
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, "", fmt.Errorf("fetch: wayback lookup of %s: %w", origin, err)
	}
	cl := a.ArchivedSnapshots.Closest
	if cl == nil || !cl.Available || cl.URL == "" || (cl.Status != "" && cl.Status != "200") {
		return nil, "", fmt.Errorf("%w of %s", ErrNoSnapshot, origin)
	}
	raw, err = f.rawCaptureURL(cl.URL)
	if err != nil {
		return nil, "", err
	}
	return raw, cl.URL, nil
}

// parkedMarkers are phrases of domain-parking and placeholder pages: a post
// that now shows one of these is gone and its archive copy is wanted.
var parkedMarkers = [][]byte{
	[]byte("this domain is for sale"), []byte("this domain may be for sale"),
	[]byte("buy this domain"), []byte("domain is parked"), []byte("this domain is parked"),
	[]byte("this web page is parked"), []byte("parked free, courtesy of"), []byte("sedoparking"),
	[]byte("parkingcrew"), []byte("domain has expired"), []byte("this domain has been registered"),
	[]byte("future home of something quite cool"), []byte("hugedomains.com"),
}

// isParked reports whether a page looks like a parked domain or placeholder.
// Only short pages qualify: a real post that mentions parking is long.
func isParked(body []byte) bool {
	if len(body) > 64<<10 {
		return false
	}
	lower := bytes.ToLower(body)
	for _, m := range parkedMarkers {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}
