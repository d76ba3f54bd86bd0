// Package ahocorasick finds which of many literal strings occur in a text, in one pass.
package ahocorasick

// Matcher finds which of many literal strings occur in a text in one
// pass (Aho-Corasick). The classifier uses it to run a regular expression
// only on the sentences that hold one of its required literals: a few
// thousand regexp runs per page instead of a few hundred thousand.
type Matcher struct {
	nodes []acNode
	// The automaton as a DFA over byte classes: bytes that occur in no
	// literal share class 0, so the table stays small. delta[n*classes+c]
	// is where node n goes on a byte of class c, fail links included.
	class   [256]uint8
	fold    [256]uint8 // class of the byte with ASCII letters lower-cased
	classes int
	delta   []uint16 // when there are at most 1<<16 states: half the cache
	delta32 []int32  // otherwise
	// firstOut is the first row of the states with outputs: the rows
	// before it have none (see buildDFA).
	firstOut int32
	// outs[outStart[n]:outStart[n+1]] are node n's outputs.
	outStart []int32
	outs     []int32
}

type acNode struct {
	next []acEdge // sorted by byte
	fail int32
	out  []int32 // ids of the literals that end here (own and via fail links)
}

type acEdge struct {
	b  byte
	to int32
}

func (n *acNode) child(b byte) int32 {
	for _, e := range n.next {
		if e.b == b {
			return e.to
		}
		if e.b > b {
			break
		}
	}
	return -1
}

// New builds the automaton; literal i reports id i.
func New(lits []string) *Matcher {
	m := &Matcher{nodes: []acNode{{}}}
	for id, l := range lits {
		cur := int32(0)
		for i := 0; i < len(l); i++ {
			nx := m.nodes[cur].child(l[i])
			if nx < 0 {
				nx = int32(len(m.nodes))
				m.nodes = append(m.nodes, acNode{})
				m.insertEdge(cur, l[i], nx)
			}
			cur = nx
		}
		m.nodes[cur].out = append(m.nodes[cur].out, int32(id))
	}
	// Breadth-first: fail links, and outputs inherited along them.
	queue := []int32{}
	for _, e := range m.nodes[0].next {
		queue = append(queue, e.to)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, e := range m.nodes[n].next {
			f := m.nodes[n].fail
			for f > 0 && m.nodes[f].child(e.b) < 0 {
				f = m.nodes[f].fail
			}
			if c := m.nodes[f].child(e.b); c >= 0 && c != e.to {
				m.nodes[e.to].fail = c
			}
			m.nodes[e.to].out = append(m.nodes[e.to].out, m.nodes[m.nodes[e.to].fail].out...)
			queue = append(queue, e.to)
		}
	}
	m.buildDFA()
	return m
}

// buildDFA fills the dense transition table and the flat output lists.
// Rows are numbered breadth-first, so the shallow states a scan spends
// most of its time in share a few cache lines, except that the states
// with outputs come after all the others (from row firstOut): a scan then
// knows from the row alone whether a literal ends there. Rows are filled
// breadth-first: a node's fail target is shallower, so its row is
// complete before the node's is built.
func (m *Matcher) buildDFA() {
	m.buildClasses()
	order := []int32{0}
	for i := 0; i < len(order); i++ {
		for _, e := range m.nodes[order[i]].next {
			order = append(order, e.to)
		}
	}
	row := m.rows(order)
	k := m.classes
	m.delta32 = make([]int32, len(order)*k)
	for _, n := range order {
		r := int(row[n])
		dst := m.delta32[r*k : (r+1)*k]
		if n != 0 {
			f := int(row[m.nodes[n].fail])
			copy(dst, m.delta32[f*k:(f+1)*k])
		}
		for _, e := range m.nodes[n].next {
			dst[m.class[e.b]] = row[e.to]
		}
	}
	byRow := make([]int32, len(order))
	for n, r := range row {
		byRow[r] = int32(n)
	}
	m.outStart = make([]int32, len(order)+1)
	for r, n := range byRow {
		m.outs = append(m.outs, m.nodes[n].out...)
		m.outStart[r+1] = int32(len(m.outs))
	}
	if len(order) <= 1<<16 {
		m.delta = make([]uint16, len(m.delta32))
		for i, to := range m.delta32 {
			m.delta[i] = uint16(to)
		}
		m.delta32 = nil
	}
}

