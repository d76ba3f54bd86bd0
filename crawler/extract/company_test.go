package extract

import (
	"testing"

	"github.com/pmkb/pmkb/crawler/extract/page"
	"github.com/pmkb/pmkb/data"
)

func TestReservedHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"synthetic.invalid", true},
		{"blog.acme.test", true},
		{"localhost", true},
		{"app.localhost", true},
		{"127.0.0.1", true},
		{"::1", true},
		{"example.com", true},
		{"engineering.example.org", true},
		{"blog.acme.example", false}, // our fixtures' stand-in for a company's domain
		{"acme.io", false},
		{"testing.io", false},
	} {
		t.Run(tc.host, func(t *testing.T) {
			if got := reservedHost(tc.host); got != tc.want {
				t.Errorf("reservedHost(%q) = %v, want %v", tc.host, got, tc.want)
			}
		})
	}
}

func TestTenantOf(t *testing.T) {
	for _, tc := range []struct {
		host, path       string
		tenant, platform string
	}{
		{"github.com", "/acme-org/postmortems/blob/main/2024.md", "acme-org", "github.com"},
		{"github.com", "/orgs/acme", "", "github.com"},
		{"medium.com", "/@jane/outage-1234", "jane", "medium.com"},
		{"acme.github.io", "/2024/outage", "acme", "github.io"},
		{"status.acme.statuspage.io", "/", "acme", "statuspage.io"},
		{"blog.acme.io", "/outage", "", ""},
	} {
		t.Run(tc.host+tc.path, func(t *testing.T) {
			tenant, platform := tenantOf(tc.host, tc.path)
			if tenant != tc.tenant || platform != tc.platform {
				t.Errorf("tenantOf(%q, %q) = %q, %q, want %q, %q", tc.host, tc.path, tenant, platform, tc.tenant, tc.platform)
			}
		})
	}
}

