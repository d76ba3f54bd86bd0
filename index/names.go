package index

import (
	"strings"

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
	ix.spot = data.NewTechSpotter(g)
	ix.sigs = data.NewTechSpotter(g.BySignature())
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
