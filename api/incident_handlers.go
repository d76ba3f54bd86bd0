package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/data"
	"github.com/pmkb/pmkb/index"
)

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
	ans, err := h.readIncident(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ans)
}

// readIncident reads a record and the ids of its duplicates.
func (h *Handler) readIncident(ctx context.Context, id string) (incidentAnswer, error) {
	pm, err := h.idx.Get(ctx, id)
	if err != nil {
		return incidentAnswer{}, err
	}
	dups, err := h.idx.Duplicates(ctx, id)
	if err != nil {
		return incidentAnswer{}, err
	}
	return incidentAnswer{Postmortem: normalizeRecord(pm), Duplicates: dups}, nil
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
	res, err := h.idx.Similar(c.Request.Context(), id, size)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newHitsResponse(res))
}

// similarText answers POST /api/v1/similar: incidents like a pasted alert
// or symptom description.
func (h *Handler) similarText(c *gin.Context) {
	req, err := h.readSimilarRequest(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	res, err := h.idx.SimilarText(c.Request.Context(), req.Text, req.Size)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newHitsResponse(res))
}

// readSimilarRequest decodes and checks the body of POST /similar.
func (h *Handler) readSimilarRequest(c *gin.Context) (similarRequest, error) {
	var req similarRequest
	body, err := h.readBody(c)
	if err != nil {
		return req, err
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

// readBody reads a request body of at most MaxBodyBytes, which must be
// JSON when it says what it is. The body is capped before it is read, so a
// huge upload costs nothing.
func (h *Handler) readBody(c *gin.Context) ([]byte, error) {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return nil, &inputError{status: http.StatusUnsupportedMediaType, code: codeMediaType,
				msg: "send the body as application/json"}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, h.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, badRequest("could not read the request body")
	}
	return body, nil
}

// pathID reads the :id path parameter; an id no record could have is a
// 404 without an index call.
func pathID(c *gin.Context) (string, error) {
	id, ok := httpx.PathID(c)
	if !ok {
		return "", &inputError{status: http.StatusNotFound, code: codeNotFound, msg: "no incident has that id"}
	}
	return id, nil
}

func newHitsResponse(res index.Results) hitsResponse {
	return hitsResponse{Total: res.Total, TookMS: millis(res.Took), Hits: array(res.Hits)}
}
