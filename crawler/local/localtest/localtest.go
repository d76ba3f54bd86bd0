// Package localtest builds, for tests, a Git working tree of post-mortems we wrote ourselves (the Google SRE, Atlassian and PagerDuty template shapes and free form, in English and French) and folders of generated ones.
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

// Generate writes n generated Markdown post-mortems into dir, each
// different (service, cause, day and duration vary), and returns their
// paths in order.
func Generate(t testing.TB, dir string, n int) []string {
	t.Helper()
	services := []string{"checkout", "payments", "search", "login", "billing", "inventory", "notifications", "uploads", "reports", "gateway"}
	causes := []string{"a configuration push set the wrong upstream address", "an expired TLS certificate on the internal load balancer",
		"a database migration that locked the orders table", "a memory leak in the session cache after a library upgrade",
		"a full disk on the log volume of the primary node", "a DNS record removed by a cleanup script",
		"a retry storm from clients without backoff", "a failed failover that left two primaries accepting writes",
		"a kernel upgrade that rebooted every node at once", "a quota limit reached at the cloud provider"}
	paths := make([]string, n)
	for i := range n {
		s, c := services[i%10], causes[(i/10)%10]
		day := fmt.Sprintf("2023-%02d-%02d", i%12+1, i%28+1)
		mins := (i*7)%180 + 5
		body := fmt.Sprintf("---\ntitle: \"Incident %d: %s outage\"\ndate: %s\ntags: [incident, %s]\n---\n\n"+
			"# Incident %d: %s outage\n\n## Summary\n\nOn %s the %s service was degraded for %d minutes.\n\n"+
			"## Root Causes\n\nThe root cause was %s.\n\n## Impact\n\nRequests to %s failed for %d minutes.\n\n"+
			"## Timeline\n\n| Time | Event |\n|------|-------|\n| 10:%02d | Errors start |\n| 11:00 | Mitigated |\n",
			i, s, day, s, i, s, day, s, mins, c, s, mins, i%60)
		paths[i] = filepath.Join(dir, fmt.Sprintf("%04d-%s-outage.md", i, s))
		if err := os.WriteFile(paths[i], []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}
