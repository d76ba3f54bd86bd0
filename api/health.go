package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type statusBody struct {
	Status string `json:"status"`
}

// healthz says the process is up and serving; it never touches the index.
func (h *Handler) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, statusBody{Status: "ok"})
}

// readyz says whether the index has loaded, so a load balancer sends no
// traffic to a server that cannot search yet.
func (h *Handler) readyz(c *gin.Context) {
	if !h.ready() {
		writeError(c, http.StatusServiceUnavailable, codeNotReady, "the index is still loading")
		return
	}
	c.JSON(http.StatusOK, statusBody{Status: "ready"})
}
