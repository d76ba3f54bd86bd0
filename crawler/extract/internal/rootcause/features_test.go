package rootcause

import (
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

func sentences(t *testing.T, md string) []page.Sentence {
	t.Helper()
	p, err := page.Read([]byte(md), "text/markdown", nil)
	if err != nil {
		t.Fatal(err)
	}
	return page.Sentences(p.Blocks, page.AssignSections(p.Blocks))
}

func TestEligible(t *testing.T) {
	sents := sentences(t, "## Summary\n\n**Sev:** 1 · **Duration:** 27 min · **Owner:** platform\n\n```\nERROR connection refused to db-1 after 3 retries\n```\n\nThe cache kept a pointer to every expired session.\n")
	var got []string
	for i := range sents {
		if Eligible(&sents[i]) {
			got = append(got, sents[i].Text)
		}
	}
	if len(got) != 1 || got[0] != "The cache kept a pointer to every expired session." {
		t.Errorf("got eligible %q, want only the sentence (not the heading, the fields or the log)", got)
	}
}

func TestWhyDepth(t *testing.T) {
	sents := sentences(t, "## Five whys\n\n1. Why did writes fail? The primary was demoted.\n2. Why was it demoted? A DBA failed it over by hand.\n3. Why that cluster? The dropdown put it first.\n")
	d := WhyDepth(sents)
	var last, first float64
	for i, v := range d {
		switch sents[i].Text {
		case "The primary was demoted.":
			first = v
		case "The dropdown put it first.":
			last = v
		}
	}
	if last != 1 || first <= 0 || first >= last {
		t.Errorf("got depth %.2f for the first answer and %.2f for the last, want the last deepest (1)", first, last)
	}
}

func TestFeaturesSections(t *testing.T) {
	sents := sentences(t, "## Root cause\n\nThe migration did not copy the time zone, so every schedule ran in UTC.\n\n## Action items\n\nWe will add a test for time zones.\n")
	fs, ok := Features(sents, Context{})
	for i, s := range sents {
		switch s.Text {
		case "The migration did not copy the time zone, so every schedule ran in UTC.":
			if !ok[i] || fs[i][fSecRootCause] != 1 || fs[i][fHeadCause] != 1 || fs[i][fNegation] != 1 || fs[i][fMechanism] != 1 {
				t.Errorf("root-cause sentence: got %v, want root-cause section and heading, negation and mechanism", fs[i])
			}
		case "We will add a test for time zones.":
			if fs[i][fSecAction] != 1 || fs[i][fPlan] != 1 {
				t.Errorf("action item: got %v, want action section and plan", fs[i])
			}
		}
	}
}

// TestTrainPrefersWhatPositivesHave trains on posts where the cause is
// always the sentence with a negation, and checks the model learned it.
func TestTrainPrefersWhatPositivesHave(t *testing.T) {
	var exs []Example
	for range 20 {
		var e Example
		for i := range 5 {
			var x [numFeatures]float64
			x[fSymptom] = 1
			if i == 2 {
				x[fNegation], x[fSymptom] = 1, 0
			}
			e.X, e.Rules, e.Pos = append(e.X, x), append(e.Rules, 0), append(e.Pos, i == 2)
		}
		exs = append(exs, e)
	}
	m := Train(exs, 0, 200, 0.001)
	if m.Weights[fNegation] <= m.Weights[fSymptom] {
		t.Errorf("got negation %.2f, symptom %.2f: want negation weighed more", m.Weights[fNegation], m.Weights[fSymptom])
	}
	if again := Train(exs, 0, 200, 0.001); again != m {
		t.Error("got different weights from the same examples, want the same")
	}
	if l := Loss(&m, exs); l > 0.5 {
		t.Errorf("got loss %.2f, want below 0.5", l)
	}
}
