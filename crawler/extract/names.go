package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmkb/pmkb/data"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// names are the proper names a page writes (runs of capitalised words)
// and how strongly its words tie each to the post's author: "at Acme",
// "Acme's API", "the Acme team", "chez Acme", "l'équipe Acme", the title.
type names struct {
	byKey   map[string]*nameStat
	hosts   map[string]int // registrable labels of the host names the page writes ("api.acme.io" -> "acme")
	scratch []bool
	order   []string // keys in order of first appearance
}

type nameStat struct {
	spellings map[string]int
	count     int
	mid       int     // occurrences inside a sentence (where only a name is capitalised) or possessive
	score     float64 // the sum of the cues around its occurrences
	thing     bool    // once written as a place or a versioned product: "in London", "Android 7.4"
}

// maxNameText bounds how much of a page is read for names: an author
// names itself early.
const maxNameText = 8000

// maxNameWords is the longest name read ("Caisse Solidaire du Lauragais").
const maxNameWords = 4

type token struct {
	word     string // without surrounding punctuation, elision or possessive
	lower    string
	cap      bool // a name word: starts with an upper-case letter, not code
	start    bool // opens a sentence
	ends     bool // a sentence ends after it
	comma    bool // a comma, a bracket or a dash closes it: a name does not go on
	poss     bool // "Acme's"
	elided   string
	firstPer bool // we, our, us, nous, notre, nos
}

// pageNames reads the names of a page's title and first blocks.
func pageNames(p page.Page) names {
	ns := names{byKey: map[string]*nameStat{}, hosts: map[string]int{}}
	var texts []string
	title := strings.TrimSpace(p.Title)
	if title == "" && len(p.Blocks) > 0 && p.Blocks[0].Kind == page.KindHeading {
		title = p.Blocks[0].Text // a Markdown page's "# Title"
	}
	if title != "" {
		texts = append(texts, title)
	}
	size := 0
	for _, b := range p.Blocks {
		if size > maxNameText {
			break
		}
		if b.Kind == page.KindPre {
			continue
		}
		texts = append(texts, b.Text)
		size += len(b.Text)
	}
	toks := make([][]token, len(texts))
	all := make([]token, 0, size/5+len(title)/5+16) // one backing array for every block's tokens
	lower := map[string]bool{}
	for i, t := range texts {
		n := len(all)
		all = tokenize(all, t)
		toks[i] = all[n:len(all):len(all)]
		for _, tk := range toks[i] {
			if !tk.cap && tk.word != "" && isLetters(tk.word) {
				lower[tk.word] = true
			}
			if l := hostWord(tk.word); l != "" {
				ns.hosts[l]++
			}
		}
	}
	for i, ts := range toks {
		ns.read(ts, lower, i == 0 && title != "")
	}
	return ns
}

// hostWord returns the registrable label of a word that is a host name
// with a subdomain ("api.acme.io", "status.acme.fr"), "" for any other
// word (file names, versions, "e.g.").
func hostWord(w string) string {
	if strings.Count(w, ".") < 2 {
		return ""
	}
	labels := strings.Split(strings.TrimPrefix(w, "https://"), ".")
	if len(labels) < 3 || strings.ContainsAny(w, "/@:_") || strings.ToLower(w) != w {
		return ""
	}
	for _, l := range labels {
		if l == "" {
			return ""
		}
	}
	if tld := labels[len(labels)-1]; len(tld) < 2 || !isLetters(tld) || fileExts[tld] {
		return ""
	}
	l := hostLabel(w)
	if len(l) < 3 || !isLetters(strings.ReplaceAll(l, "-", "")) {
		return ""
	}
	return l
}

