package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var testPhrases = PhraseList{"split brain", "rm -rf", "load balancer"}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Clause
	}{
		{"empty", "   ", nil},
		{"words", "mysql  failover", []Clause{{Kind: Word, Text: "mysql"}, {Kind: Word, Text: "failover"}}},
		{"phrase", `"split   brain" db`, []Clause{{Kind: Phrase, Text: "split brain"}, {Kind: Word, Text: "db"}}},
		{"protected phrase", "mysql Split  Brain", []Clause{{Kind: Word, Text: "mysql"}, {Kind: Word, Text: "Split Brain"}}},
		{"protected phrase with dash", "rm -rf production", []Clause{{Kind: Word, Text: "rm -rf"}, {Kind: Word, Text: "production"}}},
		{"negated protected phrase", "-split brain", []Clause{{Kind: Phrase, Text: "split brain", Negated: true}}},
		{"NOT negates", "NOT dns outage", []Clause{{Kind: Word, Text: "dns", Negated: true}, {Kind: Word, Text: "outage"}}},
		{"NOT before a protected phrase", "NOT split brain", []Clause{{Kind: Phrase, Text: "split brain", Negated: true}}},
		{"AND is the default", "dns AND bgp", []Clause{{Kind: Word, Text: "dns"}, {Kind: Word, Text: "bgp"}}},
		{"lower-case and/or/not are words", "not or and", []Clause{{Kind: Word, Text: "not"}, {Kind: Word, Text: "or"}, {Kind: Word, Text: "and"}}},
		{"OR", "mysql OR postgres OR \"split brain\" outage", []Clause{
			{Kind: Word, Text: "mysql", Or: []Clause{{Kind: Word, Text: "postgres"}, {Kind: Phrase, Text: "split brain"}}},
			{Kind: Word, Text: "outage"}}},
		{"double dash negates", "--dns", []Clause{{Kind: Word, Text: "dns", Negated: true}}},
		{"time is text", "10:30 https://x.io", []Clause{{Kind: Word, Text: "10:30"}, {Kind: Word, Text: "https://x.io"}}},
		{"protected phrase needs word boundary", "split brainstorm", []Clause{{Kind: Word, Text: "split"}, {Kind: Word, Text: "brainstorm"}}},
		{"company", "company:GitHub", []Clause{{Kind: Field, Field: FieldCompany, Value: "GitHub"}}},
		{"quoted company", `company:"Google Cloud" outage`, []Clause{{Kind: Field, Field: FieldCompany, Value: "Google Cloud"}, {Kind: Word, Text: "outage"}}},
		{"field aliases", "cat:dns technology:MySQL language:fr list:danluu",
			[]Clause{{Kind: Field, Field: FieldCategory, Value: "dns"}, {Kind: Field, Field: FieldTechnology, Value: "MySQL"},
				{Kind: Field, Field: FieldLanguage, Value: "fr"}, {Kind: Field, Field: FieldSource, Value: "danluu"}}},
		{"year", "year:2017", []Clause{{Kind: Field, Field: FieldYear, YearFrom: 2017, YearTo: 2017}}},
		{"year range", "YEAR:2015..2019", []Clause{{Kind: Field, Field: FieldYear, YearFrom: 2015, YearTo: 2019}}},
		{"negation", "-dns -category:network -\"data loss\"", []Clause{
			{Kind: Word, Text: "dns", Negated: true},
			{Kind: Field, Field: FieldCategory, Value: "network", Negated: true},
			{Kind: Phrase, Text: "data loss", Negated: true}}},
		{"lone dash is punctuation", "mysql - failover --", []Clause{{Kind: Word, Text: "mysql"}, {Kind: Word, Text: "failover"}}},
		{"prefix", "mysq*", []Clause{{Kind: Prefix, Text: "mysq"}}},
		{"lone star", "*", nil},
		{"fuzzy", "kubernets~ postgress~2", []Clause{{Kind: Fuzzy, Text: "kubernets", Fuzziness: 1}, {Kind: Fuzzy, Text: "postgress", Fuzziness: 2}}},
		{"tilde inside is text", "a~b", []Clause{{Kind: Word, Text: "a~b"}}},
		{"quoted unknown field is text", `"error:timeout" https://x.io/a`, []Clause{{Kind: Phrase, Text: "error:timeout"}, {Kind: Word, Text: "https://x.io/a"}}},
		{"empty quotes skipped", `"" dns`, []Clause{{Kind: Word, Text: "dns"}}},
		// Text that is not clearly the language is words.
		{"unterminated quote", `mysql "split brain`, []Clause{{Kind: Word, Text: "mysql"}, {Kind: Word, Text: "split brain"}}},
		{"unknown field", "dns title:dns", []Clause{{Kind: Word, Text: "dns"}, {Kind: Word, Text: "title:dns"}}},
		{"field label", "Source: kubelet", []Clause{{Kind: Word, Text: "Source:"}, {Kind: Word, Text: "kubelet"}}},
		{"host prefix", "host:api.example.com timeout", []Clause{{Kind: Word, Text: "host:api.example.com"}, {Kind: Word, Text: "timeout"}}},
		{"parentheses", "(dns) bgp)", []Clause{{Kind: Word, Text: "dns"}, {Kind: Word, Text: "bgp"}}},
		{"stars inside words", "*sql my*sql /api/*/users", []Clause{{Kind: Word, Text: "sql"}, {Kind: Word, Text: "mysql"}, {Kind: Word, Text: "/api//users"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in, Options{Phrases: testPhrases})
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if !reflect.DeepEqual(got.Clauses, tc.want) {
				t.Errorf("Parse(%q):\ngot  %+v\nwant %+v", tc.in, got.Clauses, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
		pos            int
	}{
		{"parentheses grouping OR", "(dns OR bgp) outage", "parentheses do not group", 0},
		{"parentheses grouping NOT", "outage (NOT dns", "parentheses do not group", 7},
		{"OR at the start", "OR dns", "OR needs a word on each side", 0},
		{"OR at the end", "dns OR", "OR needs a word on each side", 6},
		{"OR with a filter", "dns OR company:x", "OR joins words and phrases", 16},
		{"unterminated field value", `company:"google`, "unterminated phrase", 8},
		{"empty quoted field", `company:"" dns`, "company: needs a value", 0},
		{"bad year", "year:abc", `year "abc" is not a year`, 0},
		{"short year", "year:17", `year "17" is not a year`, 0},
		{"year out of range", "year:1066", "out of range", 0},
		{"backwards range", "year:2019..2015", "runs backwards; write year:2015..2019", 0},
		{"open range", "year:2015..", `year "" is not a year`, 0},
		{"short prefix", "m*", "at least 2 characters", 0},
		{"fuzziness too high", "mysql~3", "fuzziness must be 1 or 2", 5},
		{"fuzzy too short", "db~", "at least 3 characters", 0},
		{"too long", strings.Repeat("a", MaxLength+1), "the limit is 1000", MaxLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.in, Options{})
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): got error %v, want a *query.Error", tc.in, err)
			}
			if !strings.Contains(qe.Msg, tc.want) {
				t.Errorf("Parse(%q): got message %q, want it to contain %q", tc.in, qe.Msg, tc.want)
			}
			if qe.Pos != tc.pos {
				t.Errorf("Parse(%q): got position %d, want %d", tc.in, qe.Pos, tc.pos)
			}
		})
	}
}

