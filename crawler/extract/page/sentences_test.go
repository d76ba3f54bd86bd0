package page

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"an English month abbreviation", "It broke on Sept. 4 at noon. We fixed it.", []string{"It broke on Sept. 4 at noon.", "We fixed it."}},
		{"a French month abbreviation", "Panne le 12 avr. 2024 à midi. Tout est rétabli.", []string{"Panne le 12 avr. 2024 à midi.", "Tout est rétabli."}},
		{"a French stamp on its own line", "Le service fonctionne.\n3 févr. 2024 - 01:10 CET", []string{"Le service fonctionne.", "3 févr. 2024 - 01:10 CET"}},
		{"lower-case prose", "the queue backed up around noon. nobody was paged! why? the alert had been muted.",
			[]string{"the queue backed up around noon.", "nobody was paged!", "why?", "the alert had been muted."}},
		{"lower-case prose keeps its abbreviations", "we bumped the pool, e.g. from ten to forty. the api, i.e. the gateway, held up. more workers vs. bigger ones was the question. approx. half the jobs, cf. the graph, etc. were retried. then it settled.",
			[]string{"we bumped the pool, e.g. from ten to forty.", "the api, i.e. the gateway, held up.", "more workers vs. bigger ones was the question.", "approx. half the jobs, cf. the graph, etc. were retried.", "then it settled."}},
		{"lower-case prose keeps versions, file names and numbers", "we moved to v1.2. it read config.yaml. the node.js worker saw 3. four retries failed. see https://status.example.org/x. ok.",
			[]string{"we moved to v1.2. it read config.yaml. the node.js worker saw 3. four retries failed.", "see https://status.example.org/x. ok."}},
		{"lower-case prose keeps ellipses and initials", "the disk filled... slowly at first. plan b. was ready. it held.",
			[]string{"the disk filled... slowly at first.", "plan b. was ready.", "it held."}},
		{"French lower-case prose", "la file a débordé vers midi. p.ex. le worker env. trois fois plus lent. ex. la base. on a redémarré.",
			[]string{"la file a débordé vers midi.", "p.ex. le worker env. trois fois plus lent.", "ex. la base.", "on a redémarré."}},
		{"French lower-case prose with a title", "on a appelé M. dupont. il a relancé le service. tout est revenu.",
			[]string{"on a appelé M. dupont.", "il a relancé le service.", "tout est revenu."}},
		{"capitalised prose keeps an unknown abbreviation", "The vendor, Acme Corp. and two partners, shipped it. We saw it.",
			[]string{"The vendor, Acme Corp. and two partners, shipped it.", "We saw it."}},
		{"capitalised prose keeps a lower-case word after a stop", "Our CDN is Fastly. it was fine. We checked the origin. The origin was down. Then we failed over.",
			[]string{"Our CDN is Fastly. it was fine.", "We checked the origin.", "The origin was down.", "Then we failed over."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SplitSentences(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
