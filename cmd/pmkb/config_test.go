package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// commandLines are the commands whose flags the README's configuration
// table lists, as typed after "pmkb".
var commandLines = [][]string{
	{"serve"}, {"crawl"}, {"add"}, {"sync"}, {"reextract"}, {"reindex"}, {"search"}, {"export"}, {"import"},
	{"eval", "extract"}, {"eval", "search"}, {"healthcheck"},
}

// flagsOf runs "pmkb COMMAND -h" and returns the names of the flags it
// lists.
func flagsOf(t *testing.T, cmd []string) []string {
	t.Helper()
	var out bytes.Buffer
	e := env{stdout: &out, stderr: &out, stdin: strings.NewReader(""), logger: slog.New(slog.DiscardHandler),
		getenv: func(string) string { return "" }}
	if code := run(context.Background(), e, append(slices.Clone(cmd), "-h")); code != 0 {
		t.Fatalf("pmkb %s -h: exit %d\n%s", strings.Join(cmd, " "), code, out.String())
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`).FindAllStringSubmatch(out.String(), -1) {
		names = append(names, m[1])
	}
	if len(names) == 0 {
		t.Fatalf("pmkb %s -h lists no flags:\n%s", strings.Join(cmd, " "), out.String())
	}
	return names
}

// configTable reads the README's configuration table: flag name -> the
// row's environment variable and the commands it names.
func configTable(t *testing.T) map[string]struct{ env, commands string } {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// A cell may hold an escaped pipe ("text\\|json").
	row := regexp.MustCompile("(?m)^\\| `--([a-z0-9-]+)(?:[^|\\\\]|\\\\.)*\\| `(PMKB_[A-Z0-9_]+)` \\| ([^|]+) \\|")
	rows := map[string]struct{ env, commands string }{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		rows[m[1]] = struct{ env, commands string }{m[2], m[3]}
	}
	if len(rows) == 0 {
		t.Fatal("the README has no configuration table")
	}
	return rows
}

// TestConfigTableMatchesFlags: every flag of every command has a row in
// the README's one configuration table, which names its environment
// variable (envName's rule) and the command; and every row is a real flag.
func TestConfigTableMatchesFlags(t *testing.T) {
	rows := configTable(t)
	seen := map[string]bool{}
	for _, cmd := range commandLines {
		name := strings.Join(cmd, " ")
		for _, f := range flagsOf(t, cmd) {
			seen[f] = true
			r, ok := rows[f]
			switch {
			case !ok:
				t.Errorf("pmkb %s --%s has no row in the README's configuration table", name, f)
			case r.env != envName(f):
				t.Errorf("--%s: the README names %s, want %s", f, r.env, envName(f))
			case !strings.Contains(r.commands, name) && !(len(cmd) == 1 && strings.Contains(r.commands, "all but eval")):
				t.Errorf("--%s: the README's row names commands %q, not %s", f, r.commands, name)
			}
		}
	}
	for f := range rows {
		if !seen[f] {
			t.Errorf("the README's configuration table has --%s, which no command takes", f)
		}
	}
}

func TestApplyEnv(t *testing.T) {
	newSet := func() (*flag.FlagSet, *time.Duration, *bool, *stringsFlag, *int) {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		d := fs.Duration("request-timeout", time.Second, "")
		b := fs.Bool("allow-private", false, "")
		var l stringsFlag
		fs.Var(&l, "list", "")
		n := fs.Int("max-queue", 64, "")
		return fs, d, b, &l, n
	}
	env := map[string]string{
		"PMKB_REQUEST_TIMEOUT": "5s", "PMKB_ALLOW_PRIVATE": "true",
		"PMKB_LIST": "https://a.example/l.md, https://b.example/l.md", "PMKB_MAX_QUEUE": "8",
	}
	getenv := func(k string) string { return env[k] }

	fs, d, b, l, n := newSet()
	if _, err := (environ{getenv}).parse(fs, nil); err != nil {
		t.Fatal(err)
	}
	if *d != 5*time.Second || !*b || len(*l) != 2 || (*l)[1] != "https://b.example/l.md" || *n != 8 {
		t.Errorf("from the environment: got %v %v %q %d", *d, *b, *l, *n)
	}
	fs, d, _, l, n = newSet()
	if _, err := (environ{getenv}).parse(fs, []string{"--request-timeout", "750ms", "--list", "x.md", "--max-queue=0"}); err != nil {
		t.Fatal(err)
	}
	if *d != 750*time.Millisecond || len(*l) != 1 || (*l)[0] != "x.md" || *n != 0 {
		t.Errorf("the command line beats the environment: got %v %q %d", *d, *l, *n)
	}
	fs, _, _, _, _ = newSet()
	env["PMKB_MAX_QUEUE"] = "lots"
	_, err := (environ{getenv}).parse(fs, nil)
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "PMKB_MAX_QUEUE") {
		t.Errorf("a bad value in the environment: got %v, want a usage error naming PMKB_MAX_QUEUE", err)
	}
}