// buildClasses numbers the byte classes: one per byte some literal holds,
// and class 0 for the rest.
func (m *Matcher) buildClasses() {
	var used [256]bool
	for _, n := range m.nodes {
		for _, e := range n.next {
			used[e.b] = true
		}
	}
	m.classes = 1
	for b := 0; b < 256; b++ {
		if used[b] {
			m.class[b] = uint8(m.classes)
			m.classes++
		}
	}
	for b := 0; b < 256; b++ {
		m.fold[b] = m.class[LowerByte(byte(b))]
	}
}

// rows numbers the nodes in order, those with outputs last, and sets
// firstOut; the root stays row 0, and when it has outputs (an empty
// literal) every row counts as one with outputs.
func (m *Matcher) rows(order []int32) []int32 {
	row := make([]int32, len(m.nodes)) // node -> row; the root's is 0
	r := int32(1)
	for _, withOut := range []bool{false, true} {
		if withOut {
			m.firstOut = r
		}
		for _, n := range order[1:] {
			if (len(m.nodes[n].out) > 0) == withOut {
				row[n] = r
				r++
			}
		}
	}
	if len(m.nodes[0].out) > 0 {
		m.firstOut = 0
	}
	return row
}

func (m *Matcher) insertEdge(from int32, b byte, to int32) {
	next := m.nodes[from].next
	i := 0
	for i < len(next) && next[i].b < b {
		i++
	}
	next = append(next, acEdge{})
	copy(next[i+1:], next[i:])
	next[i] = acEdge{b, to}
	m.nodes[from].next = next
}

// Scan calls found for every literal occurrence in text (ids may repeat),
// with the index of the occurrence's last byte.
func (m *Matcher) Scan(text string, found func(id int32, end int)) { m.scan(&m.class, text, found) }

// ScanFold is Scan of text with its ASCII letters lower-cased, without
// copying it.
func (m *Matcher) ScanFold(text string, found func(id int32, end int)) { m.scan(&m.fold, text, found) }

func (m *Matcher) scan(class *[256]uint8, text string, found func(id int32, end int)) {
	if m.delta != nil {
		scanDFA(m, m.delta, class, text, found)
	} else {
		scanDFA(m, m.delta32, class, text, found)
	}
}

// Contains reports whether any of the literals occurs in text.
func (m *Matcher) Contains(text string) bool { return m.contains(&m.class, text) }

// ContainsFold is Contains of text with its ASCII letters lower-cased,
// without copying it.
func (m *Matcher) ContainsFold(text string) bool { return m.contains(&m.fold, text) }

func (m *Matcher) contains(class *[256]uint8, text string) bool {
	if m.delta != nil {
		return containsDFA(m, m.delta, class, text)
	}
	return containsDFA(m, m.delta32, class, text)
}

// LowerByte lower-cases an ASCII letter and returns any other byte as is.
func LowerByte(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

func containsDFA[T uint16 | int32](m *Matcher, delta []T, class *[256]uint8, text string) bool {
	cur, k, firstOut := 0, m.classes, int(m.firstOut)
	for i := 0; i < len(text); i++ {
		cur = int(delta[cur*k+int(class[text[i]])])
		if cur >= firstOut && m.outStart[cur] != m.outStart[cur+1] {
			return true
		}
	}
	return false
}

func scanDFA[T uint16 | int32](m *Matcher, delta []T, class *[256]uint8, text string, found func(id int32, end int)) {
	cur, k, firstOut := 0, m.classes, int(m.firstOut)
	outStart := m.outStart
	for i := 0; i < len(text); i++ {
		cur = int(delta[cur*k+int(class[text[i]])])
		if cur >= firstOut {
			for _, id := range m.outs[outStart[cur]:outStart[cur+1]] {
				found(id, i)
			}
		}
	}
}
