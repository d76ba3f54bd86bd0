package classify

import (
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// An action item is often written as an order ("Add an alert on consumer
// lag", "Pin all transitive dependencies", "Mettre en place un second
// fournisseur") or in the future ("An alert will be added", "Une alerte
// sera ajoutée"): it plans, it does not report what happened.

// orderVerbs open an order whatever follows them: none of them opens a
// sentence as a noun.
var orderVerbs = prose.NewWordSet(`add|install|introduce|ensure|create|implement|investigate|improve|remove|replace|require|restrict|rotate|migrate|automate|enable|disable|establish|define|adopt|consolidate|deprecate|evaluate|explore|consider|revisit|harden|extend|expand|provide|publish|educate|communicate|notify|protect|avoid|clarify|standardize|standardise|practice|practise|centralize|centralise|verify|validate|reduce|raise|decommission|retire|move|make|pin|prepare|rehearse|encrypt|purchase|buy|contact|ask|allow|keep|tighten|loosen|backfill|reconfigure|re-enable|revise|rewrite|redesign|collect|expose|wire|alert on|set up|page on|teach|assign|appoint|delete|instrument|simulate|enforce|mandate|forbid|prevent|detect|emit|distribute|schedule regular|run regular|hold|write up|follow up on|reach out|open a|file a|finish|continue to|start to|begin to|stop using|start using|keep using|follow up`)

// nounVerbs open an order only when an object follows ("Alert 30 days
// before", "Review every change"): each is also a noun that may open a
// report ("Alert thresholds were too high", "Review found nothing").
var nounVerbs = prose.NewWordSet(`alert|test|update|upgrade|limit|change|plan|review|audit|monitor|check|fix|block|lock|track|use|switch|stop|start|run|set|document|record|deploy|tag|label|train|drill|configure|scale|split|patch|page|mark|flag|gate|pause|retry|restart|reboot|drain|renew|backup|back up|roll out|clean up|archive|share|cap|export|spread|shard|partition|surface|hook|lower|increase|build|write|rework|refactor|rate-limit|load-test|throttle`)

// orderObjects follow a noun-verb that opens an order.
var orderObjects = prose.NewWordSet(`a|an|the|all|every|each|any|our|their|its|this|that|these|those|some|more|both|which|who|what|how|whether|when|where|it|them|us|up|out|new|per|no|only|at|on|off`)

// infinitives open an order in French ("Mettre en place", "Activer le
// renouvellement"): an infinitive as the first word (before a hyphen).
var infinitives = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(`mettre|remettre|ajouter|activer|désactiver|installer|documenter|revoir|prévoir|créer|automatiser|superviser|surveiller|migrer|remplacer|déployer|vérifier|renforcer|former|étendre|limiter|alerter|augmenter|réduire|définir|tester|généraliser|séparer|isoler|configurer|intégrer|rédiger|écrire|imposer|interdire|exiger|planifier|programmer|ajuster|corriger|renouveler|sauvegarder|chiffrer|restreindre|bloquer|passer|basculer|doubler|dédoubler|répartir|centraliser|collecter|exposer|suivre|étudier|évaluer|analyser|étiqueter|nettoyer|supprimer|archiver|sensibiliser|formaliser|outiller|fiabiliser|sécuriser|durcir|réviser|instaurer|établir|désigner|nommer|partager|communiquer|informer|prévenir|éviter|conserver|garder|maintenir|relancer|revalider|valider|mesurer|tracer|journaliser|instrumenter|déclencher|lancer|contacter|demander|acheter|commander|remplacer|utiliser|adopter|abandonner|retirer|décommissionner`, "|") {
		m[w] = true
	}
	return m
}()

// futuresExpr finds the future and obligation forms of a plan: "will be added",
// "must be reviewed", "sera ajoutée", "nous ajouterons", "devra être
// validée".
const futuresExpr = `\b(will|must|shall|should) (now |also |then |soon |all |each )?be (\w+ed|\w+en|set up|built|put|run|made|kept|split|shut down|torn down|sent|taught|held)\b|\bwill (be )?(now |also |soon )?(get|gets|have|require|need|run|alert|page|notify|block|stop|fail|move|use|include|cover|check|start|add|replace|go through|receive)\b|\b(sera|seront|devra|devront) (être |désormais |aussi |également |dorénavant )*\w+(é|ée|és|ées|i|ie|is|ies|ise|ises|u|ue|us|ues|te|tes|t|ts)\b|\bnous (\w+ )?\w+(erons|irons|rons)\b`

// futuresSet is futuresExpr split into its alternatives, each tried only
// where its own words occur; it runs on lower-cased text.
var futuresSet = mustSplitSet("futures", futuresExpr)

// IsOrder reports whether a sentence opens with an order (an imperative,
// a French infinitive) or speaks in the future of what will be done: an
// action item, wherever it sits. lower is the sentence lower-cased.
func IsOrder(lower string) bool {
	first, rest := leadWord(lower)
	if first == "" {
		return false
	}
	if orderVerbs.Equal(first) || orderVerbs.Equal(first+" "+firstOf(rest)) {
		return !strings.HasPrefix(rest, ":") && !notAnOrder(rest)
	}
	if nounVerbs.Equal(first) || nounVerbs.Equal(first+" "+firstOf(rest)) {
		next := firstOf(rest)
		if nounVerbs.Equal(first + " " + next) {
			next = firstOf(strings.TrimSpace(rest[len(next):]))
		}
		return orderObjects.Equal(next)
	}
	if w, _, _ := strings.Cut(first, "-"); len(first) > 4 && infinitives[w] {
		return true
	}
	return futuresSet.firstMatch(lower) != nil
}

// notAnOrder reports whether what follows an order verb shows it is not
// one: a verb of its own ("Make was slow"), "of" or "to" after a noun.
func notAnOrder(rest string) bool {
	switch firstOf(rest) {
	case "was", "were", "is", "are", "has", "had", "of", "did", "does":
		return true
	}
	return false
}

// leadWord returns the first word of s (letters, with inner hyphens) and
// what follows it, its spaces trimmed; a leading bullet, number or label
// mark is skipped.
func leadWord(s string) (word, rest string) {
	i := 0
	for i < len(s) && !prose.IsLetterByte(s[i]) {
		i++
	}
	j := i
	for j < len(s) && (prose.IsLetterByte(s[j]) || s[j] == '-' && j+1 < len(s) && prose.IsLetterByte(s[j+1])) {
		j++
	}
	return s[i:j], strings.TrimLeft(s[j:], " ")
}

// firstOf returns the first word of s (letters, digits, inner hyphens).
func firstOf(s string) string {
	j := 0
	for j < len(s) && (prose.IsLetterByte(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '-' && j > 0) {
		j++
	}
	return s[:j]
}