// fileExts end file names, not hosts.
var fileExts = map[string]bool{
	"go": true, "py": true, "js": true, "ts": true, "rb": true, "java": true, "json": true, "yaml": true,
	"yml": true, "toml": true, "md": true, "txt": true, "log": true, "conf": true, "cfg": true, "ini": true,
	"sh": true, "html": true, "css": true, "sql": true, "xml": true, "csv": true, "gz": true, "tar": true,
	"zip": true, "pem": true, "crt": true, "key": true, "service": true, "timer": true, "tf": true,
	"local": true, "internal": true, "svc": true, "lan": true,
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// tokenize appends text's words to out, noting the punctuation around
// them.
func tokenize(out []token, text string) []token {
	start := true
	for _, f := range strings.Fields(text) {
		t := token{start: start}
		w := strings.TrimLeft(f, "([{\"'«“‘*_#>|-–—·")
		code := strings.HasPrefix(w, "`") || strings.Contains(w, "/") || strings.Contains(w, "=")
		w = strings.TrimLeft(w, "`")
		trail := len(w)
		w = strings.TrimRight(w, ")]}\"'»”’*_`,;!?:.…")
		tail := ""
		if trail > len(w) {
			tail = f[len(f)-(trail-len(w)):]
		}
		// A name's final "Co." or "Inc." keeps its dot.
		if strings.HasPrefix(tail, ".") && (w == "Co" || w == "Inc" || w == "Ltd") {
			w += "."
			tail = tail[1:]
		}
		t.comma = strings.ContainsAny(tail, ",;)]")
		t.ends = strings.ContainsAny(tail, ".!?:…") || f == "—" || f == "-" || f == "·" || f == "|"
		for _, s := range []string{"'s", "’s"} {
			if cut, ok := strings.CutSuffix(w, s); ok {
				w, t.poss = cut, true
			}
		}
		for _, e := range []string{"l'", "d'", "L'", "D'", "l’", "d’", "L’", "D’", "qu'", "qu’"} {
			if cut, ok := strings.CutPrefix(w, e); ok {
				w, t.elided = cut, strings.ToLower(e[:1])
			}
		}
		t.word = w
		t.lower = strings.ToLower(w)
		r, _ := utf8.DecodeRuneInString(w)
		t.cap = !code && unicode.IsUpper(r) && !strings.ContainsAny(w, "._@`") || strings.HasSuffix(w, "Co.") || strings.HasSuffix(w, "Inc.")
		switch t.lower {
		case "we", "our", "us", "ours", "nous", "notre", "nos":
			t.firstPer = true
		}
		out = append(out, t)
		start = t.ends || w == ""
	}
	return out
}

// read counts the names of one block's tokens with their cues.
func (ns *names) read(ts []token, lower map[string]bool, title bool) {
	// firstPer[i] says the sentence starting at token i speaks as "we".
	firstPer := ns.scratch[:0]
	for range ts {
		firstPer = append(firstPer, false)
	}
	ns.scratch = firstPer
	sent := 0
	for i, t := range ts {
		if t.start {
			sent = i
		}
		if t.firstPer {
			firstPer[sent] = true
		}
	}
	sent = 0
	for i := 0; i < len(ts); i++ {
		if ts[i].start {
			sent = i
		}
		if !nameWord(ts[i], lower) {
			continue
		}
		j := i + 1
		for j < len(ts) && j-i < maxNameWords && !ts[j-1].ends && !ts[j-1].comma && !ts[j-1].poss {
			// A name goes on with capitalised common nouns: "Coral Ledger".
			if nameWord(ts[j], nil) && ts[j].elided == "" {
				j++
				continue
			}
			// "Caisse Solidaire du Lauragais", "Bank of Leeds"
			if j+1 < len(ts) && connector[ts[j].lower] && !ts[j].ends && nameWord(ts[j+1], nil) {
				j += 2
				continue
			}
			break
		}
		for j > i && connector[ts[j-1].lower] {
			j--
		}
		we := firstPer[sent]
		for k := j; k > i; k-- {
			// every prefix of a run is a name the page may mean
			ns.add(ts, i, k, title, we, k == j)
		}
		i = j - 1
	}
}

var connector = map[string]bool{"de": true, "du": true, "des": true, "of": true, "&": true}

// nameWord reports whether a token may be part of a name: capitalised, not
// a function word, and, when it opens a sentence, not a word the page also
// writes in lower case ("Staging runs ...").
func nameWord(t token, lower map[string]bool) bool {
	if !t.cap || stopNames[t.lower] || t.word == "" {
		return false
	}
	if strings.ToUpper(t.word) == t.word && utf8.RuneCountInString(t.word) <= 3 {
		return false // API, DNS, SSO, UTC
	}
	for _, r := range t.word {
		if unicode.IsDigit(r) {
			return false // INC-0412, Q3, PW-4471
		}
	}
	return !lower[t.lower]
}

// add counts ts[i:k] as a name with the cues around it; whole says it is
// the full run (what follows it is not part of a name).
func (ns *names) add(ts []token, i, k int, title, we, whole bool) {
	words := make([]string, 0, k-i)
	for _, t := range ts[i:k] {
		words = append(words, t.word)
	}
	name := strings.Join(words, " ")
	key := data.CompanyKey(name)
	if len(key) < 2 {
		return
	}
	st := ns.byKey[key]
	if st == nil {
		st = &nameStat{spellings: map[string]int{}}
		ns.byKey[key] = st
		ns.order = append(ns.order, key)
	}
	st.spellings[name]++
	st.count++
	if !ts[i].start && !title || ts[k-1].poss || introduced(ts, k) {
		st.mid++ // "Acme's", "Acme runs ..." are names wherever they stand
	}
	st.score += cueScore(ts, i, k, title, we, whole)
	if whole && thingLike(ts, i, k) {
		st.thing = true
	}
}

// thingLike reports whether ts[i:k] stands where a place or a product
// does: after "in", "à", "from", "near", before a version number or a
// place's noun ("region"); or whether it is one word shaped like a
// people's adjective ("European") or a gerund opening a sentence
// ("Staging runs ...").
func thingLike(ts []token, i, k int) bool {
	if i > 0 && !ts[i-1].ends && !ts[k-1].poss {
		switch ts[i-1].lower {
		case "in", "à", "near", "from", "en", "vers":
			return true
		}
	}
	if k < len(ts) && !ts[k-1].ends {
		if r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(ts[k].lower, "v")); unicode.IsDigit(r) {
			return true
		}
		if places[ts[k].lower] {
			return true // "the Mumbai region", "the Leeds office"
		}
	}
	if k == i+1 {
		w := ts[i].lower
		return ts[i].start && strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ean") || strings.HasSuffix(w, "ian") || strings.HasSuffix(w, "ese")
	}
	return false
}

