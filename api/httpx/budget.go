package httpx

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
)

// StatusClientClosed is nginx's non-standard status for a client that hung
// up before the answer; it keeps cancellations out of the 5xx counts.
const StatusClientClosed = 499

// Budget gives each request at most d of wall time for everything it asks
// of the index. The deadline travels in c.Request.Context(), which handlers
// pass to every index call, so one request's calls share one budget and a
// client that hangs up cancels them too. d <= 0 sets no deadline of its
// own: the request's context alone bounds it.
func Budget(d time.Duration) gin.HandlerFunc {
	if d <= 0 {
		return func(c *gin.Context) { c.Next() }
	}
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// ClientGone reports whether err is a cancellation caused by the client
// hanging up, as opposed to the budget running out (context.DeadlineExceeded)
// or a cancellation inside the server.
func ClientGone(c *gin.Context, err error) bool {
	return errors.Is(err, context.Canceled) && errors.Is(c.Request.Context().Err(), context.Canceled)
}
