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
			if (nameWord(ts[j], nil) || nameAcronym(ts[j])) && ts[j].elided == "" {
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
		// An open-source project goes by "the Lumen project": the noun is
		// part of its name.
		if j < len(ts) && i > 0 && !ts[i-1].ends && ts[i-1].lower == "the" && !ts[j-1].ends && !ts[j-1].comma && !ts[j-1].poss &&
			ts[j].lower == "project" && !ts[j].cap {
			j++
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
	if h := strings.LastIndexByte(t.word, '-'); h > 0 && h+1 < len(t.word) {
		if r, _ := utf8.DecodeRuneInString(t.word[h+1:]); unicode.IsLower(r) {
			return false // an adjective: "Okta-federated", "Re-enable"; not "Val-de-Sorne"
		}
	}
	return !lower[t.lower]
}

// nameAcronym reports whether a token in capitals may end a name that
// began with a word: "Halyard CRM", "Tessellate CI", "Ondéa TV". The
// nouns a name comes before ("the Acme API") are not part of it.
func nameAcronym(t token) bool {
	n := utf8.RuneCountInString(t.word)
	return t.cap && n >= 2 && n <= 3 && strings.ToUpper(t.word) == t.word && isLetters(t.word) &&
		!heads[t.lower] && !stopNames[t.lower]
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
	if !ts[i].start && !title || ts[k-1].poss || introduced(ts, k) || byline(ts, i, k) {
		st.mid++ // "Acme's", "Acme runs ..." are names wherever they stand
	}
	st.score += cueScore(ts, i, k, title, we, whole)
	if whole && thingLike(ts, i, k) {
		st.thing = true
	}
}

// best is the name the page most strongly ties to its author, "" when
// none stands out. A name the known set holds (a technology, a provider
// the domain table knows) is what the post depends on, not its author.
func (ns names) best(known map[string]bool) string {
	for _, key := range ns.order {
		if l := ns.hostOf(key); l != "" && !known[l] {
			ns.byKey[key].score += 3 // "Acme" or "Acme Insurance" and "api.acme.io"
		}
	}
	// The host its text names most is the post's own, named as the page
	// writes it ("Corvidae Insurance" for "vpn.corvidae.net"): a stronger
	// sign than the cues around a tool's or a partner's name.
	if h := ns.ownHost(known); h != "" {
		return ns.hostName(h, known)
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
	if topKey == "" || top < 2 || top-second < 0.75 {
		return ""
	}
	if st := ns.byKey[topKey+"project"]; st != nil && candidate(topKey+"project", st, known) {
		topKey += "project" // "the Lumen project" names it as its people do
	}
	return ns.byKey[topKey].spelling()
}

// hostOf is the label of a host the page writes that the name whose key
// is key stands for: the name itself or its first word ("Acme Insurance"
// and "vpn.acme.net"), "" for none.
func (ns names) hostOf(key string) string {
	if ns.hosts[key] > 0 {
		return key
	}
	first, _, ok := strings.Cut(ns.byKey[key].spelling(), " ")
	if l := data.CompanyKey(first); ok && ns.hosts[l] > 0 {
		return l
	}
	return ""
}

// candidate reports whether a name may be an author's: written capitalised
// inside a sentence at least once (a capital that opens a sentence or a
// title proves nothing), not a known technology or provider nor one's
// product, not an acronym in capitals (RADIUS, OCSP).
func candidate(key string, st *nameStat, known map[string]bool) bool {
	if known[key] || st.mid == 0 || st.thing {
		return false
	}
	sp := st.spelling()
	if first, _, ok := strings.Cut(sp, " "); ok && known[data.CompanyKey(first)] {
		return false // a provider's product: "Google Workspace", "Azure Front Door"
	}
	return strings.ToUpper(sp) != sp && !camelCase(sp)
}

// camelCase reports whether a name has a capital inside a word
// (ElastiCache, NameNode, WebSocket): in a page's words that is mostly a
// product or an identifier. A host or a tenant may still be spelled so
// (PostHog), by spell.
func camelCase(name string) bool {
	for _, w := range strings.Fields(name) {
		if strings.ToUpper(w) == w {
			continue // an acronym ending a name: "Halyard CRM"
		}
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
		if known[data.CompanyKey(l)] || platforms[l] || strings.Contains(l, "example") || strings.HasPrefix(l, "your") || l == "amazonaws" || l == "googleapis" || l == "azure" {
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
	return label
}

// hostName is how the page writes the name a host label stands for: the
// best-scored name it backs, else the label with a capital.
func (ns names) hostName(label string, known map[string]bool) string {
	best, top := "", 0.0
	for _, key := range ns.order {
		if st := ns.byKey[key]; st.score > top && st.mid > 0 && !known[key] && ns.hostOf(key) == label {
			best, top = st.spelling(), st.score
		}
	}
	if best != "" {
		return best
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

// holding is the one-word name the page writes most, at least twice and
// once inside a sentence, whose key begins or ends with key ("Homebrew"
// for "brew"), "" when there is none. It stands for a host label the page
// never writes alone.
func (ns names) holding(key string) string {
	best, n := "", 1
	for _, k := range ns.order {
		st := ns.byKey[k]
		if len(k) <= len(key) || !strings.HasPrefix(k, key) && !strings.HasSuffix(k, key) || st.mid == 0 {
			continue
		}
		if sp := st.spelling(); !strings.Contains(sp, " ") && (st.count > n || st.count == n && sp < best) {
			best, n = sp, st.count
		}
	}
	return best
}

// opening is the name the page writes most, at least twice and once
// inside a sentence, whose key opens key and holds at least four letters
// and two fifths of it ("IoTeX" for "iotexproject", "Riseup" for
// "riseupnet", "Status" for "status-im"): an account that joins a word to
// the name its page goes by. "" when there is none.
func (ns names) opening(key string) string {
	best, n := "", 1
	for _, k := range ns.order {
		st := ns.byKey[k]
		if len(k) < 4 || len(k) >= len(key) || 5*len(k) < 2*len(key) || !strings.HasPrefix(key, k) || st.mid == 0 || st.thing {
			continue
		}
		if sp := st.spelling(); st.count > n || st.count == n && len(sp) > len(best) {
			best, n = sp, st.count
		}
	}
	return best
}
