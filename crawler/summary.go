package crawler

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// Summary is what a crawl did: how many URLs ended with each status, per
// host and overall.
type Summary struct {
	Total    int                       // URLs in the run
	Resumed  bool                      // the run picked up an interrupted one
	NoFetch  bool                      // the run fetched nothing: hosts say nothing
	ByStatus map[string]int            // fetch status (ok, archived, ...) or unchanged/fresh/resumed -> URLs
	ByHost   map[string]map[string]int // host -> status -> URLs
	Elapsed  time.Duration
}

// summary is a Summary being filled by concurrent workers.
type summary struct {
	mu sync.Mutex
	s  Summary
}

func newSummary(total int, resumed bool) *summary {
	return &summary{s: Summary{Total: total, Resumed: resumed,
		ByStatus: map[string]int{}, ByHost: map[string]map[string]int{}}}
}

func (s *summary) add(host, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.s.ByStatus[status]++
	if s.s.ByHost[host] == nil {
		s.s.ByHost[host] = map[string]int{}
	}
	s.s.ByHost[host][status]++
}

func (s *summary) snapshot() Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.s
	out.ByStatus = maps.Clone(s.s.ByStatus)
	out.ByHost = make(map[string]map[string]int, len(s.s.ByHost))
	for h, m := range s.s.ByHost {
		out.ByHost[h] = maps.Clone(m)
	}
	return out
}

// Done is the number of URLs that reached a final status.
func (s Summary) Done() int {
	n := 0
	for _, v := range s.ByStatus {
		n += v
	}
	return n
}

// statusOrder lists statuses in the order a summary shows them.
var statusOrder = []string{"ok", "archived", StatusUnchanged, StatusFresh, StatusDone, "skipped", "blocked", "failed"}

// String is the one-line form: "120/120 URLs in 2m3s: ok 100, archived 12, failed 8".
func (s Summary) String() string {
	var parts []string
	for _, st := range s.statuses() {
		parts = append(parts, fmt.Sprintf("%s %d", st, s.ByStatus[st]))
	}
	return fmt.Sprintf("%d/%d URLs in %s: %s", s.Done(), s.Total, s.Elapsed.Round(time.Millisecond), strings.Join(parts, ", "))
}

// statuses returns the statuses present, known ones first.
func (s Summary) statuses() []string {
	var out []string
	for _, st := range statusOrder {
		if s.ByStatus[st] > 0 {
			out = append(out, st)
		}
	}
	for _, st := range slices.Sorted(maps.Keys(s.ByStatus)) {
		if !slices.Contains(statusOrder, st) && s.ByStatus[st] > 0 {
			out = append(out, st)
		}
	}
	return out
}

// summaryHosts is how many hosts the summary lists, busiest first.
const summaryHosts = 10

// Fprint writes the end-of-crawl summary: the totals line, then, for a run
// that fetched, one line per host for the summaryHosts hosts with most
// URLs, with their counts by status, and how many more hosts there were.
func (s Summary) Fprint(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "crawl: %s\n", s)
	if !s.NoFetch {
		s.fprintHosts(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (s Summary) fprintHosts(b *strings.Builder) {
	hosts := slices.Collect(maps.Keys(s.ByHost))
	total := func(h string) int {
		n := 0
		for _, v := range s.ByHost[h] {
			n += v
		}
		return n
	}
	slices.SortFunc(hosts, func(a, b string) int {
		if d := total(b) - total(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	more := max(len(hosts)-summaryHosts, 0)
	hosts = hosts[:len(hosts)-more]
	width := 4
	for _, h := range hosts {
		width = max(width, len(h))
	}
	for _, h := range hosts {
		var parts []string
		for _, st := range s.statuses() {
			if n := s.ByHost[h][st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st, n))
			}
		}
		fmt.Fprintf(b, "  %-*s %4d  %s\n", width, h, total(h), strings.Join(parts, ", "))
	}
	switch more {
	case 0:
	case 1:
		fmt.Fprintf(b, "  and 1 more host\n")
	default:
		fmt.Fprintf(b, "  and %d more hosts\n", more)
	}
}
