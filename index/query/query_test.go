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
		{"unterminated phrase", `mysql "split brain`, "unterminated phrase", 6},
		{"unknown field", "dns title:dns", `unknown field "title"; fields are company`, 4},
		{"unknown field foo", "foo:bar", `unknown field "foo"`, 0},
		{"open parenthesis", "(dns", "parentheses are not supported", 0},
		{"close parenthesis", "dns bgp)", "parentheses are not supported", 4},
		{"OR at the start", "OR dns", "OR needs a word on each side", 0},
		{"OR at the end", "dns OR", "OR needs a word on each side", 6},
		{"OR with a filter", "dns OR company:x", "OR joins words and phrases", 16},
		{"unterminated field value", `company:"google`, "unterminated phrase", 8},
		{"empty field", "company: dns", "company: needs a value", 0},
		{"bad year", "year:abc", `year "abc" is not a year`, 0},
		{"short year", "year:17", `year "17" is not a year`, 0},
		{"year out of range", "year:1066", "out of range", 0},
		{"backwards range", "year:2019..2015", "runs backwards; write year:2015..2019", 0},
		{"open range", "year:2015..", `year "" is not a year`, 0},
		{"leading wildcard", "*sql", "may only end a word", 0},
		{"inner wildcard", "my*sql", "may only end a word", 2},
		{"short prefix", "m*", "at least 2 characters", 0},
		{"fuzziness too high", "mysql~3", "fuzziness must be 1 or 2", 5},
		{"fuzzy too short", "db~", "at least 3 characters", 0},
		{"too long", strings.Repeat("a", MaxLength+1), "the limit is 1000", MaxLength},
		{"too many clauses", strings.Repeat("a ", MaxClauses+1), "too many terms", 2*(MaxClauses+1) - 1},
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
// inside the input, and that a parsed query survives String and Parse again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`mysql "split brain"`, "company:x -year:2015..2019", "kube* a~2", `-"x`, "rm -rf /", "é:\"",
		"year:20 cat:", "--", "*", "a~b~1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, Options{Phrases: testPhrases})
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %v is not a *Error", s, err)
			}
			if qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("Parse(%q): error position %d outside the input", s, qe.Pos)
			}
			return
		}
		again, err := Parse(q.String(), Options{Phrases: testPhrases})
		if err != nil {
			t.Fatalf("reparse of %q (from %q): %v", q.String(), s, err)
		}
		if !reflect.DeepEqual(again.Clauses, q.Clauses) {
			t.Fatalf("round trip of %q:\ngot  %+v\nwant %+v", s, again.Clauses, q.Clauses)
		}
	})
}
