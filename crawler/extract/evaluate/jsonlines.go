package evaluate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxJSONLine is the longest line EachJSONLine reads: a synthetic post, or
// a real post's sentences as numbers.
const maxJSONLine = 16 << 20

// EachJSONLine calls each with every line of r that is not blank, in
// order; an error it returns comes back naming name and the line.
func EachJSONLine(r io.Reader, name string, each func(line []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSONLine)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		if err := each(sc.Bytes()); err != nil {
			return fmt.Errorf("%s line %d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}
