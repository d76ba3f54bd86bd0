package page

import "testing"

// TestInlineCodeParagraph checks that a log pasted between single
// backticks over several lines is read as code, while a paragraph that
// names a command in backticks stays prose.
func TestInlineCodeParagraph(t *testing.T) {
	body := "# Connections\n\n" +
		"We wrote a script to count the connections of each client.\n\n" +
		"`count_conns.py --log db.log.2\n[..]\nclient 10.0.0.1, open connections: 14\nclient 10.1.0.112, open connections: 3\nclient 192.0.2.7, open connections: 433`\n\n" +
		"Run `count_conns.py --log db.log` again after each restart of the pooler so the counts can be compared.\n"
	p, err := Read([]byte(body), "text/markdown", nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]Kind{}
	for _, b := range p.Blocks {
		if len(b.Text) > 8 {
			kinds[b.Text[:8]] = b.Kind
		}
	}
	for lead, want := range map[string]Kind{"We wrote": KindPara, "count_co": KindPre, "Run coun": KindPara} {
		got, ok := kinds[lead]
		if !ok {
			t.Errorf("no block opens with %q: %v", lead, kinds)
			continue
		}
		if got != want {
			t.Errorf("block %q: kind %v, want %v", lead, got, want)
		}
	}
}
