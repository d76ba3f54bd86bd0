package rootcause

import (
	"regexp"

	"github.com/pmkb/pmkb/crawler/extract/internal/prose"
)

// Word lists: what a sentence that states a cause tends to say, and what
// the other sentences say instead. English and French.
var (
	negationWords    = `not|never|no|none|nobody|no one|nothing|without|missing|didn't|wasn't|weren't|hadn't|doesn't|don't|isn't|couldn't|wouldn't|cannot|can't|neither|nor|forgot|forgotten|ne|n'|pas|jamais|aucun|aucune|sans|personne|rien|manquant*|oubli*`
	defectWords      = `bug|bugs|defect|flaw|mistake|typo|wrong|incorrect*|invalid|misconfigur*|stale|outdated|obsolete|old|expired|leak*|race|overflow*|wrapped|default|defaults|hard-coded|hardcoded|unbounded|faulty|broken|bad|corrupt*|mismatch*|inconsisten*|regression|limit|limits|quota|exhaust*|full|saturat*|deadlock*|lock|locks|loop|retry|retries|timeout|timeouts|erreur|bogue|défaut|mauvais*|erroné*|incorrect*|ancien*|périmé*|fuite|boucle|verrou*|limite*|saturé*|plein*`
	changeWords      = `changed|change|changes|upgraded|upgrade|introduced|migrated|migration|removed|deleted|moved|replaced|rotated|renewed|updated|update|release|released|deployed|deploy|version|rewrote|rewritten|refactor*|switched|enabled|disabled|added|set|configured|modifi*|mise à jour|mis à jour|déploy*|migr*|remplac*|supprim*|ajout*|activ*|désactiv*|nouvelle version|version`
	mechanismWords   = `because|so|therefore|which meant|meaning|as a result|caused|causing|led to|leading to|resulted|resulting|due to|since|thus|hence|when|which|that meant|triggered|parce que|car|donc|ce qui|alors|ainsi|provoqu*|entraîn*|à cause|en raison|lorsque|quand`
	symptomWords     = `customers|customer|users|user|clients|utilisateurs|errors|error|returned|returning|5xx|500|502|503|504|timed out|failed|failing|unavailable|latency|slow|slowed|outage|down|impact*|affected|page|pages|dashboard|dashboards|visitors|requests|erreurs|indisponib*|lent*|panne`
	detectWords      = `alert|alerts|alerted|paged|page|pager|noticed|reported|report|ticket|tickets|on-call|oncall|dashboard|monitoring|detected|escalat*|support|alerte*|astreinte|signal*|détect*|remonté*|supervision`
	resolveWords     = `rolled back|rollback|restored|restore|restarted|restart|fixed|fix|mitigated|mitigate|recovered|recovery|reverted|revert|failed over|workaround|resolved|drained|scaled up|came back|come back|back online|back up|returned to normal|revenu*|de retour|rétabli*|redémarr*|corrig*|restaur*|retour arrière|contourn*|résolu*`
	planWords        = `will|we'll|should|need to|needs to|must|plan|planned|going forward|action item|action items|in the future|to prevent|to avoid|we are adding|we're adding|we have added|we've added|allons|devons|devrait|doit|prévoyons|à l'avenir|pour éviter`
	metaWords        = `this post|this write-up|this writeup|this document|this report|this postmortem|this post-mortem|write-up|post-mortem|postmortem|we want to|we'd like to|explain|apolog*|sorry|thank*|long post|longer than|here is|here's|read on|in this post|story|ce document|ce billet|ce retour|cet article|désolé*|excus*|remerci*`
	assumedWords     = `assumed|assumption|expected|thought|believed|supposed|intended|meant to|designed to|was supposed|supposait|pensait|croyait|supposé*|prévu pour|censé*`
	contrastWords    = `but|however|yet|although|though|instead|whereas|unfortunately|mais|cependant|pourtant|or|malheureusement|toutefois|alors que`
	vendorWords      = `provider|vendor|upstream|third-party|third party|supplier|partner|cloud provider|hébergeur|fournisseur|prestataire|opérateur`
	humanWords       = `engineer|operator|administrator|admin|developer|technician|someone|an engineer|ingénieur|administrateur|opérateur|technicien|développeur`
	defaultWords     = `default|defaults|by default|par défaut`
	stillWords       = `still|already|only|ever|anymore|any longer|encore|toujours|déjà|seulement|ne plus`
	pastPerfectWords = `had been|had not|had never|had already|hadn't|had gone|had left|had run|had set|had changed|avait|avaient|n'avait|n'avaient|était déjà`
	uncertainRE      = regexp.MustCompile(`(?i)\b(cause|reason|why)\b.{0,30}\b(unknown|unclear|not (yet )?(known|clear|sure|determined|identified))\b|\b(unknown|unclear) (root )?cause\b|\bstill (investigating|under investigation)\b|\bcontinu(e|es|ing) (to )?investigat|\bno idea\b|\bcause (est |reste )?inconnue\b|\bwe (are|were) investigating\b|\bnous (enquêtons|investiguons)\b`)
	otherRE          = regexp.MustCompile(`(?i)\b(previous|earlier|prior|separate|unrelated|another|last (year|month|week)'s?) (incident|outage|post-?mortem)s?\b|\bune? (autre|précédente?) (panne|incident)\b`)

	headCause      = `root|root cause|root causes|cause|causes|why|fault|went wrong|what broke|the bug|the problem|the issue|analysis|technical|pourquoi|origine|défaillance|analyse|what caused|causes racines|cause racine`
	headHappened   = `what happened|ce qui s'est passé|details|détails|the incident|incident|narrative|story|description`
	headBackground = `background|context|contexte|leadup|lead-up|primer|architecture|works|overview of`
	headFactors    = `contributing|factors|facteurs|made it worse|aggravat*|compounding|what made`
	headTrigger    = `trigger|triggers|déclencheur|déclencheurs|fault`
	headIdentified = `identified|identifié|cause identifiée|problème identifié`
)

