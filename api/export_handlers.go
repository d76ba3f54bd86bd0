package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data/export"
	"github.com/pmkb/pmkb/index"
)

// export answers GET /api/v1/export?ids=ID,ID...&format=md|csv|json|bibtex:
// a selection (a talk basket) as a file, in the order given, a merged
// incident once. An unknown id is a 404 that names it.
func (h *Handler) export(c *gin.Context) {
	format := c.DefaultQuery("format", export.Markdown)
	if !slices.Contains(export.Formats, format) {
		h.fail(c, badRequest(fmt.Sprintf("format must be md, csv, json or bibtex, got %q", format)))
		return
	}
	ids, err := export.ParseIDs(c.Query("ids"), httpx.ValidID)
	if err != nil {
		h.fail(c, badRequest(err.Error()))
		return
	}
	pms, err := export.Resolve(c.Request.Context(), h.idx, ids)
	if errors.Is(err, index.ErrNotFound) {
		h.fail(c, &inputError{status: http.StatusNotFound, code: codeNotFound, msg: err.Error()})
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	now := time.Now()
	entries := make([]export.Entry, 0, len(pms))
	for _, pm := range pms {
		entries = append(entries, export.NewEntry(pm, now))
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, entries); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="pmkb-selection.%s"`, fileExt(format)))
	c.Data(http.StatusOK, export.ContentType(format), buf.Bytes())
}

func fileExt(format string) string {
	if format == export.BibTeX {
		return "bib"
	}
	return format
}
