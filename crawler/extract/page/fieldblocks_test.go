package page

import (
	"strings"
	"testing"
)

// TestRecordFieldsAreRead checks that a record's prose fields are read as
// the post's text under the sections they name, and that a record that is
// only fields is a page, not an empty one.
func TestRecordFieldsAreRead(t *testing.T) {
	doc := "---\nstatus: Resolved\ntype: Issue\nstart_date: 2023-02-03 05:10:00\nend_date: 2023-02-03 08:00:00\n" +
		"scope: Login nodes unreachable, batch jobs kept running\nimpact: Users could not log in for three hours\n" +
		"reason: A core router lost its configuration after a firmware update\nseverity: major\n---\n"
	p, err := Read([]byte(doc), "text/markdown", nil)
	if err != nil {
		t.Fatal(err)
	}
	secs := AssignSections(p.Blocks)
	var cause, impact string
	for i, b := range p.Blocks {
		switch {
		case b.Kind == KindPara && strings.Contains(b.Text, "router"):
			cause = secs[i]
		case b.Kind == KindPara && strings.Contains(b.Text, "log in"):
			impact = secs[i]
		}
	}
	if cause != "root_cause" || impact != "impact" {
		t.Errorf("the reason sits in section %q and the impact in %q, want root_cause and impact; blocks %+v", cause, impact, p.Blocks)
	}
	if !strings.Contains(JoinBlocks(p.Blocks), "batch jobs kept running") {
		t.Errorf("the scope is not read: %q", JoinBlocks(p.Blocks))
	}
	if strings.Contains(JoinBlocks(p.Blocks), "major") {
		t.Errorf("a one-word level is read as prose: %q", JoinBlocks(p.Blocks))
	}
}