// anaphoraWords open a sentence that refers back to the one before;
// weWords one told by the team.
var (
	anaphoraWords = map[string]bool{"This": true, "That": true, "These": true, "Those": true, "It": true, "Which": true,
		"Ceci": true, "Cela": true, "Cette": true, "Ce": true, "Ces": true, "Il": true, "Elle": true}
	weWords = map[string]bool{"we": true, "our": true, "nous": true, "notre": true, "nos": true, "i": true}
)

// textWords reads every word list of the text features in one scan: the
// bit of each list is its feature's index.
var textWords = prose.NewTaggedWordSet(map[uint64]string{
	1 << fNegation: negationWords, 1 << fDefect: defectWords, 1 << fChange: changeWords, 1 << fMechanism: mechanismWords,
	1 << fSymptom: symptomWords, 1 << fDetect: detectWords, 1 << fResolve: resolveWords, 1 << fPlan: planWords,
	1 << fMeta: metaWords, 1 << fAssumed: assumedWords, 1 << fContrast: contrastWords, 1 << fVendor: vendorWords,
	1 << fHuman: humanWords, 1 << fDefault: defaultWords, 1 << fStill: stillWords, 1 << fPastPerfect: pastPerfectWords,
	1 << fUncertain: uncertainWords, 1 << fOtherIncident: otherWords,
})

var (
	// uncertainWords and otherWords are the words one of which every
	// uncertainRE and otherRE match holds.
	uncertainWords = `unknown|unclear|not known|not clear|not sure|not determined|not identified|investigating|investigation|investigat*|no idea|inconnue|enquêtons|investiguons`
	otherWords     = `incident|incidents|outage|outages|postmortem|post-mortem|panne|incident`
)

// headWords reads what a heading says of the sentences under it, in one
// scan: the bit of each list is its feature's index.
var headWords = prose.NewTaggedWordSet(map[uint64]string{
	1 << fHeadCause: headCause, 1 << fHeadHappened: headHappened, 1 << fHeadBackground: headBackground,
	1 << fHeadFactors: headFactors, 1 << fHeadTrigger: headTrigger, 1 << fHeadIdentified: headIdentified,
})
