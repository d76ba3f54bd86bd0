package httpx

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// ETag tags the 200 answers of the routes it is mounted on with a weak
// entity tag made of version(), the index's version: any write to the
// index changes it, so an answer's tag holds exactly as long as the answer
// does. A GET or HEAD whose If-None-Match names the current tag is
// answered 304 at once, without running the handler.
func ETag(version func() string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			c.Next()
			return
		}
		tag := `W/"` + version() + `"`
		h := c.Writer.Header()
		h.Set("Cache-Control", "no-cache") // may be stored, but asked again each time
		if noneMatch(c.GetHeader("If-None-Match"), tag) {
			h.Set("ETag", tag)
			c.AbortWithStatus(http.StatusNotModified)
			return
		}
		c.Writer = &etagWriter{ResponseWriter: c.Writer, tag: tag}
		c.Next()
	}
}

// noneMatch reports whether an If-None-Match header names tag, with the
// weak comparison RFC 9110 prescribes for it.
func noneMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(tag, "W/")
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == want {
			return true
		}
	}
	return false
}

// etagWriter sets the tag on a 200 answer only: an error is no version of
// the resource.
type etagWriter struct {
	gin.ResponseWriter
	tag string
}

func (w *etagWriter) tagIfOK() {
	if !w.ResponseWriter.Written() && w.Status() == http.StatusOK {
		w.Header().Set("ETag", w.tag)
	}
}

func (w *etagWriter) Write(b []byte) (int, error) {
	w.tagIfOK()
	return w.ResponseWriter.Write(b)
}

func (w *etagWriter) WriteString(s string) (int, error) {
	w.tagIfOK()
	return w.ResponseWriter.WriteString(s)
}

func (w *etagWriter) WriteHeaderNow() {
	w.tagIfOK()
	w.ResponseWriter.WriteHeaderNow()
}