// environ lets TestApplyEnv call env.parseFlags with only a getenv.
type environ struct{ getenv func(string) string }

func (e environ) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	return env{getenv: e.getenv}.parseFlags(fs, args)
}

func TestLogFormat(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{nil, "", ""},
		{nil, "json", "json"},
		{[]string{"serve", "--log-format", "json"}, "text", "json"},
		{[]string{"serve", "--log-format=text"}, "json", "text"},
		{[]string{"search", "--", "--log-format", "json"}, "", ""},
	} {
		if got := logFormatArg(tc.args, tc.env); got != tc.want {
			t.Errorf("logFormatArg(%q, %q) = %q, want %q", tc.args, tc.env, got, tc.want)
		}
	}
	var buf bytes.Buffer
	l, err := newLogger(&buf, "info", "json")
	if err != nil {
		t.Fatal(err)
	}
	l.Info("hello", "k", 1)
	if !strings.HasPrefix(buf.String(), `{"time":`) || !strings.Contains(buf.String(), `"msg":"hello"`) {
		t.Errorf("json logger wrote %q", buf.String())
	}
	if _, err := newLogger(&buf, "info", "xml"); err == nil {
		t.Error("--log-format xml: got no error")
	}
	if code, _, stderr := runCLI(t, "reindex", "--log-format", "xml", "--data", t.TempDir()); code != 2 || !strings.Contains(stderr, "text or json") {
		t.Errorf("pmkb reindex --log-format xml: exit %d %q, want 2 and the choices", code, stderr)
	}
}

func TestServeFlagsValidate(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(serveConfig) bool
	}{
		{"base URL trimmed", []string{"--base-url", "https://pmkb.example.org/"}, nil, "",
			func(c serveConfig) bool { return c.baseURL == "https://pmkb.example.org" }},
		{"base URL from the environment", nil, map[string]string{"PMKB_BASE_URL": "http://10.0.0.1:8080"}, "",
			func(c serveConfig) bool { return c.baseURL == "http://10.0.0.1:8080" }},
		{"base URL with a path", []string{"--base-url", "https://x.example/pmkb"}, nil, "must be an origin", nil},
		{"base URL not http", []string{"--base-url", "ftp://x.example"}, nil, "must be an origin", nil},
		{"recrawl too often", []string{"--recrawl", "5s"}, nil, "at least 1m0s", nil},
		{"recrawl daily", []string{"--recrawl", "24h"}, nil, "", func(c serveConfig) bool { return c.recrawl == 24*time.Hour }},
		{"no queue", []string{"--max-queue", "0"}, nil, "", func(c serveConfig) bool { return c.queue < 0 }},
		{"negative concurrency", []string{"--max-concurrent", "-1"}, nil, "--max-concurrent", nil},
		{"admin token", nil, map[string]string{"PMKB_ADMIN_TOKEN": testAdminToken}, "",
			func(c serveConfig) bool { return c.adminToken == testAdminToken }},
		{"short admin token", nil, map[string]string{"PMKB_ADMIN_TOKEN": "short"}, "at least 16", nil},
		{"token twice", nil, map[string]string{"PMKB_ADMIN_TOKEN": testAdminToken, "PMKB_ADMIN_TOKEN_FILE": "/x"}, "not both", nil},
		{"trusted proxies", []string{"--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "192.0.2.7"}, nil, "",
			func(c serveConfig) bool { return len(c.trustedProxies) == 2 }},
		{"trusted proxies from the environment", nil, map[string]string{"PMKB_TRUSTED_PROXY": "10.0.0.0/8,fd00::/8"}, "",
			func(c serveConfig) bool { return len(c.trustedProxies) == 2 }},
		{"trusted proxy not an address", []string{"--trusted-proxy", "proxy.internal"}, nil, "must be an IP address or a CIDR", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := env{stderr: io.Discard, getenv: func(k string) string { return tc.env[k] }}
			cfg, err := parseServeFlags(e, tc.args)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(cfg) {
				t.Errorf("got %+v, %v", cfg, err)
			}
		})
	}
	tokenFile := t.TempDir() + "/token"
	os.WriteFile(tokenFile, []byte(testAdminToken+"\n"), 0o600)
	tok, err := adminToken(func(k string) string { return map[string]string{"PMKB_ADMIN_TOKEN_FILE": tokenFile}[k] })
	if err != nil || tok != testAdminToken {
		t.Errorf("token from a file: got %q, %v", tok, err)
	}
}
