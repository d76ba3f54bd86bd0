package httpx

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Recover turns a panic in the handlers after it into a logged error and
// an answer written by answer (api's JSON 500, ui's error page), unless the
// handler had already written one. The panic value goes to the log only:
// it may name paths or data a client must not see. http.ErrAbortHandler
// is re-raised, as net/http uses it to drop a connection on purpose.
func Recover(log *slog.Logger, msg string, answer gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.ErrorContext(c.Request.Context(), msg, "path", c.Request.URL.Path, "panic", v)
			if !c.Writer.Written() {
				answer(c)
			}
		}()
		c.Next()
	}
}
