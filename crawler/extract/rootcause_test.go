package extract_test

import (
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestRootCausePicks checks which sentence the picker takes on short posts
// written for the purpose, in Markdown so that headings open sections.
func TestRootCausePicks(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"a stated cause beats an incidental due to",
			"On 3 May a deploy key was leaked from our CI and used to push to our mirror.\n\nThe vote on signing was postponed due to workflow concerns.\n",
			"deploy key was leaked"},
		{"a summary that says why beats a contributing factor",
			"## Summary\n\nDue to a missing log shipper, an unscheduled node rollover was triggered and killed the healthy nodes.\n\n## Contributing factors\n\n- QA config differs from production\n- No staging environment\n",
			"node rollover"},
		{"a known bug whose reason is unknown is still the cause",
			"## Root cause\n\nA bug in the hosted CI service stalled the pages build for an as yet unknown reason.\n\nThe provider is still looking into it.\n",
			"bug in the hosted CI"},
		{"a list introduced by a colon brings its first item",
			"## Root cause analysis\n\nThe outage resulted from two compounding factors:\n\n- A connection timeout cut from one second to 300 milliseconds during heavy load.\n- Retries without backoff.\n",
			"connection timeout"},
		{"a hypothetical is not the cause",
			"## What happened\n\nIn theory, a faulty hardware clock could move time forward by itself.\n\nThe server clock jumped nine months ahead because the time service trusted bad samples, which caused the outage.\n",
			"time service trusted bad samples"},
		{"how it was noticed is a symptom, not the cause",
			"## Summary\n\nA spike in build load hit the disk throttling limits of the nodes.\n\n## Root cause\n\nEach node has small disks, and small disks get few IO operations per second.\n\n## Detection\n\nUsers reported failed jobs. This behaviour was caused by pods exiting before they uploaded their results.\n",
			"small disks"},
		{"french",
			"## Résumé\n\nLes tâches ne tournaient plus depuis vendredi.\n\n## Analyse\n\nLe blocage s'explique par une condition de sortie mal placée dans la boucle du worker.\n",
			"condition de sortie"},
	}
	ex := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ex.Extract(extract.Input{ContentType: "text/markdown", Body: []byte("# Incident\n\n" + tt.doc)})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.RootCause, tt.want) {
				t.Errorf("got root cause %q, want the sentence with %q", a.RootCause, tt.want)
			}
		})
	}
}
