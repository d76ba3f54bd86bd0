package index

import (
	"context"
	"strings"
	"unicode"

	"github.com/pmkb/pmkb/index/engine"
	"github.com/pmkb/pmkb/index/query"
)

// Pasted errors name things by identifiers: SequelizeConnectionAcquireTimeoutError,
// java.lang.OutOfMemoryError, pool_timeout_exceeded. The analyzers keep
// such an identifier whole, and when no record holds it, it finds
// nothing; its words, which posts use, are what it says. An identifier no
// record holds is read as its words, each a clause that the identifier
// itself also satisfies.

// identifierWords returns the words of an identifier no record holds
// (camelCase humps, and the parts between _ . / : and -), at least two
// of two letters or more; nil for anything else.
func (ix *Index) identifierWords(ctx context.Context, text string, pr *frenchPruner) []string {
	words := splitIdentifier(text)
	if len(words) < 2 || pr == nil {
		return nil
	}
	an := ix.analyzerFor("en")
	if an == nil {
		return nil
	}
	for _, tok := range an.Analyze([]byte(text)) {
		n, err := docFreq(ctx, pr.r, string(tok.Term), "")
		if err != nil || n > 0 {
			return nil // the posts know it: keep it whole
		}
	}
	return words
}

// splitIdentifier cuts text at its camelCase humps (a lower-case letter or
// digit before an upper-case one; the last capital of a run of capitals
// before a lower-case letter, as in HTTPServer) and at any character
// that is not a letter or a digit, keeping words of two letters or more,
// lower-cased. A text with no hump and no separator is one word.
func splitIdentifier(text string) []string {
	rs := []rune(text)
	var out []string
	start := 0
	flush := func(end int) {
		if w := string(rs[start:end]); len([]rune(w)) >= 2 && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			out = append(out, strings.ToLower(w))
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush(i)
			start = i + 1
		case i > start && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])):
			flush(i)
		case i > start+1 && unicode.IsLower(r) && unicode.IsUpper(rs[i-1]) && unicode.IsUpper(rs[i-2]):
			flush(i - 1)
		}
	}
	flush(len(rs))
	return out
}

// identifierClauses are the clauses of an identifier read as its words:
// each word with its glossary alternatives, or the identifier itself.
func (ix *Index) identifierClauses(ctx context.Context, c query.Clause, words []string, pr *frenchPruner) [][]engine.Leaf {
	whole := ix.fieldLeaves(c, 1, pr.fields(ctx, c, allFields))
	k, tail := ix.heldTail(ctx, c.Text, words, pr)
	var out [][]engine.Leaf
	for i, w := range words {
		leaves := ix.clauseLeaves(ctx, query.Clause{Kind: query.Word, Text: w}, pr)
		if len(leaves) == 0 {
			continue
		}
		leaves = append(leaves, whole...)
		if tail != nil && i >= k {
			leaves = append(leaves, tail...)
		}
		out = append(out, leaves)
	}
	return out
}

// heldTail finds the longest camelCase tail of an identifier that some
// record holds whole: a library names its errors with its own prefix
// (SequelizeConnectionAcquireTimeoutError) where a post quotes the
// error's own name (ConnectionAcquireTimeoutError). It returns the index
// of the tail's first word and its leaves, which stand for each of its
// words; nil when no record holds a tail of two words or more.
func (ix *Index) heldTail(ctx context.Context, text string, words []string, pr *frenchPruner) (int, []engine.Leaf) {
	lower := strings.ToLower(strings.TrimFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	for k := 1; k+2 <= len(words); k++ {
		tail := strings.Join(words[k:], "")
		if !strings.HasSuffix(lower, tail) || !ix.heldWhole(ctx, tail, pr) {
			continue
		}
		tc := query.Clause{Kind: query.Word, Text: tail}
		return k, ix.fieldLeaves(tc, 1, pr.fields(ctx, tc, allFields))
	}
	return 0, nil
}

// heldWhole reports whether some record holds word as one term, in an
// English or a French text field.
func (ix *Index) heldWhole(ctx context.Context, word string, pr *frenchPruner) bool {
	for _, lang := range []string{"en", langFR} {
		toks := ix.analyzed(lang, word)
		if len(toks) != 1 {
			continue
		}
		if n, err := docFreq(ctx, pr.r, string(toks[0].Term), suffixFor(lang)); err == nil && n > 0 {
			return true
		}
	}
	return false
}
