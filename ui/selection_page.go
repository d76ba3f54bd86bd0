package ui

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/data/export"
	"github.com/pmkb/pmkb/index"
)

// selectionView is the data of /selection: a talk basket, shared by URL.
type selectionView struct {
	page
	IDs          string // the ids in order, comma-separated, for the script
	Edit         bool   // the page follows a move or removal made on it
	Items        []selectionItem
	Missing      []string
	Exports      []exportLink
	Markdown     string
	MarkdownRows int
}

type selectionItem struct {
	ID, Title, Company, Lang string
	Date, DateText           string
	Link                     string
	Archived                 bool // Link is the archived copy: the original is dead
	Local                    bool // Link is this server's rendering of a local file
	UpURL, DownURL           string
	RemoveURL                string
}

type exportLink struct{ Format, Label, URL string }

var exportLabels = map[string]string{
	export.Markdown: msg("Markdown table"), export.CSV: "CSV", export.JSON: "JSON", export.BibTeX: "BibTeX",
}

// selectionPage renders /selection?ids=ID,ID...: the incidents in that
// order, each once, with links that move or remove one (new URLs, so the
// page works without JavaScript) and the exports. Ids that name no
// incident are listed, not fatal: the rest of the selection still shows.
func (h *Handler) selectionPage(c *gin.Context) {
	l := h.loc(c)
	v := selectionView{page: page{Title: l.T("Your selection"), Nav: "selection"}, Edit: c.Query("edit") == "1"}
	var ids []string
	if raw := c.Query("ids"); strings.Trim(raw, ", ") != "" {
		var err error
		if ids, err = export.ParseIDs(raw, httpx.ValidID); err != nil {
			h.errorPage(c, http.StatusBadRequest, "Bad selection", "%s", l.errorText(strings.TrimPrefix(err.Error(), "export: ")))
			return
		}
	}
	pms, err := h.resolveSelection(c, ids, &v.Missing)
	if err != nil {
		h.fail(c, err)
		return
	}
	found := make([]string, len(pms))
	for i, pm := range pms {
		found[i] = pm.ID
	}
	v.IDs = strings.Join(found, ",")
	now := time.Now()
	var entries []export.Entry
	for i, pm := range pms {
		e := export.NewEntry(pm, now)
		entries = append(entries, e)
		v.Items = append(v.Items, selectionItem{
			ID: pm.ID, Title: orUntitled(l, pm.Title), Company: pm.Company, Lang: pm.Language,
			Date: e.Date, DateText: l.Date(e.Date), Link: safeURL(e.Link), Archived: e.Link != pm.URL,
			Local: ownSourcePath.MatchString(e.Link),
			UpURL: swapped(found, i, i-1), DownURL: swapped(found, i, i+1), RemoveURL: selectionURL(slices.Delete(slices.Clone(found), i, i+1)),
		})
	}
	if len(entries) > 0 {
		var buf bytes.Buffer
		if err := export.Write(&buf, export.Markdown, entries); err != nil {
			h.fail(c, err)
			return
		}
		v.Markdown, v.MarkdownRows = buf.String(), min(len(entries)+3, 15)
		for _, f := range export.Formats {
			v.Exports = append(v.Exports, exportLink{Format: f, Label: l.T(exportLabels[f]),
				URL: pathWithQuery("/api/v1/export", url.Values{"ids": {v.IDs}, "format": {f}})})
		}
	}
	h.render(c, http.StatusOK, "selection", &v)
}

// resolveSelection reads the records of ids, each incident once (a record
// merged into another stands for it); ids the index lacks go to missing.
func (h *Handler) resolveSelection(c *gin.Context, ids []string, missing *[]string) ([]data.Postmortem, error) {
	ctx := c.Request.Context()
	var seen []string
	var out []data.Postmortem
	for _, id := range ids {
		p, err := h.idx.Primary(ctx, id)
		if errors.Is(err, index.ErrNotFound) {
			*missing = append(*missing, id)
			continue
		}
		if err != nil {
			return nil, err
		}
		if slices.Contains(seen, p) {
			continue
		}
		seen = append(seen, p)
		pm, err := h.idx.Get(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, pm)
	}
	return out, nil
}

// swapped returns the selection URL with the ids at i and j swapped, ""
// when j is out of range.
func swapped(ids []string, i, j int) string {
	if j < 0 || j >= len(ids) {
		return ""
	}
	out := slices.Clone(ids)
	out[i], out[j] = out[j], out[i]
	return selectionURL(out)
}

// selectionURL is the page of ids after an edit made on it.
func selectionURL(ids []string) string {
	v := url.Values{"edit": {"1"}}
	if len(ids) > 0 {
		v.Set("ids", strings.Join(ids, ","))
	}
	return pathWithQuery("/selection", v)
}
