package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pmkb/pmkb/data"
)

var errMissing = errors.New("not found")

// store is a map of records where "dup" is merged into "a".
type store map[string]data.Postmortem

func (s store) Get(_ context.Context, id string) (data.Postmortem, error) {
	pm, ok := s[id]
	if !ok {
		return data.Postmortem{}, errMissing
	}
	return pm, nil
}

func (s store) Primary(_ context.Context, id string) (string, error) {
	if _, ok := s[id]; !ok {
		return "", errMissing
	}
	if id == "dup" {
		return "a", nil
	}
	return id, nil
}

func testStore() store {
	return store{
		"a": {ID: "a", Company: "Acme", Title: "DNS | zone wiped", IncidentDate: "2019-03-04", URL: "https://acme.test/dns",
			Categories: []string{"dns"}, Fetch: data.Fetch{Status: data.FetchOK}},
		"dup": {ID: "dup", Company: "Acme", Title: "DNS zone wiped (mirror)", URL: "https://mirror.test/dns"},
		"b": {ID: "b", Company: "Globex", Title: "Split brain {again} & 100% down", Published: "2018-10-30",
			URL: "https://globex.test/gone", ArchiveURL: "https://web.archive.org/web/2019/https://globex.test/gone",
			Fetch: data.Fetch{Status: data.FetchFailed}},
	}
}

func TestResolveCountsAMergedIncidentOnce(t *testing.T) {
	pms, err := Resolve(context.Background(), testStore(), []string{"b", "dup", "a"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pm := range pms {
		got = append(got, pm.ID)
	}
	if strings.Join(got, ",") != "b,a" {
		t.Errorf("got %v, want b,a", got)
	}
	if _, err := Resolve(context.Background(), testStore(), []string{"a", "zzz"}); !errors.Is(err, errMissing) || !strings.Contains(err.Error(), "zzz") {
		t.Errorf("unknown id: got %v, want the store's error naming zzz", err)
	}
}

func TestParseIDs(t *testing.T) {
	valid := func(s string) bool { return !strings.ContainsAny(s, " <>") }
	var many []string
	for i := range MaxIDs + 1 {
		many = append(many, strconv.Itoa(i))
	}
	for _, tc := range []struct {
		in, want, err string
	}{
		{"a,b, c,a,", "a,b,c", ""},
		{" , ", "", "no incident ids"},
		{"a,<b>", "", `"<b>" is not an incident id`},
		{strings.Join(many, ","), "", "at most 200"},
		{strings.Join(many[:MaxIDs], ",") + ",0,1", strings.Join(many[:MaxIDs], ","), ""},
	} {
		ids, err := ParseIDs(tc.in, valid)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseIDs(%.20q): got %v, want an error with %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || strings.Join(ids, ",") != tc.want {
			t.Errorf("ParseIDs(%q): got %v %v, want %s", tc.in, ids, err, tc.want)
		}
	}
}

func entries(t *testing.T) []Entry {
	t.Helper()
	pms, err := Resolve(context.Background(), testStore(), []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	return []Entry{NewEntry(pms[0], at), NewEntry(pms[1], at)}
}

func write(t *testing.T, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, entries(t)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdown(t *testing.T) {
	want := "| Company | Incident | Date | Link |\n|---|---|---|---|\n" +
		"| Acme | DNS \\| zone wiped | 2019-03-04 | https://acme.test/dns |\n" +
		"| Globex | Split brain {again} & 100% down | 2018-10-30 | https://web.archive.org/web/2019/https://globex.test/gone |\n"
	if got := write(t, Markdown); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCSVAndJSON(t *testing.T) {
	rows, err := csv.NewReader(strings.NewReader(write(t, CSV))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "company" || rows[2][3] != "https://web.archive.org/web/2019/https://globex.test/gone" || rows[2][6] != "2026-03-14" {
		t.Errorf("csv: got %q (%v)", rows, err)
	}
	var js []Entry
	if err := json.Unmarshal([]byte(write(t, JSON)), &js); err != nil || len(js) != 2 || js[1].Link != js[1].ArchiveURL || js[0].Categories[0] != "dns" {
		t.Errorf("json: got %+v (%v)", js, err)
	}
}

func TestBibTeX(t *testing.T) {
	got := write(t, BibTeX)
	for _, s := range []string{
		"@misc{acme-2019-a,\n", "title = {{DNS | zone wiped}},",
		"@misc{globex-2018-b,\n", `title = {{Split brain \{again\} \& 100\% down}},`, "author = {{Globex}},", "year = {2018},",
		`howpublished = {\url{https://web.archive.org/web/2019/https://globex.test/gone}},`,
		"archiveurl = {https://web.archive.org/web/2019/https://globex.test/gone},",
		"urldate = {2026-03-14},", "accessed 2026-03-14}",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("bibtex lacks %q:\n%s", s, got)
		}
	}
	if strings.Count(got, "{") != strings.Count(got, "}") {
		t.Errorf("bibtex braces do not balance:\n%s", got)
	}
	if err := Write(&bytes.Buffer{}, "docx", nil); !errors.Is(err, ErrFormat) {
		t.Errorf("unknown format: got %v, want ErrFormat", err)
	}
}
