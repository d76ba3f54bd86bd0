package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openapiJSON is the API's OpenAPI 3 document, written by hand next to the
// handlers and checked against the route table by the tests.
//
//go:embed openapi.json
var openapiJSON []byte

func (h *Handler) openapi(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "application/json; charset=utf-8", openapiJSON)
}
