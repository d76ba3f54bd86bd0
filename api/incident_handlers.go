package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

// idRE is what a record id can look like; anything else cannot exist.
var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// similarRequest is the body of POST /api/v1/similar.
type similarRequest struct {
	Text string `json:"text"`
	Size int    `json:"size"`
}

// incident answers GET /api/v1/incidents/:id with the whole record.
func (h *Handler) incident(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	ctx, cancel := h.withTimeout(c)
	defer cancel()
	pm, err := h.idx.Get(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	dups, err := h.idx.Duplicates(ctx, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, incidentAnswer{Postmortem: normalizeRecord(pm), Duplicates: dups})
}

// incidentAnswer is a record plus the ids of other records of the same
// incident (another post or URL about it) that searches fold into it.
type incidentAnswer struct {
	data.Postmortem
	Duplicates []string `json:"duplicates,omitempty"`
}

// similarTo answers GET /api/v1/incidents/:id/similar.
func (h *Handler) similarTo(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	size, err := intParam(c.Request.URL.Query(), "size")
	if err != nil {
		h.fail(c, err)
		return
	}
	ctx, cancel := h.withTimeout(c)
	defer cancel()
	start := time.Now()
	res, err := h.idx.Similar(ctx, id, size)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newHitsResponse(res, time.Since(start)))
}

// similarText answers POST /api/v1/similar: incidents like a pasted alert
// or symptom description.
func (h *Handler) similarText(c *gin.Context) {
	req, err := h.readSimilarRequest(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	ctx, cancel := h.withTimeout(c)
	defer cancel()
	start := time.Now()
	res, err := h.idx.SimilarText(ctx, req.Text, req.Size)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newHitsResponse(res, time.Since(start)))
}

// readSimilarRequest decodes and checks the body of POST /similar. The
// body is capped before it is read, so a huge upload costs nothing.
func (h *Handler) readSimilarRequest(c *gin.Context) (similarRequest, error) {
	var req similarRequest
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return req, &inputError{status: http.StatusUnsupportedMediaType, code: codeMediaType,
				msg: "send the body as application/json"}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, h.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return req, err
		}
		return req, badRequest("could not read the request body")
	}
	if err := decodeJSON(body, &req, "a JSON object with a text field"); err != nil {
		return req, err
	}
	req.Text = strings.TrimSpace(req.Text)
	switch n := utf8.RuneCountInString(req.Text); {
	case n == 0:
		return req, badRequest(`"text" is required: paste an alert or describe the symptom`)
	case n > h.opts.MaxTextLen:
		return req, badRequest(fmt.Sprintf(`"text" is %d characters long; the limit is %d`, n, h.opts.MaxTextLen))
	}
	return req, nil
}

func pathID(c *gin.Context) (string, error) {
	id := c.Param("id")
	if !idRE.MatchString(id) {
		return "", &inputError{status: http.StatusNotFound, code: codeNotFound, msg: "no incident has that id"}
	}
	return id, nil
}

func newHitsResponse(res index.Results, took time.Duration) hitsResponse {
	if res.Took > 0 {
		took = res.Took
	}
	return hitsResponse{
		Total:  res.Total,
		TookMS: float64(took.Microseconds()) / 1000,
		Hits:   normalizeHits(res.Hits),
	}
}

// normalizeRecord makes the record's lists JSON arrays, never null.
func normalizeRecord(pm data.Postmortem) data.Postmortem {
	if pm.Categories == nil {
		pm.Categories = []string{}
	}
	if pm.Technologies == nil {
		pm.Technologies = []string{}
	}
	if pm.Sources == nil {
		pm.Sources = []data.Source{}
	}
	return pm
}
