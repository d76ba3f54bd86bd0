package rootcause

import (
	"regexp"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract/internal/classify"
	"github.com/pmkb/pmkb/crawler/extract/page"
)

func textFeatures(x *[numFeatures]float64, s *page.Sentence, tags uint64, fr bool) {
	t, low := s.Text, s.Low()
	flag := func(f int, ok bool) {
		if ok {
			x[f] = 1
		}
	}
	for f := range numFeatures {
		if f < 64 && tags&(1<<f) != 0 {
			x[f] = 1
		}
	}
	// The regexps run only where one of their words was found.
	if x[fUncertain] == 1 {
		flag(fUncertain, uncertainRE.MatchString(t))
	}
	if x[fOtherIncident] == 1 {
		x[fOtherIncident] = 0
		flag(fOtherIncident, otherRE.MatchString(t))
	}
	if s.Detect {
		x[fDetect] = 1
	}
	flag(fHypothetical, classify.IsHypothetical(t, low))
	digits := strings.ContainsAny(t, "0123456789")
	first, rest := firstWord(t)
	flag(fStamped, digits && stamped(first, rest))
	flag(fNumber, digits)
	flag(fUnits, digits && hasUnits(low))
	flag(fQuestion, strings.HasSuffix(strings.TrimSpace(t), "?"))
	flag(fAnaphora, anaphoraWords[first])
	flag(fShort, len(t) < 60)
	flag(fLong, len(t) > 250)
	flag(fWe, weWords[strings.ToLower(first)])
	flag(fItem, s.Item)
	flag(fFrench, fr)
	flag(fDescribes, describes(low, tenseWords.Tags(low)))
	flag(fAnnounces, Announces(s))
	flag(fDenies, DeniesCause(s))
	flag(fSums, Sums(s))
	flag(fConsequence, Consequence(s))
	flag(fTurn, turnOpen.Opens(t))
	flag(fIdent, namesCode(t))
}

// namesCode reports whether a sentence names a setting, a path or a piece
// of code: a word joined by "_", a word with a capital inside that begins
// in lower case (getUser, not GitHub), a key=value, a path. Causes are
// told with the very names the team changed; timelines and impacts rarely
// need them.
func namesCode(t string) bool {
	for i := 1; i+1 < len(t); i++ {
		c := t[i]
		switch {
		case c == '_' || c == '=':
			if isAlnum(t[i-1]) && isAlnum(t[i+1]) {
				return true
			}
		case c == '/':
			if t[i-1] == ' ' && isAlnum(t[i+1]) && strings.IndexByte(t[i+1:min(len(t), i+24)], '/') > 0 {
				return true
			}
		case c >= 'A' && c <= 'Z':
			if t[i-1] >= 'a' && t[i-1] <= 'z' && t[i+1] >= 'a' && t[i+1] <= 'z' && lowerStart(t, i) {
				return true
			}
		}
	}
	return false
}

// lowerStart reports whether the word holding t[i] begins with a
// lower-case letter.
func lowerStart(t string, i int) bool {
	j := i
	for j > 0 && isAlnum(t[j-1]) {
		j--
	}
	return t[j] >= 'a' && t[j] <= 'z'
}

// firstWord splits off a sentence's first word (its letters and digits),
// skipping any leading punctuation.
func firstWord(t string) (word, rest string) {
	i := 0
	for i < len(t) && !isAlnum(t[i]) {
		i++
	}
	j := i
	for j < len(t) && isAlnum(t[j]) {
		j++
	}
	return t[i:j], t[j:]
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// stamped reports whether a sentence opens with a time or a date ("14:05
// ...", "At 14:05 ...", "2024-03-01 ..."): it narrates a moment.
func stamped(first, rest string) bool {
	switch strings.ToLower(first) {
	case "until", "at", "by", "around", "from", "since", "on", "à", "vers":
		first, _ = firstWord(rest)
	}
	return first != "" && first[0] >= '0' && first[0] <= '9' && len(first) <= 4
}

// units are the measures a technical cause gives ("512 MiB", "30 s").
var units = map[string]bool{"%": true, "ms": true, "s": true, "sec": true, "second": true, "seconds": true, "minute": true,
	"minutes": true, "min": true, "h": true, "hour": true, "hours": true, "kb": true, "mb": true, "gb": true, "tb": true,
	"kib": true, "mib": true, "gib": true, "tib": true, "rps": true, "qps": true, "x": true, "go": true, "mo": true, "to": true}

// hasUnits reports whether a lower-cased sentence gives a number with a
// unit.
func hasUnits(low string) bool {
	for i := 0; i < len(low); i++ {
		if low[i] < '0' || low[i] > '9' {
			continue
		}
		j := i
		for j < len(low) && (low[j] >= '0' && low[j] <= '9' || low[j] == '.' || low[j] == ',') {
			j++
		}
		if j < len(low) && low[j] == ' ' {
			j++
		}
		k := j
		for k < len(low) && (low[k] >= 'a' && low[k] <= 'z' || low[k] == '%') {
			k++
		}
		if k > j && units[low[j:k]] {
			return true
		}
		i = k
	}
	return false
}

// fieldRE is one "Label: value" field; fieldSep separates several on a line.
var (
	fieldRE  = regexp.MustCompile(`^\s*[\p{L}][\p{L} /'’-]{0,30}\s*[:：]\s*\S`)
	fieldSep = regexp.MustCompile(`\s(?:·|•|\|)\s`)
)

// fieldLine reports whether a sentence is a line of labelled fields
// ("Sev1 · 31 min · owners: payments", "Date: 22/05/2023 · Durée : 5 h").
func fieldLine(s string) bool {
	// Three plain searches: ContainsAny decodes every rune of s when a
	// separator is not ASCII.
	if len(s) >= 250 || strings.IndexByte(s, '|') < 0 && !strings.Contains(s, "·") && !strings.Contains(s, "•") {
		return false
	}
	parts := fieldSep.Split(s, -1)
	if len(parts) >= 3 {
		return true
	}
	return len(parts) == 2 && len(s) < 200 && fieldRE.MatchString(parts[0])
}
