package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data/export"
	"github.com/pmkb/pmkb/index"
)

// exportSelection writes the incidents ids names (a talk basket) in
// format, as GET /api/v1/export does: the same bytes, from the data dir,
// or from the server that holds it, as `pmkb search` does.
func exportSelection(ctx context.Context, e env, dir, rawIDs, format string) error {
	if !slices.Contains(export.Formats, format) {
		return &usageError{msg: fmt.Sprintf("with --ids, --format must be md, csv, json or bibtex, got %q", format)}
	}
	ids, err := export.ParseIDs(rawIDs, httpx.ValidID)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	d, err := openReader(ctx, e, dir)
	var le *lockedError
	if errors.As(err, &le) && le.holder.addr != "" {
		return remoteExport(ctx, e, le.holder.addr, ids, format)
	}
	if err != nil {
		return err
	}
	defer d.Close()
	pms, err := export.Resolve(ctx, d.ix, ids)
	if errors.Is(err, index.ErrNotFound) {
		return fmt.Errorf("%w (no incident has that id)", err)
	}
	if err != nil {
		return err
	}
	now := time.Now()
	entries := make([]export.Entry, 0, len(pms))
	for _, pm := range pms {
		entries = append(entries, export.NewEntry(pm, now))
	}
	return export.Write(e.stdout, format, entries)
}

// remoteExport asks a running server for the selection and copies its
// answer to stdout.
func remoteExport(ctx context.Context, e env, addr string, ids []string, format string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v := url.Values{"format": {format}}
	v.Set("ids", joinIDs(ids))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/api/v1/export?"+v.Encode(), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("export through the running server: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return fmt.Errorf("export through the running server: %s: %s", resp.Status, apiMessage(body))
	}
	_, err = io.Copy(e.stdout, resp.Body)
	return err
}

func joinIDs(ids []string) string { return strings.Join(ids, ",") }

// apiMessage is the message of an API error body, or the body itself.
func apiMessage(body []byte) string {
	var ae struct {
		Error struct{ Message string }
	}
	if json.Unmarshal(body, &ae) == nil && ae.Error.Message != "" {
		return ae.Error.Message
	}
	return strings.TrimSpace(string(body))
}

// flagSet reports whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
