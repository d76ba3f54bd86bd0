package httpx

import "github.com/gin-gonic/gin"

// ErrorFunc writes an error answer with a stable code and a message a
// person can act on. The middleware here that refuses a request (431, 401,
// 503) calls one instead of choosing a format itself: the server passes a
// function that answers JSON under the API and an error page elsewhere.
type ErrorFunc func(c *gin.Context, status int, code, message string)

// Error codes the middleware here answers with; clients branch on them.
const (
	CodeHeaderTooLarge = "header_too_large"
	CodeOverloaded     = "overloaded"
	CodeUnauthorized   = "unauthorized"
	// CodeTooManyAttempts answers a client that sent too many wrong
	// tokens; its Retry-After header says when it may try again.
	CodeTooManyAttempts = "too_many_attempts"
)