// places are nouns a place's name comes before.
var places = map[string]bool{
	"region": true, "office": true, "offices": true, "zone": true, "area": true, "campus": true,
	"airport": true, "datacenter": true, "metro": true, "pop": true, "city": true,
}

// cueScore is how strongly the words around ts[i:k] say it is the
// author's name.
func cueScore(ts []token, i, k int, title, we, whole bool) float64 {
	s := 0.0
	prev, prev2 := "", ""
	if i > 0 && !ts[i-1].ends {
		prev = ts[i-1].lower
		if i > 1 && !ts[i-2].ends {
			prev2 = ts[i-2].lower
		}
	}
	next, next2 := "", ""
	if k < len(ts) && !ts[k-1].ends {
		next = ts[k].lower
		if k+1 < len(ts) && !ts[k].ends {
			next2 = ts[k+1].lower
		}
	}
	last := ts[k-1]
	switch {
	case prev == "at" || prev == "chez" || prev == "©" || prev == "copyright":
		s += 3
	case frenchHeads[prev] || frenchHeads[prev2] && (prev == "de" || ts[i].elided == "d"):
		s += 2 // "la plateforme Clairvoie", "l'équipe Octaval", "les services d'Astrolabe"
	case ts[i].start && prev == "" && (ts[i].lower == "about" || ts[i].lower == "à"):
		s += 2
	}
	if last.poss {
		s += 2
	} else if (heads[next] || heads[next2]) && (prev == "the" || prev == "our" || prev == "a" || prev == "an" || prev == "every") || prev == "" && (next == "status" || next == "team") {
		s += 2 // "the Acme team", "Acme Status", "the Acme partner API"
	} else if heads[next] {
		s++
	}
	if ts[i].start && whole && k < len(ts) && subjectVerbs[next] {
		s += 2 // "Brightloom keeps shopping carts ..."
	}
	if title {
		s++
	}
	if we && s > 0 {
		s++
	}
	return s + 0.25
}

