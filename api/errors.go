package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/pmkb/pmkb/api/httpx"
	"github.com/pmkb/pmkb/api/jobs"
	"github.com/pmkb/pmkb/index"
)

// Error codes sent in {"error": {"code": ...}}. Clients branch on them, so
// they are stable.
const (
	codeBadRequest       = "bad_request"
	codeInvalidQuery     = "invalid_query"
	codeNotFound         = "not_found"
	codeMethodNotAllowed = "method_not_allowed"
	codeTooLarge         = "payload_too_large"
	codeMediaType        = "unsupported_media_type"
	codeCanceled         = "client_closed_request"
	codeTimeout          = "timeout"
	codeNotReady         = "not_ready"
	codeJobRunning       = "job_running"
	codeInternal         = "internal"
)

// msgInternal is all a client learns about a 500; the cause goes to the log.
const msgInternal = "internal error; the server logged the details"

// errorBody is the JSON shape of every 4xx and 5xx answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// inputError is a request the client got wrong before any index call.
type inputError struct {
	status int
	code   string
	msg    string
}

func (e *inputError) Error() string { return e.msg }

func badRequest(msg string) error {
	return &inputError{status: http.StatusBadRequest, code: codeBadRequest, msg: msg}
}

func writeError(c *gin.Context, status int, code, msg string) {
	c.AbortWithStatusJSON(status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// WriteError answers status with the API's error shape, {"error": {"code",
// "message"}}, and stops the handlers after it. It is an httpx.ErrorFunc,
// so the shared middleware (431, 503, 401) answers API paths in that shape.
func WriteError(c *gin.Context, status int, code, message string) {
	writeError(c, status, code, message)
}

// fail is the one place that maps an error to an HTTP status. Bad input is
// always a 4xx; only failures of the server itself become a 500, whose
// cause is logged and never sent.
func (h *Handler) fail(c *gin.Context, err error) {
	var in *inputError
	var qe *index.QueryError
	var tooBig *http.MaxBytesError
	var busy *jobs.BusyError
	switch {
	case errors.As(err, &in):
		writeError(c, in.status, in.code, in.msg)
	case errors.As(err, &qe) && qe.Limit:
		writeError(c, http.StatusBadRequest, codeBadRequest, qe.Msg)
	case errors.As(err, &qe):
		writeError(c, http.StatusBadRequest, codeInvalidQuery, qe.Msg)
	case errors.Is(err, index.ErrNotFound):
		writeError(c, http.StatusNotFound, codeNotFound, "no incident matches")
	case errors.As(err, &tooBig):
		writeError(c, http.StatusRequestEntityTooLarge, codeTooLarge, "request body is too large")
	case errors.Is(err, jobs.ErrClosed):
		writeError(c, http.StatusServiceUnavailable, codeNotReady, "the server is shutting down")
	case errors.As(err, &busy):
		writeError(c, http.StatusConflict, codeJobRunning, fmt.Sprintf(
			"job %s (%s) is running; one write job at a time: see /api/v1/admin/jobs/%s",
			busy.Running.ID, busy.Running.Kind, busy.Running.ID))
	case httpx.ClientGone(c, err):
		h.log.WarnContext(c.Request.Context(), "api: request canceled by client", "path", c.Request.URL.Path)
		writeError(c, httpx.StatusClientClosed, codeCanceled, "request canceled")
	case errors.Is(err, context.DeadlineExceeded):
		h.log.WarnContext(c.Request.Context(), "api: request timed out", "path", c.Request.URL.Path, "err", err)
		writeError(c, http.StatusServiceUnavailable, codeTimeout, "the search took too long; try a narrower query")
	default:
		h.log.ErrorContext(c.Request.Context(), "api: request failed", "path", c.Request.URL.Path, "err", err)
		writeError(c, http.StatusInternalServerError, codeInternal, msgInternal)
	}
}
