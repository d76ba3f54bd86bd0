package lists

import (
	"bytes"
	"strings"
)

// parseURLs reads one URL per line; blank lines and lines starting with "#"
// are ignored. Anything else that is not an http(s) URL is an error.
func parseURLs(name string, b []byte) ([]Entry, error) {
	list := listName(name)
	var out []Entry
	for i, raw := range bytes.Split(b, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e := Entry{List: list}
		if err := canonical(&e, line); err != nil {
			return nil, &LineError{Name: name, Line: i + 1, Msg: err.Error()}
		}
		out = append(out, e)
	}
	return out, nil
}
