package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/pmkb/pmkb/index"
)

func runSearch(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "search")
	var cats stringsFlag
	fs.Var(&cats, "category", "only incidents with this category slug (repeatable: any of them)")
	company := fs.String("company", "", "only incidents of this company")
	year := fs.String("year", "", "only incidents of this year (YYYY)")
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	size := fs.Int("size", 10, "number of hits (at most 100)")
	sort := fs.String("sort", index.SortRelevance, "relevance, newest or oldest")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	q := index.Query{Text: strings.Join(rest, " "), Categories: cats, Sort: *sort, Size: *size}
	if *company != "" {
		q.Companies = []string{*company}
	}
	if *year != "" {
		q.Years = []string{*year}
	}
	d, err := openDataDir(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.seedIfEmpty(ctx, e); err != nil {
		return err
	}
	res, err := d.ix.Search(ctx, q)
	if err != nil {
		if qe, ok := asQueryError(err); ok {
			return &usageError{msg: qe.Msg}
		}
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printHits(e, res)
	return nil
}

func printHits(e env, res index.Results) {
	if res.DidYouMean != "" {
		fmt.Fprintf(e.stdout, "Did you mean: %s\n", res.DidYouMean)
	}
	fmt.Fprintf(e.stdout, "%d incidents\n\n", res.Total)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, h := range res.Hits {
		date := h.IncidentDate
		if date == "" {
			date = "----------"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", date, h.Company, h.Title, strings.Join(h.Categories, ","))
		fmt.Fprintf(tw, "\t\t%s\t%s\n", h.URL, h.ID)
		if h.RootCause != "" {
			fmt.Fprintf(tw, "\t\troot cause: %s\t\n", oneLine(h.RootCause, 160))
		}
	}
	tw.Flush()
}

// oneLine squeezes s onto one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
