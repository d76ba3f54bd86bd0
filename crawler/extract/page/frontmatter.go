package page

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Meta is what a post says about itself in its front matter (YAML between
// "---" lines, TOML between "+++" lines, or JSON). Teams that keep their
// post-mortems in a Markdown repository write the incident's facts there,
// and those win over what the text suggests.
type Meta struct {
	Title       string
	Description string
	Date        string // the "date" key as written: the incident's day in a record, the publication day in a blog post
	Authors     []string
	Tags        []string // tags and categories, as written
	Severity    string
	Status      string
	// Incident is when the incident began as the front matter states it: an
	// incident-date key (incident_date, started_at...), else the date of a
	// front matter that describes an incident (it has a severity, a status,
	// a resolution time, affected services...). Empty for a blog post's
	// front matter, whose date is the day the post went up.
	Incident string
	End      string // when it was resolved: resolved_at, ended, resolvedWhen...
	Duration string // as written: "45m", "2h 10m", 90
	// Cause and Impact are what a record's fields say in prose: its
	// reason or cause, its impact or scope (a one-word impact, "major",
	// is a severity and left out). See fieldBlocks.
	Cause, Impact string
}

// Record reports whether the front matter describes an incident rather
// than a blog post: then its date is the incident's.
func (m Meta) Record() bool { return m.Incident != "" }

// frontMatter is the raw content of a front matter block, keys lower-cased.
type frontMatter map[string]any

var (
	fmYAML = regexp.MustCompile(`(?s)\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\z)`)
	fmJSON = regexp.MustCompile(`(?s)\A---json[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\z)`)
	fmTOML = regexp.MustCompile(`(?s)\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(\r?\n|\z)`)
	fmBare = regexp.MustCompile(`\A((?:[A-Za-z][\w-]*:[^\n]*\r?\n)+)\r?\n`)
	// fmJSONObject is a bare JSON object opening the file ("{ "title": ...}").
	fmJSONObject = regexp.MustCompile(`(?s)\A\{\s*\r?\n.*?\r?\n\}[ \t]*(\r?\n|\z)`)
)

// splitFrontMatter separates YAML (---), JSON (---json or a bare object),
// TOML (+++) or bare "key: value" front matter from the Markdown text. A
// block that does not parse is left in the text rather than lost.
func splitFrontMatter(b []byte) (Meta, []byte) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	if m := fmJSON.FindSubmatchIndex(trimmed); m != nil {
		var v map[string]any
		if json.Unmarshal(trimmed[m[2]:m[3]], &v) == nil {
			return metaOf(v), trimmed[m[1]:]
		}
	}
	if m := fmYAML.FindSubmatchIndex(trimmed); m != nil {
		var v map[string]any
		if yaml.Unmarshal(trimmed[m[2]:m[3]], &v) == nil {
			return metaOf(v), trimmed[m[1]:]
		}
	}
	if m := fmTOML.FindSubmatchIndex(trimmed); m != nil {
		return metaOf(parseTOML(string(trimmed[m[2]:m[3]]))), trimmed[m[1]:]
	}
	if m := fmJSONObject.FindIndex(trimmed); m != nil {
		var v map[string]any
		if json.Unmarshal(trimmed[:m[1]], &v) == nil {
			return metaOf(v), trimmed[m[1]:]
		}
	}
	if m := fmBare.FindSubmatchIndex(trimmed); m != nil && bytes.Contains(bytes.ToLower(trimmed[:m[1]]), []byte("title:")) {
		var v map[string]any
		if yaml.Unmarshal(trimmed[m[2]:m[3]], &v) != nil {
			v = bareFields(string(trimmed[m[2]:m[3]]))
		}
		return metaOf(v), trimmed[m[1]:]
	}
	return Meta{}, b
}

// bareFields reads a bare "Key: value" block line by line, as Pelican and
// MultiMarkdown do, when it is not YAML ("permalink: x layout: post").
func bareFields(block string) map[string]any {
	v := map[string]any{}
	for _, line := range strings.Split(block, "\n") {
		k, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, val = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(val), `'"`)
		if _, dup := v[k]; !dup && val != "" {
			v[k] = val
		}
	}
	return v
}

// Front-matter keys, lower-cased with "-" and "_" removed.
var (
	// incidentKeys state when the incident began.
	incidentKeys = []string{"incidentdate", "dateofincident", "incidentstart", "startedat", "started", "start",
		"startdate", "starttime", "startsat", "began", "beganat", "occurred", "occurredat", "occurredon",
		"impactstart", "impactstartedat", "detectedat", "detected", "datedelincident", "debut"}
	// endKeys state when it ended.
	endKeys = []string{"resolvedwhen", "resolvedat", "resolvedon", "resolveddate", "ended", "endedat", "end",
		"enddate", "endtime", "mitigatedat", "recoveredat", "fin"}
	// recordKeys only a record of an incident has.
	recordKeys = []string{"severity", "sev", "priority", "impact", "affected", "affectedservices", "services",
		"components", "resolved", "incident", "incidentid", "incidentcommander", "commander", "duration",
		"customerimpact", "gravite", "criticite"}
	// blogStatuses are the values of a blog engine's "status" key.
	blogStatuses = map[string]bool{"published": true, "publish": true, "draft": true, "private": true, "public": true, "future": true}
)

