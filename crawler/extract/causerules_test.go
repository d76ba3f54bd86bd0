package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

// TestNamedCauses checks the sentences of testdata/phrasings-cause.txt:
// a post that names its cause as such ("the cause was", "la cause était")
// is read as a named root cause, and one that only denies, seeks or does
// not know it is not.
func TestNamedCauses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "phrasings-cause.txt"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		kind, text, ok := strings.Cut(line, "|")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		sents := []page.Sentence{{Text: text}}
		got := penalized(&sents[0], classify.CueScores(sents)[0])
		switch kind {
		case "cause":
			if got < statedCue {
				t.Errorf("%q: got score %.2f, want at least %d (a stated cause)", text, got, statedCue)
			}
		case "not":
			if got >= statedCue {
				t.Errorf("%q: got score %.2f, want under %d (no cause given)", text, got, statedCue)
			}
		default:
			t.Errorf("%q: unknown kind %q", text, kind)
		}
	}
	if n < 15 {
		t.Errorf("got %d sentences, want at least 15", n)
	}
}

// TestNamesRootCause checks which sentences state what the root cause is,
// and so keep their weight in a timeline or a response part: those that
// equate something with the root cause, not those that only suspect,
// seek, doubt or rule one out.
func TestNamesRootCause(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"2024-03-04: The root cause was finally found to be a retry loop that never released its connections.", true},
		{"In the end a lock held by the nightly report turned out to be the root cause.", true},
		{"The underlying cause is a missing index on the orders table.", true},
		{"11h40 : la cause racine est enfin identifiée, un certificat absent du magasin de clés.", true},
		{"09:10 Root cause suspected: the cache.", false},
		{"At that point the root cause was still unknown.", false},
		{"The new firewall was not the root cause.", false},
		{"We kept looking for the root cause all night.", false},
		{"Identification de la cause à 9h20 grâce aux journaux.", false},
		{"The change was identified as the likely cause at 09:20.", false},
	}
	for _, tt := range tests {
		sents := []page.Sentence{{Text: tt.text}}
		if got := namesRootCause(&sents[0]); got != tt.want {
			t.Errorf("namesRootCause(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestHedges checks that a finding that only fits a cause is weighed down,
// and a stated cause is not.
func TestHedges(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"The crash logs are consistent with a race in the scheduler.", true},
		{"The timing suggests that the lease renewal raced with the restart.", true},
		{"Les journaux sont compatibles avec une course dans l'ordonnanceur.", true},
		{"The race in the scheduler was triggered by a lease renewal.", false},
		{"We kept the format consistent across regions.", false},
	}
	for _, tt := range tests {
		if got := hedges.MatchString(strings.ToLower(tt.text)); got != tt.want {
			t.Errorf("hedges(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestSeeks checks that a sentence that only looks for its cause is told
// apart from one that goes on to say what the cause was.
func TestSeeks(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"The first error message hid the real cause.", true},
		{"We spent the evening trying to determine the exact cause of the slowdown.", true},
		{"Afterwards we went on to analyse the cause of the intrusion, how the attacker got in and which hosts were touched.", true},
		{"L'équipe est toujours en train de rechercher la cause.", true},
		{"Nous cherchons encore à comprendre la cause du redémarrage.", true},
		{"Rolling the change back did not solve the root cause of the slowdown.", true},
		{"Il faudra encore comprendre l'origine de la coupure.", true},
		{"We fixed the cause: a stale route in the load balancer.", false},
		{"We worked to identify the cause of the outage, which was a stale route in the load balancer.", false},
		{"Tracking down the cause of the slowdown, we found that the cache was cold.", false},
		{"The cause of the outage was a stale route.", false},
	}
	for _, tt := range tests {
		if got := seeks(tt.text); got != tt.want {
			t.Errorf("seeks(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestSaysNoCause checks that sentences that say the cause was not found,
// or only that the issue was looked into, are weighed down as causes.
func TestSaysNoCause(t *testing.T) {
	for _, text := range []string{
		"We could not determine the exact cause of the restart.",
		"Aucun journal ne nous a permis de remonter à la source du problème.",
		"Je continue de chercher pour comprendre ce qui s'est passé.",
		"The issue was investigated and fixed.",
		"Nous n'avons pas pu identifier la cause exacte.",
	} {
		s := page.Sentence{Text: text}
		if got := penalized(&s, 1); got >= 1 {
			t.Errorf("penalized(%q) = %.2f, want under 1", text, got)
		}
	}
}
