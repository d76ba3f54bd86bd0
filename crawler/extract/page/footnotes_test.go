package page

import (
	"strings"
	"testing"
)

// TestFootnotesLeftOut reads footnotes as Markdown renderers write them:
// the notes and the marks in the text are not the post's text, in
// Markdown as in the HTML kramdown and Hugo publish.
func TestFootnotesLeftOut(t *testing.T) {
	tests := []struct {
		name, body, contentType string
	}{
		{"markdown",
			"# Outage\n\nThe user took no other action in the 30 days[^retention] before the report.\n\n[^retention]: Our logs keep thirty days of history.\n",
			"text/markdown"},
		{"kramdown html",
			`<html><body><article><h1>Outage</h1><p>The user took no other action in the 30 days<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup> before the report.</p>` +
				`<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1"><p>Our logs keep thirty days of history. <a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li></ol></div></article></body></html>`,
			"text/html"},
		{"hugo html",
			`<html><body><main><h1>Outage</h1><p>The user took no other action in the 30 days<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup> before the report.</p>` +
				`<section class="footnotes" role="doc-endnotes"><hr><ol><li id="fn:1"><p>Our logs keep thirty days of history.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p></li></ol></section></main></body></html>`,
			"text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Read([]byte(tt.body), tt.contentType, nil)
			if err != nil {
				t.Fatal(err)
			}
			text := JoinBlocks(p.Blocks)
			if !strings.Contains(text, "in the 30 days before the report.") {
				t.Errorf("the sentence lost its words or kept its mark:\n%s", text)
			}
			if strings.Contains(text, "thirty days of history") || strings.Contains(text, "retention") {
				t.Errorf("the footnote is read as the post's text:\n%s", text)
			}
		})
	}
}