// metaOf reads the keys we use from a parsed front matter.
func metaOf(raw map[string]any) Meta {
	v := frontMatter{}
	for k, x := range raw {
		v[normKey(k)] = x
	}
	if d, ok := v["dates"].(map[string]any); ok { // dates: {published: ...}
		for k, x := range d {
			if _, dup := v[normKey(k)]; !dup {
				v[normKey(k)] = x
			}
		}
	}
	m := Meta{
		Title:       v.str("title"),
		Description: v.str("description", "summary"),
		Date:        v.str("date", "published", "pubdate", "datepublished"),
		Authors:     v.list("authors", "author"),
		Tags:        slices.Concat(v.list("tags"), v.list("categories"), v.list("category")),
		Severity:    v.str("severity", "sev", "priority", "gravite"),
		Status:      v.str("status", "state", "statut"),
		End:         v.str(endKeys...),
		Duration:    v.str("duration", "duree"),
	}
	m.Cause = v.str("reason", "cause", "rootcause", "raison", "causeracine")
	m.Impact = strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{v.str("impact", "customerimpact"), v.str("scope")}, oneWord), ". "))
	m.Incident = v.str(incidentKeys...)
	if m.Incident == "" && m.Date != "" && v.isRecord() {
		m.Incident = m.Date
	}
	return m
}

// isRecord reports whether the front matter has a key only an incident
// record has, or a status that is not a blog engine's.
func (v frontMatter) isRecord() bool {
	for _, k := range recordKeys {
		if _, ok := v[k]; ok {
			return true
		}
	}
	s := strings.ToLower(v.str("status", "state", "statut"))
	return s != "" && !blogStatuses[s]
}

func normKey(k string) string {
	k = strings.ToLower(strings.TrimSpace(k))
	return strings.NewReplacer("-", "", "_", "", " ", "", "é", "e", "è", "e", "û", "u").Replace(k)
}

// str returns the first of keys that holds a value, as text (the first
// element of a list).
func (v frontMatter) str(keys ...string) string {
	for _, k := range keys {
		if s := scalar(v[k]); s != "" {
			return s
		}
		if l, ok := v[k].([]any); ok && len(l) > 0 {
			if s := scalar(l[0]); s != "" {
				return s
			}
		}
	}
	return ""
}

// list returns every value of the first key that has any: a list, or a
// comma-separated string.
func (v frontMatter) list(keys ...string) []string {
	for _, k := range keys {
		var out []string
		switch t := v[k].(type) {
		case []any:
			for _, x := range t {
				if s := scalar(x); s != "" {
					out = append(out, s)
				}
			}
		case string:
			for _, s := range strings.Split(t, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// scalar renders a front-matter value as text. A YAML timestamp keeps its
// clock only when it has one, and its zone only when it is not UTC (YAML
// reads a time without a zone as UTC: we cannot tell the two apart).
func scalar(x any) string {
	switch t := x.(type) {
	case nil, map[string]any, []any:
		return ""
	case string:
		return strings.TrimSpace(t)
	case time.Time:
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format("2006-01-02")
		}
		if t.Location() == time.UTC {
			return t.Format("2006-01-02 15:04:05")
		}
		return t.Format(time.RFC3339)
	default:
		return strings.TrimSpace(fmt.Sprint(t))
	}
}

// tomlLine is one "key = value" line of TOML.
var tomlLine = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$`)

// parseTOML reads the keys of a TOML front matter that we use: strings,
// dates, numbers and arrays of strings at the top level and in its tables
// (Zola keeps tags under [taxonomies]), without a TOML library. A key of a
// table never overrides a top-level one.
func parseTOML(s string) map[string]any {
	out := map[string]any{}
	table := ""
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			table = strings.Trim(line, "[] ")
			continue
		}
		m := tomlLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if _, dup := out[m[1]]; dup && table != "" {
			continue
		}
		out[m[1]] = tomlValue(m[2])
	}
	return out
}

func tomlValue(v string) any {
	if strings.HasPrefix(v, "[") {
		var out []any
		for _, part := range strings.Split(strings.Trim(v, "[] "), ",") {
			if part = strings.Trim(strings.TrimSpace(part), `"'`); part != "" {
				out = append(out, part)
			}
		}
		return out
	}
	if i := strings.Index(v, " #"); i >= 0 && !strings.HasPrefix(v, `"`) {
		v = v[:i]
	}
	return strings.Trim(strings.TrimSpace(v), `"'`)
}
