package rootcause

import (
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

func TestNarrativeRoles(t *testing.T) {
	tests := []struct {
		name, text string
		fn         func(*page.Sentence) bool
		want       bool
	}{
		{"describes: how a service works", "The billing worker reads invoices from a queue and writes them to the ledger.", Describes, true},
		{"describes: present passive", "Session tokens are stored in a shared cache that is configured per region.", Describes, true},
		{"describes: French present", "Les commandes sont envoyées au transporteur par un service qui tourne toutes les minutes.", Describes, true},
		{"describes: not a past event", "The billing worker was reading invoices from the wrong queue.", Describes, false},
		{"describes: not an -ed verb", "The nightly job deleted every row that is older than a week.", Describes, false},
		{"describes: not French imperfect", "Le cache grossissait sans limite car les entrées ne sont jamais supprimées.", Describes, false},
		{"describes: not French perfect", "L'équipe a supprimé la règle qui est utilisée par le pare-feu.", Describes, false},
		// Round 2026-12-07, written before the verb lists grew: how a system works, as a root-cause part opens.
		{"describes: renders", "The invoicing service renders each statement with a headless browser.", Describes, true},
		{"describes: requires", "Every wildcard certificate requires a DNS challenge that the renewal job answers.", Describes, true},
		{"describes: generates", "A nightly job generates the routing table from the inventory database.", Describes, true},
		{"describes: processes", "The ingest tier processes uploads in batches and acknowledges each batch once stored.", Describes, true},
		{"describes: creates", "The scheduler creates one pod per tenant and deletes it when the tenant goes idle.", Describes, true},
		{"describes: forwards", "Each edge node forwards cache misses to the nearest origin shield.", Describes, true},
		{"describes: relies on a timer", "The lock manager expects a heartbeat every five seconds from each holder.", Describes, true},
		{"describes: French repose", "Notre passerelle de paiement repose sur deux fournisseurs qui se partagent le trafic.", Describes, true},
		{"describes: French génère", "Le service de facturation génère les PDF à partir de modèles stockés dans un dépôt Git.", Describes, true},
		{"describes: French fonctionne", "La réplication fonctionne en mode asynchrone entre les deux sites.", Describes, true},
		{"describes: French reçoit", "Chaque nœud reçoit sa configuration du serveur central au démarrage.", Describes, true},
		{"describes: French définit", "Un fichier YAML définit les poids de chaque région pour le routage.", Describes, true},
		{"describes: not a narrated change", "The new release generated duplicate keys for every tenant.", Describes, false},
		{"describes: not a French narration", "Le script a créé un second index sur la table des commandes.", Describes, false},
		// Round 2026-12-07, written before Points existed: a sentence that points at the cause told next.
		{"points: the problem is what", "The problem is what the scheduler did when the queue emptied.", Points, true},
		{"points: the issue was how", "The real issue was how the client handled a closed connection.", Points, true},
		{"points: here is what happened", "Here is what actually happened.", Points, true},
		{"points: this is where", "This is where things went wrong.", Points, true},
		{"points: that's where", "That's where the second bug came in.", Points, true},
		{"points: what broke was", "What broke was the way retries were counted.", Points, true},
		{"points: French voici ce qui", "Voici ce qui s'est réellement passé.", Points, true},
		{"points: French le problème, c'est ce que", "Le problème, c'est ce que le proxy faisait des en-têtes vides.", Points, true},
		{"points: French c'est là que", "C'est là que tout a basculé.", Points, true},
		{"points: French le souci venait de la façon", "Le vrai souci était la façon dont le client relançait ses requêtes.", Points, true},
		{"points: not a stated problem", "The problem was that the certificate had expired on the gateway.", Points, false},
		{"points: not a plain cause", "The scheduler dropped every job whose queue emptied during a deploy.", Points, false},
		{"points: not a French stated problem", "Le problème venait d'un index manquant sur la table des commandes.", Points, false},
		{"announces: identified and deploying", "We've found the cause of the login errors and are deploying a fix.", Announces, true},
		{"announces: provider reports", "Our hosting provider reports that the underlying issue has been mitigated.", Announces, true},
		{"announces: French", "Nous avons identifié l'origine du problème et déployons un correctif.", Announces, true},
		{"announces: not when it says what", "We have identified the cause as a expired certificate on the gateway.", Announces, false},
		{"announces: not a plain cause", "A retry loop in the client flooded the API with requests.", Announces, false},
		{"denies: was not the cause", "The new load balancer was not the cause, as traffic never reached it.", DeniesCause, true},
		{"denies: not the case", "The network was quickly determined to not be the case.", DeniesCause, true},
		{"denies: ruled out", "We ruled out the network after checking packet loss on every link.", DeniesCause, true},
		{"denies: French", "Aucune opération manuelle n'était à l'origine de la coupure.", DeniesCause, true},
		{"denies: not a stated cause", "The outage was caused by a full disk on the primary.", DeniesCause, false},
		{"sums: tl;dr", "tl;dr: a expired token stopped every backup for a week.", Sums, true},
		{"sums: French", "En bref, une règle de pare-feu trop large a bloqué les paiements.", Sums, true},
		{"sums: the short version", "Here is the short version: a cron job deleted the wrong bucket.", Sums, true},
		{"sums: French short answer", "La réponse courte : un certificat expiré sur la passerelle.", Sums, true},
		{"sums: not a plain sentence", "In the short term we paused the deploys.", Sums, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := page.Sentence{Text: tc.text}
			if got := tc.fn(&s); got != tc.want {
				t.Errorf("got %v, want %v for %q", got, tc.want, tc.text)
			}
		})
	}
}

func TestNamesCode(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"The pool size stayed at max_conns 20 after the upgrade.", true},
		{"The new release set retryLimit to zero in the client.", true},
		{"The flag cache.ttl=0 turned the cache off.", true},
		{"The installer wrote to /var/lib/queue/spool on the root disk.", true},
		{"PostgreSQL on GitHub runners was slower than usual.", false},
		{"Customers saw errors for 40 minutes and/or timeouts.", false},
		{"We rolled back at 14:10 and traffic recovered.", false},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if got := namesCode(tc.text); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