// heads are nouns that follow an organisation's name in its own posts.
var heads = map[string]bool{
	"team": true, "teams": true, "engineering": true, "status": true, "api": true, "apis": true,
	"platform": true, "app": true, "apps": true, "service": true, "services": true, "website": true,
	"site": true, "customers": true, "users": true, "merchants": true, "dashboard": true,
	"infrastructure": true, "accounts": true, "account": true, "support": true, "systems": true,
	"servers": true, "employees": true, "staff": true, "developers": true, "clients": true,
	"engineers": true, "network": true, "production": true, "console": true, "portal": true,
	"storefront": true, "store": true, "stores": true, "shop": true, "customer": true, "user": true,
	"hubs": true, "devices": true, "mirror": true, "mirrors": true, "project": true, "website's": true,
}

// frenchHeads are the French nouns an organisation's name follows: "la
// plateforme Clairvoie", "l'équipe Octaval", "les services d'Astrolabe".
var frenchHeads = map[string]bool{
	"plateforme": true, "équipe": true, "équipes": true, "services": true, "service": true,
	"api": true, "site": true, "application": true, "clients": true, "agents": true,
	"infrastructure": true, "serveurs": true, "réseau": true, "offre": true, "produits": true,
	"utilisateurs": true, "collaborateurs": true, "ingénieurs": true, "outils": true,
	"boutique": true, "logiciel": true, "société": true, "entreprise": true, "groupe": true, "marque": true,
	"applications": true, "espace": true, "portail": true,
}

// subjectVerbs follow an organisation's name when a post says what it
// does: "Acme runs ...", "Acme exploite ...".
var subjectVerbs = map[string]bool{
	"is": true, "provides": true, "runs": true, "operates": true, "stores": true, "keeps": true,
	"offers": true, "sells": true, "collects": true, "processes": true, "backs": true, "uses": true,
	"serves": true, "hosts": true, "builds": true, "helps": true, "lets": true, "has": true,
	"exploite": true, "fournit": true, "propose": true, "héberge": true, "est": true, "utilise": true,
	"gère": true, "permet": true, "accompagne": true, "édite": true, "dispose": true, "vend": true,
	"sends": true, "was": true, "does": true, "relies": true, "depends": true, "maintains": true, "ne": true,
	"develops": true, "makes": true, "connects": true, "manages": true, "powers": true, "n'a": true, "a": true,
}

// introduced reports whether the words after a name say what it is or
// does: "Acme is a ...", "Acme runs ...".
func introduced(ts []token, k int) bool {
	if k+1 >= len(ts) || ts[k-1].ends || ts[k-1].comma || !introVerbs[ts[k].lower] {
		return false
	}
	if ts[k].lower == "is" {
		switch ts[k+1].lower {
		case "a", "an", "the", "one", "based", "headquartered", "run", "owned", "operated", "built", "made":
			return true
		}
		return false
	}
	return true
}

// introVerbs follow an organisation's name where a post says what it
// is or does; a capitalised word before one is a name even when it opens
// the sentence ("Acme is a ...", "Acme édite un ...").
var introVerbs = map[string]bool{
	"is": true, "runs": true, "provides": true, "operates": true, "offers": true, "sells": true,
	"processes": true, "develops": true, "builds": true, "makes": true, "powers": true,
	"édite": true, "fournit": true, "propose": true, "exploite": true, "héberge": true, "vend": true,
	"développe": true, "opère": true,
}

