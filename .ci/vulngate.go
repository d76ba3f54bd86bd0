//go:build ignore

// vulngate reads `govulncheck -format json` on stdin and fails when the
// code calls a vulnerable function of a module: those are fixed by
// upgrading the module. Findings in the Go standard library are printed
// but do not fail the run: they are fixed by a newer Go release, and the
// machines of this project run the Go they were given (see README.md,
// "Security checks").
//
//	govulncheck -format json ./... | go run .ci/vulngate.go
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
}

type message struct {
	Finding *struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	} `json:"finding"`
}

func main() {
	dec := json.NewDecoder(os.Stdin)
	called := map[string]string{} // osv -> "module@version (fixed in X)"
	stdlib := map[string]string{}
	for {
		var m message
		err := dec.Decode(&m)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "vulngate: reading govulncheck's output: %v\n", err)
			os.Exit(2)
		}
		f := m.Finding
		if f == nil || len(f.Trace) == 0 || f.Trace[0].Function == "" {
			continue // the code does not call it
		}
		t := f.Trace[0]
		line := fmt.Sprintf("%s: %s@%s, %s.%s (fixed in %s)", f.OSV, t.Module, t.Version, t.Package, t.Function, f.FixedVersion)
		if t.Module == "stdlib" || t.Module == "toolchain" {
			stdlib[f.OSV] = line
		} else {
			called[f.OSV] = line
		}
	}
	for _, l := range sorted(stdlib) {
		fmt.Printf("vulngate: standard library (needs a newer Go than this machine's): %s\n", l)
	}
	for _, l := range sorted(called) {
		fmt.Printf("vulngate: VULNERABLE MODULE CALLED: %s\n", l)
	}
	fmt.Printf("vulngate: %d called vulnerabilities in modules, %d in the standard library\n", len(called), len(stdlib))
	if len(called) > 0 {
		os.Exit(1)
	}
}

func sorted(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
