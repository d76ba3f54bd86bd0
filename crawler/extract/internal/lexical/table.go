package lexical

import "fmt"

// vocabTable finds a term's index in the vocabulary: an open-addressing
// hash table (FNV-1a, linear probing, at most half full). Add looks every
// word of a post up, most of them not in the vocabulary; this is about
// twice as fast as a map for that.
type vocabTable struct {
	terms []string
	slots []int32 // index+1 into terms, 0 for empty
	mask  uint32
}

// newVocabTable lays terms out; a term given twice is an error.
func newVocabTable(terms []string) (vocabTable, error) {
	size := uint32(16)
	for size < uint32(2*len(terms)) {
		size *= 2
	}
	t := vocabTable{terms: terms, slots: make([]int32, size), mask: size - 1}
	for i, w := range terms {
		j := fnv(w) & t.mask
		for t.slots[j] != 0 {
			if terms[t.slots[j]-1] == w {
				return vocabTable{}, fmt.Errorf("lexical: model term %q twice", w)
			}
			j = (j + 1) & t.mask
		}
		t.slots[j] = int32(i + 1)
	}
	return t, nil
}

// find returns w's index, -1 when w is not a term.
func (t *vocabTable) find(w string) int32 {
	for j := fnv(w) & t.mask; ; j = (j + 1) & t.mask {
		s := t.slots[j]
		if s == 0 {
			return -1
		}
		if t.terms[s-1] == w {
			return s - 1
		}
	}
}

func fnv(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}
