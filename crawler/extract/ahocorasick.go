package extract

// litMatcher finds which of many literal strings occur in a text in one
// pass (Aho-Corasick). The classifier uses it to run a regular expression
// only on the sentences that hold one of its required literals: a few
// thousand regexp runs per page instead of a few hundred thousand.
type litMatcher struct {
	nodes []acNode
	// The automaton as a DFA over byte classes: bytes that occur in no
	// literal share class 0, so the table stays small. delta[n*classes+c]
	// is where node n goes on a byte of class c, fail links included.
	class   [256]uint8
	classes int
	delta   []int32
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

// newLitMatcher builds the automaton; literal i reports id i.
func newLitMatcher(lits []string) *litMatcher {
	m := &litMatcher{nodes: []acNode{{}}}
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

// buildDFA fills the dense transition table and the flat output lists. It
// visits the nodes breadth-first (node ids grow with depth), so a node's
// fail target, which is shallower, is complete before the node is.
func (m *litMatcher) buildDFA() {
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
	if m.classes > 256 {
		panic("extract: literal automaton has too many byte classes") // cannot happen: 255 used bytes + 1
	}
	k := m.classes
	m.delta = make([]int32, len(m.nodes)*k)
	order := []int32{0}
	for i := 0; i < len(order); i++ {
		n := order[i]
		row := m.delta[int(n)*k : int(n+1)*k]
		if n > 0 {
			copy(row, m.delta[int(m.nodes[n].fail)*k:int(m.nodes[n].fail+1)*k])
		}
		for _, e := range m.nodes[n].next {
			row[m.class[e.b]] = e.to
			order = append(order, e.to)
		}
	}
	m.outStart = make([]int32, len(m.nodes)+1)
	for n := range m.nodes {
		m.outs = append(m.outs, m.nodes[n].out...)
		m.outStart[n+1] = int32(len(m.outs))
	}
}

func (m *litMatcher) insertEdge(from int32, b byte, to int32) {
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

// scan calls found for every literal occurrence in text (ids may repeat),
// with the index of the occurrence's last byte.
func (m *litMatcher) scan(text string, found func(id int32, end int)) {
	cur, k := int32(0), int32(m.classes)
	delta, outStart, class := m.delta, m.outStart, &m.class
	for i := 0; i < len(text); i++ {
		cur = delta[cur*k+int32(class[text[i]])]
		for _, id := range m.outs[outStart[cur]:outStart[cur+1]] {
			found(id, i)
		}
	}
}
