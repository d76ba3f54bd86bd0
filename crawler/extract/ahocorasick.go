package extract

// litMatcher finds which of many literal strings occur in a text in one
// pass (Aho-Corasick). The classifier uses it to run a regular expression
// only on the sentences that hold one of its required literals: a few
// thousand regexp runs per page instead of a few hundred thousand.
type litMatcher struct {
	nodes []acNode
	root  [256]int32 // the root's transitions, dense: every scan starts over there often
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
	for b := 0; b < 256; b++ {
		m.root[b] = max(m.nodes[0].child(byte(b)), 0)
	}
	return m
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
	cur := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		for cur > 0 {
			if c := m.nodes[cur].child(b); c >= 0 {
				cur = c
				goto matched
			}
			cur = m.nodes[cur].fail
		}
		cur = m.root[b]
	matched:
		for _, id := range m.nodes[cur].out {
			found(id, i)
		}
	}
}
