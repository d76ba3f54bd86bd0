package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

func runSearch(ctx context.Context, e env, args []string) error {
	fs, dir := newFlags(e, "search")
	var cats stringsFlag
	fs.Var(&cats, "category", "only incidents with this category slug (repeatable: any of them)")
	company := fs.String("company", "", "only incidents of this company")
	year := fs.String("year", "", "only incidents of this year (YYYY)")
	var colls stringsFlag
	fs.Var(&colls, "collection", `only incidents of this collection: "public" or a name given to add or crawl (repeatable: any of them)`)
	asJSON := fs.Bool("json", false, "print the API's JSON answer")
	size := fs.Int("size", 10, "number of hits (at most 100)")
	sort := fs.String("sort", index.SortRelevance, "relevance, newest or oldest")
	rest, err := e.parseFlags(fs, args)
	if err != nil {
		return err
	}
	q := index.Query{Text: strings.Join(rest, " "), Categories: cats, Collections: colls, Sort: *sort, Size: *size}
	if *company != "" {
		q.Companies = []string{*company}
	}
	if *year != "" {
		q.Years = []string{*year}
	}
	res, err := searchDataDir(ctx, e, *dir, q)
	if err != nil {
		if qe, ok := asQueryError(err); ok {
			return &usageError{msg: qe.Msg}
		}
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(jsonResults{Results: res, TookMS: float64(res.Took.Microseconds()) / 1000})
	}
	printHits(e, q, res)
	return nil
}

// jsonResults is the API's search answer: the results plus took_ms.
type jsonResults struct {
	index.Results
	TookMS float64 `json:"took_ms"`
}

// searchDataDir searches the index in dir, or, when a pmkb server holds
// that data dir, asks the server, so searching from a terminal works while
// the server runs.
func searchDataDir(ctx context.Context, e env, dir string, q index.Query) (index.Results, error) {
	d, err := openReader(ctx, e, dir)
	var le *lockedError
	if errors.As(err, &le) && le.holder.addr != "" {
		return remoteSearch(ctx, le.holder.addr, q)
	}
	if err != nil {
		return index.Results{}, err
	}
	defer d.Close()
	return d.ix.Search(ctx, q)
}

// remoteSearch runs q through a running server's search API.
func remoteSearch(ctx context.Context, addr string, q index.Query) (index.Results, error) {
	v := url.Values{}
	set := func(k string, vals []string) {
		for _, s := range vals {
			v.Add(k, s)
		}
	}
	v.Set("q", q.Text)
	set("category", q.Categories)
	set("company", q.Companies)
	set("year", q.Years)
	set("collection", q.Collections)
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if q.Size != 0 {
		v.Set("size", strconv.Itoa(q.Size))
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	u := "http://" + addr + "/api/v1/search?" + v.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return index.Results{}, err
	}
	if tok := os.Getenv("PMKB_READ_TOKEN"); tok != "" { // a private server wants its token
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return index.Results{}, fmt.Errorf("search through the running server: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return index.Results{}, fmt.Errorf("search through the running server: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var apiErr struct {
			Error struct{ Code, Message string }
		}
		json.Unmarshal(body, &apiErr)
		if resp.StatusCode < 500 && apiErr.Error.Message != "" {
			return index.Results{}, &index.QueryError{Msg: apiErr.Error.Message}
		}
		return index.Results{}, fmt.Errorf("search through the running server: %s", resp.Status)
	}
	var jr jsonResults
	if err := json.Unmarshal(body, &jr); err != nil {
		return index.Results{}, fmt.Errorf("search through the running server: %w", err)
	}
	jr.Results.Took = time.Duration(jr.TookMS * float64(time.Millisecond))
	return jr.Results, nil
}

// printHits writes results for a person at a terminal: one block per
// incident, no line padded past its text.
func printHits(e env, q index.Query, res index.Results) {
	w := e.stdout
	if res.DidYouMean != "" {
		fmt.Fprintf(w, "Did you mean: %s\n", res.DidYouMean)
	}
	if res.Total == 0 {
		fmt.Fprintln(w, "No incidents found.")
		return
	}
	fmt.Fprintf(w, "%d-%d of %d incidents\n", q.From+1, q.From+len(res.Hits), res.Total)
	for _, h := range res.Hits {
		date := h.IncidentDate
		if date == "" {
			date = "????-??-??"
		}
		who := h.Company + ": "
		if h.Company == "" { // a team's own post-mortem names no company
			who = ""
		}
		if h.Collection != "" && h.Collection != data.PublicCollection {
			who = "[" + h.Collection + "] " + who
		}
		fmt.Fprintf(w, "\n%s  %s%s\n", date, who, oneLine(h.Title, 100))
		if len(h.Categories) > 0 {
			fmt.Fprintf(w, "            [%s]\n", strings.Join(h.Categories, ", "))
		}
		if h.RootCause != "" {
			fmt.Fprintf(w, "            root cause: %s\n", oneLine(h.RootCause, 140))
		}
		fmt.Fprintf(w, "            %s  (id %s)\n", h.URL, h.ID)
	}
	if res.Total > uint64(len(res.Hits)) {
		fmt.Fprintf(w, "\n%d more: use --size (up to %d) to see more.\n", res.Total-uint64(len(res.Hits)), index.MaxSize)
	}
}

// oneLine squeezes s onto one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
