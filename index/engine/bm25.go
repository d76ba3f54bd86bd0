package engine

import (
	"context"
	"fmt"
	"math"

	"github.com/pmkb/pmkb/index/segment"
)

// BM25F, term at a time. A term's leaves (consecutive leaves of a clause
// with the same term: the term in each text field, see sameTerm; or of
// one Group: a word and its synonyms, each weighed by its Boost against
// the group's largest) first add up the term's pseudo-frequency in each
// record,
//
//	tf~ = sum over fields of weight * freq / (1 - b + b * max(length, floor * mean) / mean)
//
// into a second array; the term then adds
//
//	boost * idf * tf~ * (k1 + 1) / (k1 + tf~),  idf = ln(1 + (N - df + 0.5) / (df + 0.5))
//
// to the records it touched. Saturating the sum, not each field, is what
// keeps a word repeated in the title, the summary and the body from
// counting three times over, and a record naming a concept five ways from
// counting five times. A leaf of several terms, or one bleve runs (a
// phrase, a prefix, a fuzzy word), counts one occurrence in each record it
// matches; the term is as rare as its most frequent leaf.

// oneTerm reports whether two consecutive leaves of a clause are one term.
func oneTerm(a, b Leaf) bool {
	if a.Group != 0 || b.Group != 0 {
		return a.Group == b.Group
	}
	return sameTerm(a, b)
}

// runTerms adds the matches of a clause's leaves, group by group.
func (s *scorer) runTerms(ctx context.Context, leaves []Leaf, bits, need uint64, cands []uint32) error {
	for len(leaves) > 0 {
		n := 1
		for n < len(leaves) && oneTerm(leaves[0], leaves[n]) {
			n++
		}
		if err := s.runTerm(ctx, leaves[:n], bits, need, cands); err != nil {
			return err
		}
		leaves = leaves[n:]
	}
	return nil
}

// runTerm adds one term's BM25F share: its leaves' pseudo-frequencies,
// saturated once per record.
func (s *scorer) runTerm(ctx context.Context, leaves []Leaf, bits, need uint64, cands []uint32) error {
	df, known, err := s.termDF(leaves)
	if err != nil {
		return err
	}
	if known && df == 0 {
		return nil
	}
	tf := s.acc.tfFor(len(s.acc.score))
	boost := 0.0
	for _, l := range leaves {
		boost = max(boost, l.Boost)
	}
	if boost <= 0 {
		return nil
	}
	for _, l := range leaves {
		if l.Boost < boost && s.common(l) {
			continue
		}
		if err := s.addTF(ctx, l, l.Boost/boost, need, cands); err != nil {
			return fmt.Errorf("%s:%s: %w", l.Field, l.Term, err)
		}
	}
	if !known {
		// Only leaves bleve runs: as rare as the records they matched,
		// or when they only looked at candidates, as a leaf of their
		// kind is taken to cost.
		df = uint64(len(s.acc.tfd))
		if need != 0 {
			df = max(df, uint64(s.n*genericCost))
		}
	}
	k1 := s.model.k1()
	w := boost * bm25IDF(s.n, float64(min(df, uint64(s.n)))) * (k1 + 1)
	for _, d := range s.acc.tfd {
		t := tf[d]
		tf[d] = 0
		s.acc.add(d, w*t/(k1+t), bits)
	}
	s.acc.tfd = s.acc.tfd[:0]
	return nil
}

// common reports whether a term leaf is held by so many records, in an
// index large enough for shares to mean something, that its share is
// approximated (see approxShare): a synonym that common (weighed below
// the group's word) says little of the concept and costs the most to
// read, so a term leaves it out.
func (s *scorer) common(l Leaf) bool {
	if l.Term == nil || s.n < approxMinRecords {
		return false
	}
	tp, err := s.postings(l)
	return err == nil && float64(tp.DocFreq()) > s.n/approxShare
}

// termDF is how many records hold a term: its most frequent leaf's (a
// record writes in one language, so the English and French fields do not
// add up). known is false when every leaf is one bleve runs without words
// to look up.
func (s *scorer) termDF(leaves []Leaf) (df uint64, known bool, err error) {
	for _, l := range leaves {
		switch {
		case l.Term != nil:
			tp, err := s.postings(l)
			if err != nil {
				return 0, false, fmt.Errorf("postings of %s:%s: %w", l.Field, l.Term, err)
			}
			df, known = max(df, s.scaleDF(l.Field, tp.DocFreq())), true
		case len(l.Terms) > 0:
			rarest, err := s.rarest(l)
			if err != nil {
				return 0, false, err
			}
			df, known = max(df, s.scaleDF(l.Field, rarest)), true
		}
	}
	return df, known, nil
}

// scaleDF, under Request.ShareDF, turns df, the records holding a term in
// field, into as many records of the whole index as its share of the
// records that have the field.
func (s *scorer) scaleDF(field string, df uint64) uint64 {
	if !s.shareDF {
		return df
	}
	l := s.cols.lengths[field]
	if l == nil || l.stats.Docs == 0 || df == 0 || float64(l.stats.Docs) >= s.n {
		return df
	}
	return uint64(math.Ceil(float64(df) * s.n / float64(l.stats.Docs)))
}

// rarest is the document frequency of the rarest word of a phrase leaf.
func (s *scorer) rarest(l Leaf) (uint64, error) {
	var df uint64
	for i, t := range l.Terms {
		tp, err := s.postings(Leaf{Field: l.Field, Term: t})
		if err != nil {
			return 0, fmt.Errorf("postings of %s:%s: %w", l.Field, t, err)
		}
		if i == 0 || tp.DocFreq() < df {
			df = tp.DocFreq()
		}
	}
	return df, nil
}

