package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	case frenchHeads[prev] || frenchHeads[prev2] && (prev == "de" || ts[i].elided == "d" || teamKinds[prev]):
		s += 2 // "la plateforme Clairvoie", "l'équipe Octaval", "les services d'Astrolabe", "l'équipe SRE Bastide"
	case (prev == "of" || prev == "de") && patrons[prev2] || useVerbs[prev] && !firstPerson(prev2):
		s += 2 // "users of Tandem Docs", "clients who use Vectorlane", not "we use Kafka"
	case byline(ts, i, k):
		s += 2 // "Authors: Kirana Cloud infrastructure team"
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
	if whole && k < len(ts) && ts[i].elided == "" && (ts[i].start && (subjectVerbs[next] || introVerbs[next]) ||
		i > 0 && (ts[i-1].comma || clauseOpeners[prev]) && introduced(ts, k)) {
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

// patrons are the people a business serves: "users of Acme".
var patrons = map[string]bool{
	"users": true, "customers": true, "clients": true, "subscribers": true, "members": true,
	"merchants": true, "utilisateurs": true, "abonnés": true, "adhérents": true, "usagers": true,
}

// useVerbs say someone relies on a service: "clinics use Acme".
var useVerbs = map[string]bool{"use": true, "uses": true, "using": true, "utilisent": true, "utilise": true}

func firstPerson(w string) bool {
	switch w {
	case "we", "i", "our", "us", "nous", "je", "on":
		return true
	}
	return false
}

// teamKinds name what a team does between "équipe" and its company's
// name: "équipe SRE Bastide Cloud", "équipe réseau Octaval".
var teamKinds = map[string]bool{
	"sre": true, "réseau": true, "infra": true, "infrastructure": true, "exploitation": true,
	"technique": true, "sécurité": true, "support": true, "infogérance": true, "ops": true,
}

// byline reports whether ts[i:k] opens an author line's value and names
// the company of the team that wrote: "Authors: Kirana Cloud
// infrastructure team". A name right before "team" is the team's own
// ("Authors: Platform team"); one alone is mostly a person's.
func byline(ts []token, i, k int) bool {
	if i == 0 || !ts[i-1].ends && ts[i-1].word != "" || k+1 >= len(ts) || ts[k-1].ends || ts[k].cap || teamWord(ts[k].lower) {
		return false
	}
	team := false
	for j := k + 1; j < len(ts) && j <= k+3 && !team; j++ {
		team = teamWord(ts[j].lower)
		if ts[j].ends || ts[j].comma {
			break
		}
	}
	if !team {
		return false
	}
	j := i - 1
	if ts[j].word == "" && j > 0 {
		j-- // "Rédaction :"
	}
	switch ts[j].lower {
	case "authors", "author", "by", "rédaction", "auteurs", "auteur", "par", "team", "équipe":
		return true
	}
	return false
}

func teamWord(w string) bool { return w == "team" || w == "teams" || w == "équipe" || w == "équipes" }

// clauseOpeners are the words after which a name begins a clause of its
// own and so is the subject of the verb that follows it: "how Ledgerline
// handles", "Most of the notifications Larkspur sends" is not one.
var clauseOpeners = map[string]bool{
	"how": true, "that": true, "which": true, "when": true, "where": true, "because": true, "since": true,
	"while": true, "and": true, "but": true, "so": true, "why": true, "what": true, "once": true,
	"comment": true, "que": true, "quand": true, "où": true, "et": true, "mais": true, "car": true, "puisque": true,
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
	// what a business does for its customers: "Frameloft hosts video ...",
	// "Snowmelt backs up photos", "Orrery lets customers ..."
	"hosts": true, "serves": true, "keeps": true, "stores": true, "backs": true, "lets": true,
	"helps": true, "connects": true, "manages": true, "publishes": true,
	"collects": true, "maintains": true, "gère": true, "diffuse": true, "publie": true, "réalise": true,
	"accompagne": true, "permet": true, "uses": true,
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
		return ts[i].start && !ts[i].poss && strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ean") || strings.HasSuffix(w, "ian") || strings.HasSuffix(w, "ese")
	}
	return false
}

// places are nouns a place's name comes before.
var places = map[string]bool{
	"region": true, "office": true, "offices": true, "zone": true, "area": true, "campus": true,
	"airport": true, "datacenter": true, "metro": true, "pop": true, "city": true,
}
