package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/data/export"
	"github.com/pmkb/pmkb/index"
)

func runExport(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "export")
	format := fs.String("format", "jsonl", "jsonl, csv or md; with --ids: md (the default), csv, json or bibtex")
	q := fs.String("q", "", "only incidents matching this query")
	var cats stringsFlag
	fs.Var(&cats, "category", "only incidents with this category slug (repeatable)")
	ids := fs.String("ids", "", "only these incidents (ID,ID,...), in this order, a merged incident once: a talk's reference table")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &usageError{msg: fmt.Sprintf("unexpected argument %q (export writes to stdout)", rest[0])}
	}
	if *ids != "" {
		if *q != "" || len(cats) > 0 {
			return &usageError{msg: "--ids selects the incidents itself: leave out --q and --category"}
		}
		if !flagSet(fs, "format") {
			*format = export.Markdown
		}
		return exportSelection(ctx, e, *dir, *ids, *format)
	}
	w, err := newExportWriter(*format, e.stdout)
	if err != nil {
		return err
	}
	if *format != "jsonl" {
		w = byDate(w) // tables are for people: oldest incident first
	}
	d, err := openReader(ctx, e, *dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if *q == "" && len(cats) == 0 {
		err = d.ix.Each(ctx, w.write)
	} else {
		err = eachMatch(ctx, d.ix, index.Query{Text: *q, Categories: cats}, w.write)
	}
	if err != nil {
		if qe, ok := asQueryError(err); ok {
			return &usageError{msg: qe.Msg}
		}
		return err
	}
	return w.close()
}

// eachMatch calls fn for every record matching q, page by page, up to the
// index's paging window.
func eachMatch(ctx context.Context, ix *index.Index, q index.Query, fn func(data.Postmortem) error) error {
	q.Size = index.MaxSize
	for q.From = 0; q.From+q.Size <= index.MaxWindow; q.From += q.Size {
		res, err := ix.Search(ctx, q)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			pm, err := ix.Get(ctx, h.ID)
			if err != nil {
				return err
			}
			if err := fn(pm); err != nil {
				return err
			}
		}
		if len(res.Hits) < q.Size {
			return nil
		}
	}
	return nil
}

func asQueryError(err error) (*index.QueryError, bool) {
	var qe *index.QueryError
	ok := errors.As(err, &qe)
	return qe, ok
}

// exportWriter writes records in one format.
type exportWriter struct {
	write func(data.Postmortem) error
	close func() error
}

func newExportWriter(format string, out io.Writer) (exportWriter, error) {
	bw := bufio.NewWriter(out)
	switch format {
	case "jsonl":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		return exportWriter{write: func(pm data.Postmortem) error { return enc.Encode(pm) }, close: bw.Flush}, nil
	case "csv":
		cw := csv.NewWriter(bw)
		header := []string{"id", "incident_date", "company", "title", "url", "archive_url", "categories", "technologies", "root_cause", "fetch_status", "sources", "collection"}
		if err := cw.Write(header); err != nil {
			return exportWriter{}, err
		}
		return exportWriter{
			write: func(pm data.Postmortem) error {
				var srcs []string
				for _, s := range pm.Sources {
					srcs = append(srcs, strings.TrimSuffix(s.List+"#"+s.Section, "#"))
				}
				return cw.Write([]string{pm.ID, pm.IncidentDate, pm.Company, pm.Title, pm.URL, pm.ArchiveURL,
					strings.Join(pm.Categories, ";"), strings.Join(pm.Technologies, ";"), pm.RootCause,
					pm.Fetch.Status, strings.Join(srcs, ";"), pm.CollectionName()})
			},
			close: func() error { cw.Flush(); return errors.Join(cw.Error(), bw.Flush()) },
		}, nil
	case "md":
		fmt.Fprintln(bw, "| date | company | incident | categories | root cause |")
		fmt.Fprintln(bw, "|---|---|---|---|---|")
		return exportWriter{
			write: func(pm data.Postmortem) error {
				_, err := fmt.Fprintf(bw, "| %s | %s | [%s](%s) | %s | %s |\n", pm.IncidentDate, mdCell(pm.Company),
					mdCell(pm.Title), pm.URL, strings.Join(pm.Categories, ", "), mdCell(oneLine(pm.RootCause, 300)))
				return err
			},
			close: bw.Flush,
		}, nil
	}
	return exportWriter{}, &usageError{msg: fmt.Sprintf("--format must be jsonl, csv or md, got %q", format)}
}

// byDate buffers records and writes them oldest incident first (undated
// last, then by company and title) when the export closes.
func byDate(w exportWriter) exportWriter {
	var recs []data.Postmortem
	return exportWriter{
		write: func(pm data.Postmortem) error { recs = append(recs, pm); return nil },
		close: func() error {
			slices.SortStableFunc(recs, func(a, b data.Postmortem) int {
				da, db := a.IncidentDate, b.IncidentDate
				if (da == "") != (db == "") {
					return cmp.Compare(len(db), len(da)) // dated before undated
				}
				return cmp.Or(cmp.Compare(da, db),
					cmp.Compare(a.Company, b.Company), cmp.Compare(a.Title, b.Title))
			})
			for _, pm := range recs {
				if err := w.write(pm); err != nil {
					return err
				}
			}
			return w.close()
		},
	}
}

func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "[", `\[`)
	return strings.ReplaceAll(s, "]", `\]`)
}