func TestResolveCompany(t *testing.T) {
	g := data.Gazetteer{Technologies: []data.Technology{{Name: "PostgreSQL", Aliases: []string{"postgres"}}, {Name: "Kubernetes"}}}
	d := data.Domains{Companies: map[string]string{"gitlab.com": "GitLab", "statuspage.io": "Atlassian", "github.com/rust-lang": "Rust Project", "cloudflare.com": "Cloudflare"}}
	c := newCompanyResolver(g, d)
	para := func(texts ...string) page.Page {
		var p page.Page
		for _, s := range texts {
			p.Blocks = append(p.Blocks, page.Block{Kind: page.KindPara, Text: s})
		}
		return p
	}
	for _, tc := range []struct {
		name, list, url string
		p               page.Page
		want            string
	}{
		{"list link text first", "Acme", "https://github.com/other/repo", para("Widgetly's API failed."), "Acme"},
		{"site name", "", "https://blog.example.org/x", page.Page{SiteName: "Acme Engineering", Blocks: para("x").Blocks}, "Acme Engineering"},
		{"platform site name ignored", "", "https://medium.com/acme-eng/x", page.Page{SiteName: "Medium", Blocks: para("At Acme we run things.").Blocks}, "Acme"},
		{"table", "", "https://github.com/rust-lang/blog/x.md", para("x"), "Rust Project"},
		{"host label", "", "https://blog.widgetly.io/outage", para("Our database failed."), "Widgetly"},
		{"host spelled as the page does", "", "https://chia-network.example/x", para("Chia Network lost blocks."), "Chia Network"},
		{"github org", "", "https://github.com/dfds/postmortems/blob/main/x.md", para("The DFDS platform team saw errors."), "DFDS"},
		{"github org suffix dropped", "", "https://github.com/2i2c-org/reports/blob/main/x.md", para("A hub ran out of memory."), "2i2c"},
		{"a product repository the page names, its account never written", "", "https://github.com/zentalabs/quarrydb/blob/main/pm/003.md", para("QuarryDB's staging instance ran out of memory.", "We restarted quarrydb twice."), "QuarryDB"},
		{"a one-letter account names nobody", "", "https://github.com/x/tools/blob/main/pm.md", para("Our staging instance ran out of memory."), ""},
		{"a generic repository name is no company", "", "https://github.com/zentalabs/postmortems/blob/main/pm/003.md", para("The postmortems of the team.", "Our staging instance ran out of memory."), "Zentalabs"},
		{"a -pro account spelled as the page does", "", "https://github.com/Verdigo-pro/front/blob/main/pm/x.md", para("Verdigo validators missed blocks.", "The Verdigo team restarted them."), "Verdigo"},
		{"an account with a generic part joined, spelled as the page does", "", "https://github.com/verdigoio/status/blob/main/content/x.md", para("Verdigo's mail server was down.", "The Verdigo team moved it."), "Verdigo"},
		{"a joined part that belongs to the name stays", "", "https://github.com/quarrynetwork/pm/blob/main/x.md", para("The quarry node lost its peers."), "Quarrynetwork"},
		{"a shorter name that opens the account", "", "https://github.com/verdigoproject/site/blob/main/x.md", para("Verdigo's nodes halted at block 9.", "The Verdigo team restarted them."), "Verdigo"},
		{"a name too short to stand for the account", "", "https://github.com/lumenvaultproject/site/blob/main/x.md", para("Lume's nodes halted.", "Then Lume restarted them."), "Lumenvaultproject"},
		{"an accent the account leaves out", "", "https://github.com/verdi-solidarites/site/blob/main/x.md", para("Verdi-Solidarités was slow for an hour.", "L'équipe Verdi-Solidarités a redémarré."), "Verdi-Solidarités"},
		{"a -libs account spelled as the page does", "", "https://github.com/verdigo-libs/node/blob/main/pm/x.md", para("A VerdiGo node stalled on a race.", "VerdiGo released a fix."), "VerdiGo"},
		{"a platform's table entry names no tenant", "", "https://gitlab.com/widgetly/infra/-/blob/main/pm.md", para("Our queue stalled."), "Widgetly"},
		{"a longer name holding the host label", "", "https://brew.sh/2021/04/21/x/", para("A token leaked from Homebrew's CI.", "We rotated every Homebrew secret."), "Homebrew"},
		{"the label alone wins over a longer name", "", "https://fly.io/blog/x", para("Fly runs apps close to users.", "Our Flyway migrations and Flyway's lock were fine."), "Fly"},
		{"a site known by its domain", "", "https://t2bot.io/blog/x/", para("At 18:00 t2bot.io went down.", "t2bot.io's database was restored."), "t2bot.io"},
		{"a domain written once is not a name", "", "https://acmeware.io/blog/x/", para("Mail for acmeware.io bounced."), "Acmeware"},
		{"a statuspage tenant", "", "https://acme.statuspage.io/incidents/1", para("Delays."), "Acme"},
		{"reserved host, author from the text", "", "https://synthetic.invalid/syn-1", para("For 41 minutes the Parcelwise Shipments API rejected writes.", "Parcelwise's engineers rolled back."), "Parcelwise"},
		{"reserved host, French", "", "https://synthetic.invalid/syn-2", para("L'ensemble des services Clairvoie étaient indisponibles.", "Les clients de Clairvoie n'ont pas pu se connecter."), "Clairvoie"},
		{"a technology is not the author", "", "https://synthetic.invalid/syn-3", para("PostgreSQL's autovacuum stalled.", "Kubernetes's scheduler is fine."), ""},
		{"a provider is not the author", "", "https://synthetic.invalid/syn-4", para("Cloudflare's edge returned 502s to our users."), ""},
		{"a place is not the author", "", "https://synthetic.invalid/syn-5", para("Our servers in London failed.", "The London region's power failed."), ""},
		{"what a business does introduces it", "", "https://synthetic.invalid/syn-6", para("Frameloft hosts video for online course creators.", "Transcoding jobs leaked memory."), "Frameloft"},
		{"a name ending in an acronym", "", "https://synthetic.invalid/syn-7", para("Halyard CRM's main database is a MySQL primary."), "Halyard CRM"},
		{"an author line's company before a team", "", "https://synthetic.invalid/syn-8", para("Authors: Kirana Cloud infrastructure team", "Heavy rain flooded the colocation site."), "Kirana Cloud"},
		{"an author line's team is not a company", "", "https://synthetic.invalid/syn-9", para("Authors: Platform team", "Heavy rain flooded the colocation site."), ""},
		{"a project as its people name it", "", "https://synthetic.invalid/syn-10", para("The Lumen project's CI runs on donated VMs.", "Lumen contributors saw failures."), "Lumen project"},
		{"patrons of a service", "", "https://synthetic.invalid/syn-11", para("Some users of Tandem Docs saw other accounts' pages."), "Tandem Docs"},
		{"we use a tool", "", "https://synthetic.invalid/syn-12", para("We use Sentinelle to fail over our caches."), ""},
		{"the host the text names", "", "https://synthetic.invalid/syn-13", para("Atlantis runs our Terraform plans.", "Requests to app.wicket.io failed, then wicket.io itself."), "Wicket"},
		{"no cue, no name", "", "https://127.0.0.1/x", para("The disk filled up.", "Nothing else happened."), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.resolve(tc.list, tc.p, tc.url); got != tc.want {
				t.Errorf("resolve = %q, want %q", got, tc.want)
			}
		})
	}
}
