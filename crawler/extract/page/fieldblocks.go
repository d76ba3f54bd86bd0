package page

import "strings"

// fieldBlocks are the blocks a record's front matter says in prose, put
// before its body under the headings the sections know: its cause under
// "Root cause", its impact under "Impact"; and, for a record with no body
// at all (a status alert that is all fields), its description. A record
// that is only fields is read like a short post.
func fieldBlocks(m Meta, bodyEmpty bool) []Block {
	var out []Block
	if bodyEmpty && m.Description != "" {
		out = append(out, Block{Kind: KindPara, Text: m.Description})
	}
	for _, f := range []struct{ heading, text string }{{"Root cause", m.Cause}, {"Impact", m.Impact}} {
		if f.text != "" {
			out = append(out, Block{Kind: KindHeading, Level: 2, Text: f.heading}, Block{Kind: KindPara, Text: f.text})
		}
	}
	return out
}

// oneWord reports whether a field's value is a single word or empty: a
// level ("major"), not prose.
func oneWord(s string) bool { return len(strings.Fields(s)) < 2 }
