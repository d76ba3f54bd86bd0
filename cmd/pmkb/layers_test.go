package main

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
)

// layers says which of the module's top-level trees a tree may import:
// cmd/pmkb -> api, ui -> index -> data <- crawler. api and ui share only
// api/httpx (and data/export); api/jobs is a leaf of api.
var layers = map[string][]string{
	"data":    {"data"},
	"crawler": {"crawler", "data"},
	"index":   {"index", "data"},
	"api":     {"api", "index", "data"},
	"ui":      {"ui", "api/httpx", "index", "data"},
	"cmd":     {""},
}

// TestImportsGoOneWay fails when a package imports across the layers the
// README and ARCHITECTURE.md promise, test files included.
func TestImportsGoOneWay(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	const module = "github.com/pmkb/pmkb/"
	cmd := exec.CommandContext(context.Background(), goTool, "list", "-f",
		`{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`,
		module+"...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	packages := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg := strings.TrimPrefix(fields[0], module)
		allowed, ok := layers[strings.Split(pkg, "/")[0]]
		if !ok {
			t.Errorf("package %s is outside the module's trees (%v)", pkg, layers)
			continue
		}
		packages++
		for _, imp := range fields[1:] {
			dep, ours := strings.CutPrefix(imp, module)
			if !ours || dep == pkg {
				continue
			}
			if !within(dep, allowed) {
				t.Errorf("%s imports %s; its layer may import only %v", pkg, dep, allowed)
			}
		}
	}
	if packages < 10 {
		t.Fatalf("go list named %d packages of the module; want the whole tree", packages)
	}
}

// within reports whether pkg is one of trees or below one; "" allows all.
func within(pkg string, trees []string) bool {
	for _, tree := range trees {
		if tree == "" || pkg == tree || strings.HasPrefix(pkg, tree+"/") {
			return true
		}
	}
	return false
}
