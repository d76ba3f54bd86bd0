package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/jobs"
	"github.com/pmkb/pmkb/data"
)

// maxCrawlLists bounds how many lists one admin crawl may name.
const maxCrawlLists = 20

// maxCompanyLen bounds the company name given with an added URL, in bytes.
const maxCompanyLen = 100

// crawlRequest is the body of POST /api/v1/admin/crawl; no body, or no
// lists, means the default lists.
type crawlRequest struct {
	Lists []string `json:"lists"`
}

// addRequest is the body of POST /api/v1/incidents.
type addRequest struct {
	URL     string `json:"url"`
	Company string `json:"company"`
}

// adminCrawl answers POST /api/v1/admin/crawl: a crawl of the given list
// URLs, or of the default lists, as a background job.
func (h *Handler) adminCrawl(c *gin.Context) {
	var req crawlRequest
	body, err := h.readBody(c)
	if err == nil && len(bytes.TrimSpace(body)) > 0 {
		err = decodeJSON(body, &req, `a JSON object such as {"lists": ["https://..."]}`)
	}
	if err == nil {
		err = checkListURLs(req.Lists)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.started(c)(h.opts.Admin.Crawl(req.Lists))
}

// checkListURLs accepts only absolute http(s) URLs: a path would let a
// token holder make the server read its own files.
func checkListURLs(lists []string) error {
	if len(lists) > maxCrawlLists {
		return badRequest(fmt.Sprintf("at most %d lists per crawl", maxCrawlLists))
	}
	for _, l := range lists {
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(l) > 2048 {
			return badRequest(fmt.Sprintf("list %q is not an http(s) URL", l))
		}
	}
	return nil
}

// adminReindex answers POST /api/v1/admin/reindex: a zero-downtime
// reindex as a background job.
func (h *Handler) adminReindex(c *gin.Context) {
	h.started(c)(h.opts.Admin.Reindex())
}

// addIncident answers POST /api/v1/incidents: fetch one post-mortem URL
// and index it, as a background job.
func (h *Handler) addIncident(c *gin.Context) {
	var req addRequest
	body, err := h.readBody(c)
	if err == nil {
		err = decodeJSON(body, &req, `a JSON object such as {"url": "https://...", "company": "..."}`)
	}
	if err == nil {
		req.URL, req.Company = strings.TrimSpace(req.URL), strings.TrimSpace(req.Company)
		err = checkAddRequest(req)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.started(c)(h.opts.Admin.Add(req.URL, req.Company))
}

func checkAddRequest(req addRequest) error {
	if req.URL == "" {
		return badRequest(`"url" is required`)
	}
	if u, err := url.Parse(req.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || len(req.URL) > 2048 {
		return badRequest(fmt.Sprintf("url %q is not an http(s) URL", req.URL))
	}
	if _, _, err := data.CanonicalURL(req.URL); err != nil {
		return badRequest(err.Error())
	}
	if len(req.Company) > maxCompanyLen {
		return badRequest(fmt.Sprintf(`"company" is longer than %d bytes`, maxCompanyLen))
	}
	return nil
}

// started returns the writer of a job start: 202 with the job's status and
// its URL in Location, or the error (409 while another job runs).
func (h *Handler) started(c *gin.Context) func(jobs.Status, error) {
	return func(st jobs.Status, err error) {
		if err != nil {
			h.fail(c, err)
			return
		}
		c.Header("Location", "/api/v1/admin/jobs/"+st.ID)
		c.JSON(http.StatusAccepted, st)
	}
}

// adminJob answers GET /api/v1/admin/jobs/:id with the job's progress.
func (h *Handler) adminJob(c *gin.Context) {
	st, ok := h.opts.Admin.Job(c.Param("id"))
	if !ok {
		writeError(c, http.StatusNotFound, codeNotFound, "no such job (the server keeps its last 100)")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, st)
}
