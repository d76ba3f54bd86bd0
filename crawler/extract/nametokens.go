package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// hostWord returns the registrable label of a word that is a host name
// ("api.acme.io", "status.acme.fr", "acme.io"), "" for any other
// word (file names, versions, "e.g.").
func hostWord(w string) string {
	if strings.IndexByte(w, '.') < 0 {
		return ""
	}
	labels := strings.Split(strings.TrimPrefix(w, "https://"), ".")
	if len(labels) < 2 || len(labels) == 2 && !commonTLDs[labels[1]] || strings.ContainsAny(w, "/@:_") || strings.ToLower(w) != w {
		return "" // a bare "name.tld" only under the TLDs sites go by, not "node.js" or "setup.py"
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

// commonTLDs are the top-level domains under which a word of two labels
// ("acme.io") is taken for a site's address.
var commonTLDs = map[string]bool{
	"com": true, "io": true, "net": true, "org": true, "app": true, "dev": true, "co": true, "ai": true,
	"fr": true, "de": true, "uk": true, "eu": true, "tv": true, "cloud": true, "tech": true,
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