func TestStringRoundTrip(t *testing.T) {
	in := `mysql OR pg "split brain" -company:"Google Cloud" year:2015..2019 kube* postgress~2 -dns rm -rf`
	q, err := Parse(in, Options{Phrases: testPhrases})
	if err != nil {
		t.Fatal(err)
	}
	want := `mysql OR pg "split brain" -company:"Google Cloud" year:2015..2019 kube* postgress~2 -dns rm -rf`
	if got := q.String(); got != want {
		t.Fatalf("String: got %q, want %q", got, want)
	}
	again, err := Parse(q.String(), Options{Phrases: testPhrases})
	if err != nil || !reflect.DeepEqual(again, q) {
		t.Fatalf("reparse: got %+v (%v), want %+v", again, err, q)
	}
	if got := len(q.Positive()); got != 6 {
		t.Errorf("Positive: got %d clauses, want 6", got)
	}
}

// FuzzParse checks that Parse never panics, that every error is a *Error
// inside the input, and that a parsed query survives String and Parse
// again clause for clause, with and without protected phrases.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`mysql "split brain"`, "company:x -year:2015..2019", "kube* a~2", `-"x`, "rm -rf /", "é:\"",
		"year:20 cat:", "--", "*", "a~b~1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, opts := range []Options{{}, {Phrases: testPhrases}} {
			q, err := Parse(s, opts)
			if err != nil {
				var qe *Error
				if !errors.As(err, &qe) {
					t.Fatalf("Parse(%q): error %v is not a *Error", s, err)
				}
				if qe.Pos < 0 || qe.Pos > len(s) {
					t.Fatalf("Parse(%q): error position %d outside the input", s, qe.Pos)
				}
				continue
			}
			if len(q.String()) > MaxLength {
				continue // printing may lengthen a query ("a~" is "a~1") past what Parse takes
			}
			again, err := Parse(q.String(), opts)
			if err != nil {
				t.Fatalf("reparse of %q (from %q): %v", q.String(), s, err)
			}
			if !reflect.DeepEqual(again.Clauses, q.Clauses) {
				t.Fatalf("round trip of %q as %q (phrases %v):\ngot  %+v\nwant %+v", s, q.String(), opts.Phrases != nil, again.Clauses, q.Clauses)
			}
		}
	})
}