// stopNames are capitalised words that never name an organisation.
var stopNames = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an our we this that these those it its in on at for from to of by with
		and or but if when while after before during since until as so then there here what why how who which
		le la les un une des du de nous notre nos ce cette ces il elle ils en au aux pour par sur dans avec et ou
		mais lorsque quand pendant depuis après avant vers entre
		january february march april may june july august september october november december
		monday tuesday wednesday thursday friday saturday sunday
		janvier février mars avril mai juin juillet août septembre octobre novembre décembre
		lundi mardi mercredi jeudi vendredi samedi dimanche
		summary impact timeline root cause causes trigger detection resolution action actions items item
		lessons learned background leadup fault context contexte résumé chronologie cause racine causes
		postmortem post-mortem incident report review update resolved investigating identified monitoring
		status severity authors author date owner ticket facilitator résolu rédaction statut
		yes no not none all some any every each other one two three first second next last
		i you he she they me my your their them his her
		utc gmt pst pdt est edt cet cest bst am pm
		nothing everything something everyone nobody rien tout ours yours theirs mine revue retour
		let instead core service services send please note see thanks also however meanwhile today
		yesterday tomorrow later earlier cela ceci voici voilà puis ensuite enfin aussi ainsi`) {
		stopNames[w] = true
	}
}

// best is the name the page most strongly ties to its author, "" when
// none stands out. A name the known set holds (a technology, a provider
// the domain table knows) is what the post depends on, not its author.
func (ns names) best(known map[string]bool) string {
	for _, key := range ns.order {
		if n := ns.hosts[key]; n > 0 && !known[key] {
			ns.byKey[key].score += 3 // "Acme" and "api.acme.io"
		}
	}
	var top float64
	topKey := ""
	for _, key := range ns.order {
		if st := ns.byKey[key]; st.score > top && candidate(key, st, known) {
			top, topKey = st.score, key
		}
	}
	// The runner-up that matters is another name, not a longer or shorter
	// form of the same one ("Glimmer", "Glimmer Docs").
	var second float64
	for _, key := range ns.order {
		if st := ns.byKey[key]; st.score > second && candidate(key, st, known) && !strings.HasPrefix(key, topKey) && !strings.HasPrefix(topKey, key) {
			second = st.score
		}
	}
	if topKey == "" || top < 2 || top-second < 1 {
		return ns.ownHost(known)
	}
	return ns.byKey[topKey].spelling()
}

// candidate reports whether a name may be an author's: written capitalised
// inside a sentence at least once (a capital that opens a sentence or a
// title proves nothing), not a known technology or provider, not an
// acronym in capitals (RADIUS, OCSP).
func candidate(key string, st *nameStat, known map[string]bool) bool {
	if known[key] || st.mid == 0 || st.thing {
		return false
	}
	sp := st.spelling()
	return strings.ToUpper(sp) != sp && !camelCase(sp)
}

// camelCase reports whether a name has a capital inside a word
// (ElastiCache, NameNode, WebSocket): in a page's words that is mostly a
// product or an identifier. A host or a tenant may still be spelled so
// (PostHog), by spell.
func camelCase(name string) bool {
	for _, w := range strings.Fields(name) {
		for i, r := range w {
			if i > 0 && unicode.IsUpper(r) {
				return true
			}
		}
	}
	return false
}

// ownHost is the label of the host names the page writes most, at least
// twice and more than any other ("app.wicket.io", "webhooks.wicket.io"),
// when no written name stands out: a post names its own services' hosts.
func (ns names) ownHost(known map[string]bool) string {
	top, second, label := 0, 0, ""
	for l, n := range ns.hosts {
		if known[data.CompanyKey(l)] || platforms[l] || strings.Contains(l, "example") || l == "amazonaws" || l == "googleapis" || l == "azure" {
			continue
		}
		switch {
		case n > top || n == top && l < label:
			top, second, label = n, top, l
		case n > second:
			second = n
		}
	}
	if top < 2 || second == top {
		return ""
	}
	return strings.ToUpper(label[:1]) + label[1:]
}

func (st *nameStat) spelling() string {
	best, n := "", 0
	for s, c := range st.spellings {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

// spelling is how the page writes the name whose CompanyKey is key, ""
// when it does not.
func (ns names) spelling(key string) string {
	if st := ns.byKey[key]; st != nil {
		return st.spelling()
	}
	return ""
}
