package httpx

// Defaults for the caps on what a client may send: one set for the API and
// the pages alike, since both take the same queries and the same pasted
// text. api.Options and ui.Options can set each cap apart.
const (
	DefaultMaxQueryLen  = 500      // a search query, in characters
	DefaultMaxTextLen   = 10000    // text pasted to find similar incidents, in characters
	DefaultMaxBodyBytes = 64 << 10 // a request body, in bytes
)
