package extract

import (
	"net"
	"net/url"
	"strings"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

// companyResolver decides who a post speaks for. It knows the hosts that
// name nobody (reserved names, hosting platforms) and, to tell an author
// from the products and providers a post mentions, the technologies'
// names and the companies of the known-domain table.
type companyResolver struct {
	domains data.Domains
	// known holds the CompanyKey of every technology name and alias and of
	// every company the domain table knows: in a page's words they are
	// what the post depends on, not who wrote it.
	known map[string]bool
}

func newCompanyResolver(g data.Gazetteer, d data.Domains) companyResolver {
	known := map[string]bool{}
	for _, t := range g.Technologies {
		known[data.CompanyKey(t.Name)] = true
		for _, a := range t.Aliases {
			known[data.CompanyKey(a)] = true
		}
	}
	for _, c := range d.Companies {
		known[data.CompanyKey(c)] = true
	}
	delete(known, "")
	return companyResolver{domains: d, known: known}
}

// platforms host many publishers: their site name says nothing about who
// wrote the post.
var platforms = map[string]bool{
	"medium": true, "github": true, "gitlab": true, "wordpress": true, "blogger": true,
	"substack": true, "dev": true, "devto": true, "hashnode": true, "tumblr": true, "ghost": true,
	"linkedin": true, "notion": true, "googledocs": true, "bitbucket": true,
}

// pathTenants are hosts whose first path segment names the publisher
// (github.com/ORG/REPO, medium.com/PUBLICATION): the host itself names the
// platform, never the author. On a code host (true) the second segment is
// a repository.
var pathTenants = map[string]bool{
	"github.com": true, "gist.github.com": false, "raw.githubusercontent.com": true, "gitlab.com": true,
	"bitbucket.org": true, "codeberg.org": true, "gitea.com": true, "git.sr.ht": true, "sr.ht": true,
	"medium.com": false, "dev.to": false, "hashnode.com": false, "hackmd.io": false,
}

// hostTenants are hosting platforms whose subdomains are their customers'
// (acme.github.io, acme.statuspage.io): the subdomain names the publisher.
var hostTenants = []string{
	"github.io", "gitlab.io", "statuspage.io", "netlify.app", "vercel.app", "herokuapp.com", "pages.dev",
	"blogspot.com", "wordpress.com", "substack.com", "hashnode.dev", "notion.site", "ghost.io",
	"readthedocs.io", "tumblr.com", "medium.com", "bearblog.dev", "gitbook.io", "web.app",
	"firebaseapp.com", "azurewebsites.net", "instatus.com", "micro.blog", "svbtle.com", "typepad.com",
}

// noTenant are first path segments of a path-tenant host that are the
// platform's own pages, not a publisher.
var noTenant = map[string]bool{
	"orgs": true, "users": true, "p": true, "s": true, "pulse": true, "search": true, "topics": true,
	"tag": true, "tags": true, "explore": true, "about": true, "blog": true,
}

// resolve follows the contract's order: the list's link text, the page's
// site name (unless a platform's), the known-domain table, then the host.
// Where the host names nobody (a reserved name, an address, a hosting
// platform without a tenant) the page's own words may name the author;
// a tenant or host label is spelled as the page spells it.
func (c companyResolver) resolve(listCompany string, p page.Page, rawURL string) string {
	if s := strings.TrimSpace(listCompany); s != "" {
		return s
	}
	if s := strings.TrimSpace(p.SiteName); s != "" && !platforms[prose.NormName(s)] && len(s) < 60 {
		return s
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return c.fromText(p, "")
	}
	host := strings.TrimPrefix(strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), "www.")
	if reservedHost(host) {
		return c.fromText(p, "")
	}
	tenant, platform := tenantOf(host, u.Path)
	if found := c.domains.Lookup(rawURL); found != "" && (platform == "" || found != c.domains.Lookup("https://"+platform+"/")) {
		return found
	}
	if platform != "" {
		if tenant == "" {
			return c.fromText(p, "")
		}
		if s := c.pageSpelling(tenant, "", p); s != "" {
			return s
		}
		if s := repoSpelling(host, u.Path, p); s != "" {
			return s
		}
		return slugWords(tenant)
	}
	label := hostLabel(host)
	if platforms[label] || net0(label) {
		return c.fromText(p, "")
	}
	domain := "" // the label and what follows it: "t2bot.io"
	if i := strings.LastIndex(host, label); i >= 0 {
		domain = host[i:]
	}
	return c.spell(label, domain, p)
}

