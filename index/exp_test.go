package index

import (
	"context"
	"testing"
	"time"
)

func BenchmarkExp(b *testing.B) {
	bi := benchIndexOf(b, 100_000)
	ctx := context.Background()
	for round := 0; round < 3; round++ {
		for _, q := range benchQueries {
			p, _ := bi.ix.plan(q)
			t0 := time.Now()
			res, err := bi.ix.Search(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			full := time.Since(t0)
			q2 := q
			q2.Categories, q2.Years, q2.Sources, q2.Technologies, q2.Languages = nil, nil, nil, nil, nil
			t0 = time.Now()
			res2, _ := bi.ix.Search(ctx, q2)
			nof := time.Since(t0)
			if round == 2 {
				b.Logf("%-28q total=%6d allw=%6d %7.2fms | nofilter total=%6d %7.2fms clauses=%d boost=%d", q.Text, res.Total, res.allWords, ms(full), res2.Total, ms(nof), len(p.text), len(p.boost))
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func BenchmarkExpOne(b *testing.B) {
	bi := benchIndexOf(b, 100_000)
	ctx := context.Background()
	qs := []Query{{Text: "split brain"}, {Text: "power failure datacenter"}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bi.ix.Search(ctx, qs[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}
