package index

import (
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pmkb/pmkb/data"
)

// loadNames loads the company table (unless the options gave one) and the
// technology aliases of the gazetteer.
func (ix *Index) loadNames() error {
	ix.companies = ix.opts.Companies
	if len(ix.companies.Companies) == 0 {
		co, err := data.DefaultCompanies()
		if err != nil {
			return err
		}
		ix.companies = co
	}
	g, err := data.DefaultGazetteer()
	if err != nil {
		return err
	}
	ix.techs = map[string]string{}
	for _, t := range g.Technologies {
		name := strings.ToLower(t.Name)
		for _, a := range append([]string{t.Name}, t.Aliases...) {
			if k := strings.ToLower(strings.TrimSpace(a)); k != "" {
				if _, taken := ix.techs[k]; !taken {
					ix.techs[k] = name
				}
			}
		}
	}
	return nil
}

// companyFilter matches records of the company v names: through the
// company table (any spelling, any case), or by a whole word or the start
// of a word of the company's names ("travis" finds "Travis CI").
func (ix *Index) companyFilter(v string) bq.Query {
	v = strings.ToLower(strings.TrimSpace(v))
	qs := []bq.Query{termQ(fCompanyKey, v)}
	if c := strings.ToLower(ix.companies.Canonical(v)); c != v {
		qs = append(qs, termQ(fCompanyKey, c))
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' }) && len([]rune(v)) >= 3 {
		p := bq.NewPrefixQuery(v)
		p.SetField(fCompanyWd)
		qs = append(qs, p)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bq.NewDisjunctionQuery(qs)
}

// techFilter matches records naming technology v under any spelling the
// gazetteer knows ("k8s" finds Kubernetes), without case.
func (ix *Index) techFilter(v string) bq.Query {
	v = strings.ToLower(strings.TrimSpace(v))
	if name, ok := ix.techs[v]; ok && name != v {
		return bq.NewDisjunctionQuery([]bq.Query{termQ(fTechKey, v), termQ(fTechKey, name)})
	}
	return termQ(fTechKey, v)
}
