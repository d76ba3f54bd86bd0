package local

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// Source is a file or folder a collection is built from, as `pmkb add`
// was given it.
type Source struct {
	Root     string `json:"root"`                // absolute path of the file or folder
	LinkBase string `json:"link_base,omitempty"` // URL the root's files are read at; "" links to pmkb's rendering
	Company  string `json:"company,omitempty"`   // the company every file of the source is about, when given
	Filter
}

// FileState is what the last sync knew of one file.
type FileState struct {
	Source string `json:"source"` // the Root of the source it belongs to
	Hash   string `json:"hash"`   // SHA-256 of its bytes, hex
	ID     string `json:"id"`     // its record's id
}

// Manifest is what a data dir remembers of one collection's local sources:
// the sources, and the files of its last sync with their content hashes.
// It lives in DataDir/collections/NAME.json.
type Manifest struct {
	Collection string               `json:"collection"`
	Sources    []Source             `json:"sources"`
	Files      map[string]FileState `json:"files"` // by absolute path
}

// namePattern is what a collection name may be: it goes into file names,
// URLs and facet values.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// CheckName reports whether name can name a collection.
func CheckName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("local: collection name %q: use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// manifestPath is where the manifest of collection name lives.
func manifestPath(dataDir, name string) string {
	return filepath.Join(dataDir, "collections", name+".json")
}

// LoadManifest reads the manifest of collection name; a collection never
// synced has an empty one.
func LoadManifest(dataDir, name string) (*Manifest, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	m := &Manifest{Collection: name, Files: map[string]FileState{}}
	b, err := os.ReadFile(manifestPath(dataDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("local: manifest: %w", err)
	}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("local: manifest %s: %w", manifestPath(dataDir, name), err)
	}
	if m.Files == nil {
		m.Files = map[string]FileState{}
	}
	return m, nil
}

// Collections lists the collections with a manifest in dataDir, sorted.
func Collections(dataDir string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(dataDir, "collections"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("local: collections: %w", err)
	}
	var out []string
	for _, e := range ents {
		name := e.Name()
		if filepath.Ext(name) == ".json" && CheckName(name[:len(name)-5]) == nil {
			out = append(out, name[:len(name)-5])
		}
	}
	sort.Strings(out)
	return out, nil
}

// save writes the manifest atomically: a crash leaves the old one or the
// new one, never half of either.
func (m *Manifest) save(dataDir string) error {
	p := manifestPath(dataDir, m.Collection)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("local: manifest: %w", err)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("local: manifest: %w", err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("local: manifest: %w", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("local: manifest: %w", err)
	}
	return nil
}

// addSource adds s to the manifest, or replaces the source with the same
// root (new link base, company or globs).
func (m *Manifest) addSource(s Source) {
	for i := range m.Sources {
		if m.Sources[i].Root == s.Root {
			m.Sources[i] = s
			return
		}
	}
	m.Sources = append(m.Sources, s)
}

// source returns the source whose root is root.
func (m *Manifest) source(root string) (Source, bool) {
	for _, s := range m.Sources {
		if s.Root == root {
			return s, true
		}
	}
	return Source{}, false
}
