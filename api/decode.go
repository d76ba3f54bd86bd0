package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// decodeJSON decodes one JSON object from body into v and turns decoding
// failures into 400s that say where the body went wrong.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("the request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return badRequest(fmt.Sprintf("the body is not valid JSON (at byte %d)", syn.Offset))
		case errors.As(err, &typ):
			return badRequest(fmt.Sprintf("%q must be a JSON %s", typ.Field, typ.Type.Kind()))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return badRequest("the body is truncated JSON")
		}
		return badRequest("the body is not a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("the body holds more than one JSON value")
	}
	return nil
}