// reservedHost reports whether a host names nobody: the names RFC 2606
// and 6761 reserve for tests and documentation (.invalid, .test,
// .localhost, example.com), local names and IP addresses. A name under
// .example is kept: our own fixtures stand a company's domain there.
func reservedHost(host string) bool {
	if host == "localhost" || net.ParseIP(strings.Trim(host, "[]")) != nil {
		return true
	}
	for _, tld := range []string{".invalid", ".test", ".localhost", ".local", ".internal", ".lan", ".home.arpa"} {
		if strings.HasSuffix(host, tld) {
			return true
		}
	}
	for _, d := range []string{"example.com", "example.net", "example.org"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return host == "invalid" || host == "test"
}

// tenantOf returns the publisher a hosting platform's URL names and the
// platform's host, or "" and "" for a host of its own.
func tenantOf(host, path string) (tenant, platform string) {
	if _, ok := pathTenants[host]; ok {
		seg, _, _ := strings.Cut(strings.Trim(path, "/"), "/")
		seg = strings.TrimLeft(seg, "@~")
		if noTenant[strings.ToLower(seg)] {
			seg = ""
		}
		return seg, host
	}
	for _, h := range hostTenants {
		if sub, ok := strings.CutSuffix(host, "."+h); ok {
			labels := strings.Split(sub, ".")
			return labels[len(labels)-1], h
		}
	}
	return "", ""
}

// spell returns the page's spelling of a host label or tenant slug (see
// pageSpelling); failing that, the slug's words with a capital.
func (c companyResolver) spell(slug, domain string, p page.Page) string {
	if s := c.pageSpelling(slug, domain, p); s != "" {
		return s
	}
	return slugWords(slug)
}

// pageSpelling returns the page's spelling of a host label or tenant slug
// ("dfds" -> "DFDS", "chia-network" -> "Chia Network"), its trailing
// generic parts left out ("2i2c-org" -> "2i2c", "portswigger-cloud" ->
// "PortSwigger"). A page that never writes the label alone may write a
// longer name that holds it ("brew.sh" -> "Homebrew"), a shorter one that
// opens it ("iotexproject" -> "IoTeX"), or go by its domain ("t2bot.io",
// given as domain, "" for a tenant); "" when the page writes none of
// these.
func (c companyResolver) pageSpelling(slug, domain string, p page.Page) string {
	parts := slugParts(slug)
	if len(parts) == 0 {
		return ""
	}
	key := data.CompanyKey(strings.Join(parts, ""))
	if len(key) < 2 {
		return ""
	}
	ns := pageNames(p)
	if s := keySpelling(ns, p, key); s != "" {
		return s
	}
	if stem := joinedStem(key); stem != "" {
		if s := keySpelling(ns, p, stem); s != "" {
			return s
		}
	}
	if s := ns.opening(key); s != "" {
		return s
	}
	return domainSpelling(p, domain)
}

// keySpelling is the page's spelling of a name whose CompanyKey is key:
// as a name, as a word, or a longer name that holds it; "" for none.
func keySpelling(ns names, p page.Page, key string) string {
	if s := ns.spelling(key); s != "" {
		return s
	}
	if s := wordSpelling(p, key); s != "" {
		return s
	}
	return ns.holding(key)
}

// joinedStem is key without a generic part joined to it ("flusio" ->
// "flus", "wireapp" -> "wire", "drizzlefoundation" -> "drizzle"), the
// longest such stem, for a
// page that never writes the account's name whole; "" when key ends in
// none or too little would be left.
func joinedStem(key string) string {
	best := ""
	for suf := range joinedSuffixes {
		if stem, ok := strings.CutSuffix(key, suf); ok && len(stem) >= 3 && len(stem) > len(best) {
			best = stem
		}
	}
	return best
}

// joinedSuffixes are the generic parts accounts join to a name: those of
// orgSuffixes, and "foundation". Not "network" or "project": they are part
// of the names they end ("Chia Network").
var joinedSuffixes = func() map[string]bool {
	m := map[string]bool{"foundation": true}
	for s := range orgSuffixes {
		m[s] = true
	}
	return m
}()

// slugParts splits a slug into its words, its trailing generic parts left
// out (see orgSuffixes).
func slugParts(slug string) []string {
	parts := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for len(parts) > 1 && orgSuffixes[strings.ToLower(parts[len(parts)-1])] {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// slugWords is a slug's words with a capital: "acme-corp" -> "Acme"; ""
// for a slug of less than two letters or digits, which names nobody.
func slugWords(slug string) string {
	parts := slugParts(slug)
	if len(data.CompanyKey(strings.Join(parts, ""))) < 2 {
		return ""
	}
	for i, w := range parts {
		parts[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(parts, " ")
}

// repoSpelling is, for a file in a code host's repository
// (github.com/OWNER/REPO/...), the page's spelling of the repository's
// name when the page writes it and it names a product ("IaSQL" for
// alantech/iasql): a team that never writes its account's name goes by its
// product's. "" for a repository of generic name (postmortems, docs, blog).
func repoSpelling(host, path string, p page.Page) string {
	if !pathTenants[host] {
		return ""
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 2 {
		return ""
	}
	parts := slugParts(segs[1])
	if len(parts) == 0 || genericRepos[strings.ToLower(strings.Join(parts, "-"))] {
		return ""
	}
	key := data.CompanyKey(strings.Join(parts, ""))
	if len(key) < 3 {
		return ""
	}
	return wordSpelling(p, key)
}

// genericRepos name what a repository holds, not whose it is.
var genericRepos = map[string]bool{
	"postmortems": true, "post-mortems": true, "postmortem": true, "post-mortem": true, "incidents": true,
	"incident-reports": true, "incident": true, "rca": true, "status": true, "statuspage": true, "docs": true,
	"documentation": true, "blog": true, "website": true, "www": true, "site": true, "infra": true,
	"infrastructure": true, "ops": true, "operations": true, "reports": true, "retrospectives": true,
	"handbook": true, "wiki": true, "notes": true, "meta": true, "community": true, "content": true,
}

// orgSuffixes end account and host names without naming anyone:
// "2i2c-org", "portswigger-cloud", "acme-hq", "cumulo-pro".
var orgSuffixes = map[string]bool{
	"org": true, "cloud": true, "inc": true, "hq": true, "labs": true, "libs": true, "io": true, "dev": true, "team": true,
	"oss": true, "tech": true, "eng": true, "engineering": true, "official": true, "com": true, "blog": true,
	"status": true, "opensource": true, "corp": true, "pro": true, "app": true, "apps": true, "infra": true, "ops": true,
}

// fromText picks the organisation a page speaks for from its words, or ""
// when no name stands out.
func (c companyResolver) fromText(p page.Page, _ string) string {
	return pageNames(p).best(c.known)
}

// wordSpelling is the page's most frequent spelling of one word whose
// CompanyKey is key ("2i2c"), "" when it has none. A capital counts double:
// it says the word is written as a name.
func wordSpelling(p page.Page, key string) string {
	return mostWritten(p, key, 1, func(w string) int {
		if data.CompanyKey(w) != key || strings.ContainsAny(w, "/@") {
			return 0
		}
		if strings.ToLower(w) != w {
			return 2
		}
		return 1
	})
}

// domainSpelling is the page's most frequent spelling of its own domain
// ("t2bot.io") when it writes it as a word at least twice: a site known by
// its address names itself so. "" for no domain or too few.
func domainSpelling(p page.Page, domain string) string {
	if !strings.Contains(domain, ".") {
		return ""
	}
	return mostWritten(p, domain, 2, func(w string) int {
		if strings.EqualFold(w, domain) {
			return 1
		}
		return 0
	})
}

// mostWritten is the word of the page's prose, its blocks holding needle,
// that weigh counts most (at least least), ties by spelling; "" for none.
// Words are taken without the punctuation around them or a possessive.
func mostWritten(p page.Page, needle string, least int, weigh func(w string) int) string {
	counts := map[string]int{}
	for _, b := range p.Blocks {
		if b.Kind == page.KindPre || !strings.Contains(strings.ToLower(b.Text), needle) {
			continue
		}
		for _, f := range strings.Fields(b.Text) {
			w := strings.Trim(f, "()[]{}\"'`*_,;:!?.«»“”‘’")
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			counts[w] += weigh(w)
		}
	}
	best, n := "", least-1
	for w, c := range counts {
		if c > n || c == n && w < best {
			best, n = w, c
		}
	}
	return best
}
