package engine

import (
	"cmp"
	"container/heap"
	"slices"
)

// pageRef is a match kept for the page.
type pageRef struct {
	doc   uint32
	score float64
	day   int32
}

// pageHeap keeps the best keep matches seen; its root is the worst kept.
type pageHeap struct {
	keep  int
	less  func(a, b pageRef) bool // a ranks below b
	items []pageRef
}

func (h *pageHeap) Len() int           { return len(h.items) }
func (h *pageHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *pageHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *pageHeap) Push(x any)         { h.items = append(h.items, x.(pageRef)) }
func (h *pageHeap) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

// offer keeps ref when it ranks among the best keep.
func (h *pageHeap) offer(ref pageRef) {
	if len(h.items) < h.keep {
		heap.Push(h, ref)
		return
	}
	if h.less(h.items[0], ref) {
		h.items[0] = ref
		heap.Fix(h, 0)
	}
}

// sorted returns the kept matches best first.
func (h *pageHeap) sorted() []pageRef {
	out := slices.Clone(h.items)
	slices.SortFunc(out, func(a, b pageRef) int {
		switch {
		case h.less(b, a):
			return -1
		case h.less(a, b):
			return 1
		}
		return 0
	})
	return out
}

// Order is how a search ranks its matches.
type Order int

// Orders: by score, or by day with undated records last (a search without
// words ranks by day, newest first, whatever its order).
const (
	ByScore Order = iota
	Newest
	Oldest
)

// best returns the kept matches best first, as Matches.
func (h *pageHeap) best() []Match {
	refs := h.sorted()
	out := make([]Match, len(refs))
	for i, r := range refs {
		out[i] = Match{Doc: r.doc, Score: r.score}
	}
	return out
}

// worseFor returns the ranking of an order: whether a ranks below b. Ties
// keep the index order (the lower record number first); undated records
// come last in both date orders.
func worseFor(o Order, scored bool) func(a, b pageRef) bool {
	byScore := func(a, b pageRef) int {
		if c := cmp.Compare(a.score, b.score); c != 0 {
			return c
		}
		return cmp.Compare(b.doc, a.doc)
	}
	switch {
	case o == Newest, o == Oldest, !scored:
		newest := o != Oldest
		return func(a, b pageRef) bool {
			if a.day != b.day {
				switch {
				case a.day == 0:
					return true
				case b.day == 0:
					return false
				case newest:
					return a.day < b.day
				}
				return a.day > b.day
			}
			return byScore(a, b) < 0
		}
	}
	return func(a, b pageRef) bool { return byScore(a, b) < 0 }
}
