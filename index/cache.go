package index

import (
	"fmt"
	"sync"
)

// browseCacheSize bounds how many browse results (searches without words)
// the index keeps. Such searches (the landing page, a click on a category)
// are few and repeat often, but must count every record, which costs time
// linear in the index size.
const browseCacheSize = 128

// browseCache keeps recent results of searches without words, valid for
// one generation of the index: any write bumps the generation.
type browseCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[string]Results
	order   []string // oldest first
}

// bump invalidates every entry; writes call it.
func (c *browseCache) bump() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.entries, c.order = nil, nil
}

// get returns the cached results for key, if any. It also returns the
// generation to store a fresh result under.
func (c *browseCache) get(key string) (Results, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	if ok {
		r = r.clone() // callers may change what they get
	}
	return r, c.gen, ok
}

// clone copies the slices and maps of r.
func (r Results) clone() Results {
	out := r
	out.Hits = append([]Hit(nil), r.Hits...)
	out.Facets = make(map[string][]FacetValue, len(r.Facets))
	for k, v := range r.Facets {
		out.Facets[k] = append([]FacetValue(nil), v...)
	}
	if r.FacetOther != nil {
		out.FacetOther = make(map[string]int, len(r.FacetOther))
		for k, v := range r.FacetOther {
			out.FacetOther[k] = v
		}
	}
	return out
}

// put stores res for key unless the index changed since gen was read.
func (c *browseCache) put(key string, gen uint64, res Results) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil {
		c.entries = map[string]Results{}
	}
	if _, ok := c.entries[key]; !ok {
		c.order = append(c.order, key)
	}
	c.entries[key] = res.clone()
	for len(c.order) > browseCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

// browseKey identifies a validated search without words.
func browseKey(q Query) string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%q|%q|%s|%d|%d", q.Categories, q.Companies, q.Technologies, q.Years, q.Sources, q.Languages, q.Collections, q.Sort, q.From, q.Size)
}
