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
		{"a cause in plain narrative, no cue phrase",
			"Our checkout was down for an hour on Tuesday afternoon and customers saw errors.\n\nThe new release moved the health check to another path. The load balancer still probed the old path, which now returned 404, so it took every server out of rotation.\n\nWe rolled back at 15:10 and checkout recovered.\n",
			"still probed the old path"},
		{"the last of the five whys",
			"## Five whys\n\n1. Why did writes fail? The production primary was demoted.\n2. Why was it demoted? A DBA failed it over from the console.\n3. Why that cluster? The console lists the most recently viewed cluster first and the two names differ in three letters.\n",
			"most recently viewed cluster"},
		{"the author's root cause heading",
			"## Summary\n\nOn March 4 at 22:47 UTC an operator ran a command against the production database instead of staging, and reports were down for nine hours.\n\n## Root cause\n\nHuman error: the operator had two terminal sessions open with the same prompt.\n",
			"two terminal sessions"},
		{"french",
			"## Résumé\n\nLes tâches ne tournaient plus depuis vendredi.\n\n## Analyse\n\nLe blocage s'explique par une condition de sortie mal placée dans la boucle du worker.\n",
			"condition de sortie"},
		{"a root-cause part that opens by telling how things work",
			"## Summary\n\nInvoices were not sent for two days.\n\n## Root cause\n\nThe mailer reads pending invoices from a queue and sends them in batches of fifty.\n\nLast week a cleanup script deleted the queue's consumer group, and nothing recreated it, so the mailer never read another message.\n",
			"cleanup script deleted"},
		{"a status update that announces the cause is not the cause",
			"## Update\n\nWe've identified the cause of the failed logins and are deploying a fix.\n\n## What happened\n\nThe session store ran out of memory after a change removed the expiry from session keys.\n",
			"removed the expiry"},
		{"a denied cause is not the cause",
			"## Analysis\n\nThe new firewall rules were not the cause, since traffic never reached them.\n\nThe gateway had kept an old certificate in memory after the renewal, and clients rejected it once the old one expired.\n",
			"old certificate in memory"},
		{"a consequence is not the cause",
			"## Root cause\n\nThe retry policy had no backoff and no cap on attempts. So every failed request was retried at once and the database, already slow, was flooded by the retries.\n",
			"no backoff"},
		{"what happened to the issue is not its cause",
			"## Timeline and cause\n\nThe issue was reported by a customer on Monday morning.\n\nA feature flag meant for the beta group had been switched on for everyone, and the new code path sent every order twice.\n",
			"feature flag"},
		{"a resolution sentence is not the cause",
			"Our storage cluster went offline for an hour on Sunday.\n\nA firmware update pushed to the disk controllers in March had left the write cache disabled, so every node slowed down under the weekly backup and fell out of the cluster.\n\nMost nodes came back once the backup was paused, but two of them needed a manual repair.\n",
			"write cache disabled"},
		{"a reassurance or a search for the cause is not the cause",
			"## Analysis\n\nNo customer data was exposed. The first error message hid the real cause.\n\nThe upload service had been given a read-only role by the new deploy template, so every write to the bucket failed.\n",
			"read-only role"},
		{"a question heads its answer, it does not state the cause",
			"## Root cause\n\nWhy did the deploy job push the staging secrets to production?\n\nThe job read its target from a variable that the new runner image no longer set, and it fell back to the first environment in the list.\n",
			"no longer set"},
		{"a search for the cause, in French",
			"## Analyse\n\nJe continue de chercher pour comprendre l'origine de la coupure.\n\nLe serveur de files a saturé son disque, car les journaux n'étaient jamais purgés.\n",
			"jamais purgés"},
		{"french: a denied cause and a status update",
			"## Analyse\n\nAucune intervention manuelle n'était à l'origine de la coupure. Nous avons identifié le problème et déployons un correctif.\n\nLe disque du serveur de files était plein, car les journaux n'étaient jamais purgés.\n",
			"journaux n'étaient jamais purgés"},
		{"a timeline row that names the root cause beats a cause part that sets the scene",
			"## Timeline\n\n- 2024-03-02: The billing job fails again with the same error.\n- 2024-03-04: The root cause was finally found to be a retry loop in the invoice exporter that never released its database connections.\n\n## Response\n\nWe added memory graphs and watched the exporter for a day.\n\n## Cause\n\nOur exporter runs once per tenant and opens a connection for each run. We size the pool for the busiest hour, because tenants rarely run at the same time.\n",
			"retry loop in the invoice exporter"},
		{"french: a timeline row that names the root cause",
			"## Chronologie\n\n- 10h05 : les paiements échouent de nouveau.\n- 11h40 : la cause racine est enfin identifiée : un certificat intermédiaire absent du nouveau magasin de clés.\n\n## Cause\n\nLe service de paiement appelle la banque à chaque commande. Les appels passent par un proxy, car le réseau de la banque filtre les adresses.\n",
			"certificat intermédiaire absent"},
		{"a timeline row that only suspects a cause does not",
			"## Timeline\n\n- 09:10 Root cause suspected: the cache.\n\n## Root cause\n\nA config push set the cache size to zero, so every request went to the database.\n",
			"cache size to zero"},
		{"a finding that only fits a cause is not the cause",
			"## Investigation findings\n\nThe node's image reported no version and was larger than the one the other nodes ran.\n\nThe crash logs are consistent with a race in the scheduler triggered by a lease renewal during the upgrade.\n\n## Root cause\n\nThe outage was caused by a faulty image from the download mirror, whose build skipped a migration.\n",
			"faulty image"},
		{"french: a finding that only fits a cause is not the cause",
			"## Analyse\n\nLes journaux du nœud sont compatibles avec une course dans l'ordonnanceur déclenchée par un renouvellement de bail.\n\n## Cause racine\n\nLe nœud a installé une image défectueuse depuis le miroir, car la compilation avait sauté une migration.\n",
			"image défectueuse"},
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
