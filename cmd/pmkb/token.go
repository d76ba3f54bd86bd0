package main

import (
	"fmt"
	"os"
	"strings"
)

// readToken is the token reads need: the content of file when given
// (--read-token-file), else $PMKB_READ_TOKEN, else "" (reads are open).
// Secrets come only from the environment or a file, never a flag's value.
func readToken(e env, file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(e.getenv("PMKB_READ_TOKEN")), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", &usageError{msg: fmt.Sprintf("--read-token-file: %v", err)}
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", &usageError{msg: fmt.Sprintf("--read-token-file: %s is empty", file)}
	}
	return t, nil
}
