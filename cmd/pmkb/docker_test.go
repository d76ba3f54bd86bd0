package main

import (
	"context"
	"debug/elf"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dockerBuild is the binary's build line in ../../Dockerfile: its
// environment assignments, the go build flags, and the package.
type dockerBuild struct {
	env   []string // NAME=VALUE before "go build"
	flags []string // between "go build" and the package, without -o and its value
	pkg   string
}

// readDockerBuild finds the one "RUN ... go build ..." line of the
// Dockerfile and splits it the way a shell would (double quotes only).
func readDockerBuild(t *testing.T, path string) dockerBuild {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(strings.ReplaceAll(string(b), "\\\n", " "), "\n") {
		if strings.HasPrefix(l, "RUN ") && strings.Contains(l, "go build") {
			if line != "" {
				t.Fatalf("%s: two go build lines", path)
			}
			line = strings.TrimPrefix(l, "RUN ")
		}
	}
	if line == "" {
		t.Fatalf("%s: no RUN ... go build line", path)
	}
	words := shellWords(line)
	var d dockerBuild
	i := 0
	for ; i < len(words) && regexp.MustCompile(`^[A-Z_]+=`).MatchString(words[i]); i++ {
		d.env = append(d.env, words[i])
	}
	if i+1 >= len(words) || words[i] != "go" || words[i+1] != "build" {
		t.Fatalf("%s: want [ENV=...] go build ..., got %q", path, line)
	}
	for i += 2; i < len(words); i++ {
		switch w := words[i]; {
		case w == "-o":
			i++ // the output path is the test's
		case strings.HasPrefix(w, "-"):
			d.flags = append(d.flags, w)
		default:
			d.pkg = w
		}
	}
	return d
}

// shellWords splits s at spaces outside double quotes, dropping the quotes.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case (r == ' ' || r == '\t') && !inQuote:
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// TestDockerImageBinary builds pmkb the way the Dockerfile does (its
// flags read from it, so the two cannot drift), checks the binary is
// static, and runs the image's smoke checks against it: serve on a fresh
// data dir on loopback, /readyz, a search, and `pmkb healthcheck` (the
// image's HEALTHCHECK). No Docker engine runs here; the image's other
// layers are the distroless base and a copy.
func TestDockerImageBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root := filepath.Join("..", "..")
	d := readDockerBuild(t, filepath.Join(root, "Dockerfile"))
	if !containsAll(d.env, "CGO_ENABLED=0") || !containsAll(d.flags, "-trimpath") || d.pkg != "./cmd/pmkb" {
		t.Fatalf("Dockerfile build line: env %q flags %q package %q; want CGO_ENABLED=0, -trimpath and ./cmd/pmkb", d.env, d.flags, d.pkg)
	}
	bin := filepath.Join(t.TempDir(), "pmkb")
	args := append(append([]string{"build"}, d.flags...), "-o", bin, d.pkg)
	build := exec.Command("go", args...)
	build.Dir = root
	build.Env = append(os.Environ(), d.env...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	checkStatic(t, bin)

	dir := t.TempDir()
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv := exec.CommandContext(ctx, bin, "serve", "--data", dir, "--addr", addr)
	srv.Env = append(os.Environ(), "PMKB_DATA=")
	logs := &syncBuffer{}
	srv.Stdout, srv.Stderr = logs, logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	healthy := func() error {
		return exec.Command(bin, "healthcheck", "--addr", addr, "--timeout", "2s").Run()
	}
	start := time.Now()
	for healthy() != nil {
		if time.Since(start) > 90*time.Second {
			t.Fatalf("healthcheck never passed; server log:\n%s", logs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("ready after %s", time.Since(start).Round(time.Millisecond))
	resp, err := http.Get("http://" + addr + "/api/v1/search?q=dns")
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if resp.StatusCode != 200 || res.Total == 0 {
		t.Errorf("search: got %d with %d hits, want 200 with some", resp.StatusCode, res.Total)
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v, want exit 0; log:\n%s", err, logs)
	}
	if err := healthy(); err == nil {
		t.Errorf("healthcheck with no server: exit 0, want a failure")
	}
}

// checkStatic fails unless bin is an ELF executable with no program
// interpreter and no shared libraries: it runs on an image with no libc.
func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s has a program interpreter (PT_INTERP): not static", bin)
		}
	}
	if libs, err := f.ImportedLibraries(); err == nil && len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v: not static", bin, libs)
	}
}

func containsAll(have []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}