// fieldNorm is how BM25F weighs one occurrence of a term in a field of a
// given length: weight / (1 - b + b * max(length, floor) / mean).
type fieldNorm struct {
	weight, base, perToken, floor float64
	lengths, standsFor            lengthsOf // the field's, and those of the field it stands in for
	both                          float64   // weight plus that field's weight
}

type lengthsOf interface{ Of(d uint32) uint64 }

// normOf returns the norm of field.
func (s *scorer) normOf(field string) fieldNorm {
	f := s.model.field(field)
	n := fieldNorm{weight: f.Weight, base: 1}
	l := s.cols.lengths[field]
	if l == nil || l.stats.Docs == 0 {
		return n
	}
	n.lengths = l
	mean := l.stats.AvgLength()
	n.base, n.perToken, n.floor = 1-f.B, f.B/mean, f.Floor*mean
	if f.StandsFor != "" {
		if o := s.cols.lengths[f.StandsFor]; o != nil {
			n.standsFor, n.both = o, f.Weight+s.model.weight(f.StandsFor)
		}
	}
	return n
}

// of is the pseudo-frequency of freq occurrences in record d, whose field
// is length tokens long.
func (n *fieldNorm) of(d uint32, freq, length uint64) float64 {
	w := n.weight
	if n.standsFor != nil && n.standsFor.Of(d) == 0 {
		w = n.both
	}
	return w * float64(freq) / (n.base + n.perToken*max(float64(length), n.floor))
}

// addTF adds one leaf's pseudo-frequencies, times share, into the term
// array.
func (s *scorer) addTF(ctx context.Context, l Leaf, share float64, need uint64, cands []uint32) error {
	norm := s.normOf(l.Field)
	norm.weight *= share
	norm.both *= share
	if l.allTerms() {
		return s.eachAll(ctx, l, need, cands, func(d uint32, freq, length uint64) {
			s.acc.addTF(d, norm.of(d, freq, length))
		})
	}
	if l.Term == nil {
		return s.addQueryTF(ctx, l, &norm, need, cands)
	}
	tp, err := s.postings(l)
	if err != nil {
		return err
	}
	df := tp.DocFreq()
	if df == 0 {
		return nil
	}
	approx := s.n >= approxMinRecords && float64(df) > s.n/approxShare
	switch {
	case need != 0 && df > skipRatio*uint64(len(cands)) && norm.lengths == nil:
		// A keyword (a category a query names): a record holds its
		// value once, so the bitmap says all, at a fraction of the cost
		// of reading postings at each candidate.
		one := norm.of(0, 1, 0)
		return tp.Holding(ctx, cands, func(d uint32) { s.acc.addTF(d, one) })
	case need != 0 && df > skipRatio*uint64(len(cands)):
		if !approx {
			return tp.At(ctx, cands, func(d uint32, freq, length uint64) { s.acc.addTF(d, norm.of(d, freq, length)) })
		}
		mean, err := s.sampleTF(ctx, tp, &norm)
		if err != nil {
			return err
		}
		return tp.Holding(ctx, cands, func(d uint32) { s.acc.addTF(d, mean) })
	case approx:
		return s.approxTF(ctx, tp, &norm, need)
	}
	return tp.Each(ctx, func(d uint32, freq, length uint64) bool {
		if s.needs(d, need) {
			s.acc.addTF(d, norm.of(d, freq, length))
		}
		return true
	})
}

// approxTF is runApprox under BM25: exact pseudo-frequencies for a sample
// of a common term's postings, their mean for the records after it.
func (s *scorer) approxTF(ctx context.Context, tp segment.Postings, norm *fieldNorm, need uint64) error {
	sampled, sum, last := 0, 0.0, uint32(0)
	err := tp.Each(ctx, func(d uint32, freq, length uint64) bool {
		x := norm.of(d, freq, length)
		if s.needs(d, need) {
			s.acc.addTF(d, x)
		}
		sampled++
		sum += x
		last = d
		return sampled < approxSample
	})
	if err != nil || sampled < approxSample {
		return err
	}
	mean := sum / float64(sampled)
	return tp.DocsFrom(ctx, last+1, func(ds []uint32) {
		for _, d := range ds {
			if s.needs(d, need) {
				s.acc.addTF(d, mean)
			}
		}
	})
}

// sampleTF is the mean pseudo-frequency of a term's first approxSample
// postings.
func (s *scorer) sampleTF(ctx context.Context, tp segment.Postings, norm *fieldNorm) (float64, error) {
	n, sum := 0, 0.0
	err := tp.Each(ctx, func(d uint32, freq, length uint64) bool {
		sum += norm.of(d, freq, length)
		n++
		return n < approxSample
	})
	if err != nil || n == 0 {
		return 0, err
	}
	return sum / float64(n), nil
}

// addQueryTF adds the records a leaf bleve runs matches, each as one
// occurrence in its field.
func (s *scorer) addQueryTF(ctx context.Context, l Leaf, norm *fieldNorm, need uint64, cands []uint32) error {
	return s.eachQueryMatch(ctx, l, false, need, cands, func(d uint32, _ float64) {
		if s.needs(d, need) {
			length := uint64(0)
			if norm.lengths != nil {
				length = norm.lengths.Of(d)
			}
			s.acc.addTF(d, norm.of(d, 1, length))
		}
	})
}
