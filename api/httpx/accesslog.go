package httpx

import (
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
)

// AccessLog logs every request once it is answered: at debug level, or at
// warn level for a 5xx other than 503, so that a busy server's log stays
// readable at the default level (a 503 is a shed request, a spent budget
// the handler logged itself, or /readyz before the index is ready). The line carries the request's id
// when log uses a handler from NewLogHandler.
func AccessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelDebug
		if status >= 500 && status != 503 {
			level = slog.LevelWarn
		}
		ctx := c.Request.Context()
		if !log.Enabled(ctx, level) {
			return
		}
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		log.LogAttrs(ctx, level, "http request",
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", status),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
			slog.Duration("took", time.Since(start)))
	}
}