// TestParsePasted parses real pasted lines: each is words (and the known
// phrases), never an error.
func TestParsePasted(t *testing.T) {
	lines := []string{
		`dial tcp 10.0.0.1:5432: connect: connection refused (ECONNREFUSED)`,
		`FATAL:  remaining connection slots are reserved for non-replication superuser connections`,
		`psql: error: connection to server at "db.internal" (10.1.2.3), port 5432 failed: FATAL:  sorry, too many clients already`,
		`2024/03/01 12:00:01 [error] 1234#1234: *5678 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.5, server: api.example.com, request: "GET /v1/users HTTP/1.1", upstream: "http://10.0.1.7:8080/v1/users", host: "api.example.com"`,
		`Warning  FailedScheduling  3m (x12 over 15m)  default-scheduler  0/12 nodes are available: 12 Insufficient memory.`,
		`Back-off restarting failed container app in pod api-7d9f (ns: prod) reason=CrashLoopBackOff`,
		`Exception in thread "main" java.lang.OutOfMemoryError: Java heap space`,
		`	at com.example.db.Pool.acquire(Pool.java:142)`,
		`level=error msg="dial tcp: lookup registry-1.docker.io: i/o timeout`,
		`x509: certificate has expired or is not yet valid: current time 2024-05-01T00:00:01Z is after 2024-04-30T23:59:59Z`,
		`panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation]`,
		`curl: (6) Could not resolve host: files.example.org`,
	}
	for _, line := range lines {
		q, err := Parse(line, Options{Phrases: testPhrases})
		if err != nil {
			t.Errorf("Parse(%q): %v", line, err)
			continue
		}
		for _, c := range q.Clauses {
			if c.Kind == Field || c.Negated {
				t.Errorf("Parse(%q): clause %+v, want words only", line, c)
			}
		}
		if len(q.Clauses) == 0 {
			t.Errorf("Parse(%q): no clauses", line)
		}
	}
	// Past MaxClauses, the rest is left out.
	q, err := Parse(strings.Repeat("a ", MaxClauses+5), Options{})
	if err != nil || len(q.Clauses) != MaxClauses {
		t.Errorf("a long paste: got %d clauses (%v), want %d", len(q.Clauses), err, MaxClauses)
	}
}
