package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// decodeJSON decodes one JSON value from body into v and turns decoding
// failures into 400s that say where the body went wrong. want describes
// the expected body for the messages ("a JSON object with a text field").
func decodeJSON(body []byte, v any, want string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("the request body is empty; it must be " + want)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return badRequest(fmt.Sprintf("the body is not valid JSON (at byte %d)", syn.Offset))
		case errors.As(err, &typ) && typ.Field == "":
			return badRequest(fmt.Sprintf("the request body must be %s, not a JSON %s", want, typ.Value))
		case errors.As(err, &typ):
			return badRequest(fmt.Sprintf("%q must be a JSON %s, not %s", typ.Field, jsonKind(typ.Type), typ.Value))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return badRequest("the body is truncated JSON")
		}
		return badRequest("the request body must be " + want)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("the body holds more than one JSON value; it must be " + want)
	}
	return nil
}

// jsonKind names a Go type the way JSON calls it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "whole number"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}
