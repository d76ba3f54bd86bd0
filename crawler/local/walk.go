package local

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultInclude are the files a folder is searched for when no --include
// is given: the formats the extractor reads.
var DefaultInclude = []string{"*.md", "*.markdown", "*.html", "*.htm", "*.pdf", "*.txt"}

// Filter says which files of a folder are post-mortems.
type Filter struct {
	Include []string `json:"include,omitempty"` // globs; none means DefaultInclude
	Exclude []string `json:"exclude,omitempty"` // globs; a match is left out
	// All keeps what is skipped by default: hidden folders and files,
	// READMEs, templates and index pages.
	All bool `json:"all,omitempty"`
}

// File is one file of a source.
type File struct {
	Path string // absolute
	Rel  string // slash-separated, relative to the source's root folder
}

// Check reports the first glob of f that is malformed.
func (f Filter) Check() error {
	for _, g := range slices.Concat(f.Include, f.Exclude) {
		if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
			return fmt.Errorf("local: glob %q: %w", g, err)
		}
	}
	return nil
}

// Abs is the absolute form of a path with its symbolic links resolved, the
// form a source and its files are known by (and Git names them in).
func Abs(p string) (string, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("local: %s: %w", p, err)
	}
	if r, err := filepath.EvalSymlinks(a); err == nil {
		a = r
	}
	return a, nil
}

// Walk lists the files of root that f keeps, in lexical order. root may be
// one file, kept whatever the globs say (it was named). Symbolic links are
// not followed, so a walk stays inside root and ends.
func Walk(ctx context.Context, root string, f Filter) ([]File, error) {
	root, err := Abs(root)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("local: walk: %w", err)
	}
	if !st.IsDir() {
		return []File{{Path: root, Rel: filepath.Base(root)}}, nil
	}
	var out []File
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == ".git" || !f.All && skippedDir(d.Name()) || matchAny(f.Exclude, rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && f.keeps(rel) {
			out = append(out, File{Path: p, Rel: rel})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("local: walk %s: %w", root, err)
	}
	return out, nil
}

// keeps reports whether the file at rel is a post-mortem to read.
func (f Filter) keeps(rel string) bool {
	include := f.Include
	if len(include) == 0 {
		include = DefaultInclude
	}
	if !matchAny(include, rel) || matchAny(f.Exclude, rel) {
		return false
	}
	return f.All || !skippedFile(path.Base(rel))
}

// skippedDir reports whether a folder is left out by default: hidden
// folders (.git, .github, .obsidian...).
func skippedDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "_templates"
}

// skippedFile reports whether a file is left out by default: hidden files,
// READMEs, templates and index pages, which describe a folder of
// post-mortems rather than tell one.
func skippedFile(name string) bool {
	lower := strings.ToLower(name)
	stem := strings.TrimSuffix(lower, path.Ext(lower))
	switch {
	case strings.HasPrefix(lower, "."):
		return true
	case stem == "readme" || stem == "index" || stem == "_index" || stem == "summary" ||
		stem == "contributing" || stem == "changelog" || stem == "license":
		return true
	case strings.Contains(stem, "template") || strings.Contains(stem, "modele") || strings.Contains(stem, "modèle"):
		return true
	}
	return false
}

// matchAny reports whether rel matches one of globs. A glob without a
// slash is matched against the file's name, one with a slash against the
// whole relative path, where "**" stands for any number of folders.
func matchAny(globs []string, rel string) bool {
	for _, g := range globs {
		if match(g, rel) {
			return true
		}
	}
	return false
}

func match(glob, rel string) bool {
	glob = strings.TrimPrefix(glob, "./")
	if !strings.Contains(glob, "/") {
		ok, _ := path.Match(glob, path.Base(rel))
		return ok
	}
	return matchParts(strings.Split(glob, "/"), strings.Split(rel, "/"))
}

// matchParts matches path segments, "**" matching zero or more of them.
// A glob naming a folder ("drafts/**" or "drafts") matches what is in it.
func matchParts(glob, parts []string) bool {
	if len(glob) == 0 {
		return len(parts) == 0
	}
	if glob[0] == "**" {
		for i := 0; i <= len(parts); i++ {
			if matchParts(glob[1:], parts[i:]) {
				return true
			}
		}
		return false
	}
	if len(parts) == 0 {
		return false
	}
	ok, _ := path.Match(glob[0], parts[0])
	return ok && matchParts(glob[1:], parts[1:])
}
