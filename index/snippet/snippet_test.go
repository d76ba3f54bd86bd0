package snippet

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

func TestOf(t *testing.T) {
	an := bleve.NewIndexMapping().AnalyzerNamed(en.AnalyzerName)
	synonyms := func(w string) []string {
		if w == "cert" {
			return []string{"certificate"}
		}
		return nil
	}
	long := strings.Repeat("Nothing to see in this paragraph. ", 40) + "Then the leap second arrived and Java spun. " + strings.Repeat("Filler. ", 40)
	tests := []struct {
		name                  string
		words                 []string
		rc, summary, body     string
		want                  []string
		wantPrefix, wantNotIn string
	}{
		{"marks stems as written, escaped", []string{"promoting"}, `The <b>tool</b> promoted a replica & more`, "", "",
			[]string{"<mark>promoted</mark>", "&lt;b&gt;", "&amp;"}, "", "<b>"},
		{"a synonym is marked", []string{"cert"}, "", "The certificate expired.", "", []string{"<mark>certificate</mark>"}, "", ""},
		{"a passage of a long body", []string{"leap", "java"}, "", "", long, []string{"<mark>leap</mark>", "<mark>Java</mark>"}, "…", ""},
		{"no match: the summary's start", []string{"zebra"}, "Root cause.", "Summary first.", "Body.", nil, "Summary first.", "<mark>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Of(an, NewTerms(an, tc.words, synonyms), tc.rc, tc.summary, tc.body)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to hold %q", got, w)
				}
			}
			if !strings.HasPrefix(got, tc.wantPrefix) {
				t.Errorf("got %q, want it to start with %q", got, tc.wantPrefix)
			}
			if tc.wantNotIn != "" && strings.Contains(got, tc.wantNotIn) {
				t.Errorf("got %q, want no %q", got, tc.wantNotIn)
			}
			if len(got) > 2*Len {
				t.Errorf("got %d bytes, want at most %d", len(got), 2*Len)
			}
		})
	}
}
