package local

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// firstCommits returns, for each file of the Git working tree holding dir,
// the day of the commit that first added it (its author date, YYYY-MM-DD),
// by absolute path. A folder outside any working tree, or a machine
// without git, gives none and no error: the date is a default, not a need.
//
// It runs the git command once per source rather than a library: git is
// what a Git working tree comes with, reading every commit of a large
// history is what git does fastest, and go-git would add a dependency tree
// larger than all of pmkb's for one `git log`.
func firstCommits(ctx context.Context, dir string) (map[string]string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	top, err := gitOutput(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil // not a working tree
	}
	topDir := strings.TrimSpace(string(top))
	// Every commit that added a file, newest first; the last one seen for
	// a path is its first. --no-renames: a file moved into place was
	// added where it now is.
	out, err := gitOutput(ctx, topDir, "-c", "core.quotepath=off", "log", "--diff-filter=A", "--no-renames",
		"--name-only", "--format=%x01%aI", "--", ".")
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && bytes.Contains(ee.Stderr, []byte("does not have any commits")) {
			return nil, nil
		}
		return nil, fmt.Errorf("local: git log in %s: %w", topDir, err)
	}
	dates := map[string]string{}
	day := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "\x01"):
			day = ""
			if t, err := time.Parse(time.RFC3339, line[1:]); err == nil {
				day = t.Format(time.DateOnly)
			}
		case line != "" && day != "":
			dates[filepath.Join(topDir, filepath.FromSlash(line))] = day
		}
	}
	return dates, sc.Err()
}

// gitOutput runs git in dir and returns its standard output.
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			ee.Stderr = stderr.Bytes()
		}
		return nil, err
	}
	return out, nil
}
