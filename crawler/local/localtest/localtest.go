// Package localtest builds, for tests, a Git working tree of post-mortems we wrote ourselves: the Google SRE, Atlassian and PagerDuty template shapes and free form, in English and French.
package localtest

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

//go:embed all:testdata/postmortems
var posts embed.FS

// Posts are the post-mortems a Repo holds, by path, that a sync with the
// default filter reads: the README, the template, the index page, the
// hidden draft and notes.json are left out.
var Posts = []string{
	"2023-11-02-expired-certificate.md",
	"2024/2024-01-15-dns-resolver.md",
	"2024/2024-03-12-orders-db-failover.md",
	"fr/2024-02-20-panne-stockage.md",
	"kafka-consumer-lag.txt",
}

// FreeForm is the post that states no date: its published day is its
// first commit's, FreeFormDay.
const (
	FreeForm    = "kafka-consumer-lag.txt"
	FreeFormDay = "2022-06-07"
)

// Repo writes the post-mortems into a new Git working tree under a
// temporary folder and commits them, FreeForm first on FreeFormDay and the
// others a day later; it returns the tree's path. It skips the test when
// git is missing.
func Repo(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	err := fs.WalkDir(posts, "testdata/postmortems", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := posts.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "testdata/postmortems/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	Git(t, dir, "", "init", "-q")
	Git(t, dir, "", "add", FreeForm)
	Git(t, dir, FreeFormDay+"T10:00:00Z", "commit", "-q", "-m", "kafka write-up")
	Git(t, dir, "", "add", ".")
	Git(t, dir, "2022-06-08T10:00:00Z", "commit", "-q", "-m", "the others")
	return dir
}

// Commit commits everything in the working tree at dir on day (RFC 3339).
func Commit(t testing.TB, dir, when, msg string) {
	t.Helper()
	Git(t, dir, "", "add", "-A")
	Git(t, dir, when, "commit", "-q", "-m", msg)
}

// Git runs git in dir as a fixed author; when, if set, is the author and
// committer date.
func Git(t testing.TB, dir, when string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=pmkb test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=pmkb test", "GIT_COMMITTER_EMAIL=test@example.invalid", "GIT_CONFIG_GLOBAL=/dev/null")
	if when != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatal(fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, out))
	}
}
