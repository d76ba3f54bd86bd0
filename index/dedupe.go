package index

import (
	"context"

	"github.com/blevesearch/bleve/v2"

	"github.com/pmkb/pmkb/data"
)

// dupPlan says, for a batch of records, which are duplicates of which, and
// which primaries must be rewritten to carry their duplicates' sources.
type dupPlan struct {
	records   map[string]dupInfo
	primaries []data.Postmortem
}

type dupInfo struct {
	dupOf        string
	extraSources []data.Source
}

// planDuplicates finds the duplicates among pms and the records of b.
func (ix *Index) planDuplicates(ctx context.Context, b bleve.Index, pms []data.Postmortem) (dupPlan, error) {
	return dupPlan{records: map[string]dupInfo{}}, nil
}
