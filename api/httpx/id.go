package httpx

import (
	"regexp"

	"github.com/gin-gonic/gin"
)

// idRE is what a record id in a URL can look like. It is looser than the
// ids pmkb makes (data.IDFor: 16 hex digits), so an imported record with an
// id of its own still has a page; anything outside it names no record.
var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// PathID returns the :id path parameter and whether a record could have
// it, so a handler answers 404 for junk without asking the index.
func PathID(c *gin.Context) (string, bool) {
	id := c.Param("id")
	return id, idRE.MatchString(id)
}

// ValidID reports whether a record could have id, for ids that come in a
// query (?id=, ?ids=) rather than the path.
func ValidID(id string) bool { return idRE.MatchString(id) }
