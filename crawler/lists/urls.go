package lists

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
)

// parseURLs reads a list of one URL per line; blank lines and lines
// starting with "#" are skipped. A line may also name a local file or
// folder (a path starting with "/", "./" or "../", or "path: PATH"), a
// status page ("statuspage: URL") or a feed ("feed: URL").
func parseURLs(name string, b []byte) ([]Entry, error) {
	list := listName(name)
	var out []Entry
	for i, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e := Entry{List: list}
		var err error
		e.Kind, e.Source, err = kindOf(line)
		if err == nil && e.Kind == KindPage {
			err = canonical(&e, line)
		}
		if err != nil {
			return nil, &LineError{Name: name, Line: i + 1, Msg: err.Error()}
		}
		out = append(out, e)
	}
	return out, nil
}

// kindOf tells what one line of a URL list names, and returns the path or
// URL of a line that names no page.
func kindOf(line string) (kind, source string, err error) {
	for _, k := range []string{KindStatuspage, KindFeed, KindPath} {
		if rest, ok := strings.CutPrefix(line, k+":"); ok && !strings.HasPrefix(rest, "//") {
			return sourceOf(k, strings.TrimSpace(rest))
		}
	}
	if isPath(line) {
		return sourceOf(KindPath, line)
	}
	return KindPage, "", nil
}

// isPath reports whether s is written as a local path rather than a URL.
func isPath(s string) bool {
	return strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") ||
		strings.HasPrefix(s, "file://")
}

// sourceOf checks the source of an entry of kind k: a path for KindPath,
// an http(s) URL for the others.
func sourceOf(k, s string) (string, string, error) {
	if s == "" {
		return "", "", fmt.Errorf("%s: nothing after it", k)
	}
	if k == KindPath {
		return k, strings.TrimPrefix(s, "file://"), nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", fmt.Errorf("%s %q: want an http(s) URL", k, s)
	}
	return k, s, nil
}
