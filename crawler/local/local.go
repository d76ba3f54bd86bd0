// Package local keeps a collection's records in step with the files and folders it was built from: walking them, reading each file through the extractor, and syncing by content hash.
//
// A collection's sources (the files and folders given to `pmkb add
// --collection NAME`) and the content hash of every file of its last sync
// are kept in the data dir (Manifest). A sync walks the sources again and
// extracts only new and changed files; the records of files that are gone
// are deleted. Records of other collections are never touched: a file's
// record id is derived from its collection and path.
package local

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"path"
	"strings"

	"github.com/pmkb/pmkb/crawler/extract"
	"github.com/pmkb/pmkb/data"
)

// Store is where a collection's records go; cmd/pmkb gives the index.
type Store interface {
	// Get returns the record stored under id; ok is false when there is none.
	Get(ctx context.Context, id string) (pm data.Postmortem, ok bool, err error)
	PutBatch(ctx context.Context, pms []data.Postmortem) error
	Delete(ctx context.Context, ids ...string) error
}

// Extractor turns a file's text into an article; *extract.Extractor
// satisfies it. It must be safe for concurrent use.
type Extractor interface {
	Extract(in extract.Input) (data.Article, error)
}

// Options configure a Syncer.
type Options struct {
	DataDir string       // required: manifests go to DataDir/collections
	Logger  *slog.Logger // nil means slog.Default()
	// MaxFileSize is the largest file read; bigger ones are skipped with a
	// warning. 0 means DefaultMaxFileSize.
	MaxFileSize int64
}

// DefaultMaxFileSize is the MaxFileSize of Options that leave it at 0: a
// post-mortem, even a PDF with pictures, is far smaller.
const DefaultMaxFileSize = 32 << 20

// RecordID is the id of the record of the file at path (absolute) in
// collection: the same file in two collections is two records.
func RecordID(collection, path string) string {
	return data.IDFor("pmkb-local:" + collection + ":" + path)
}

// SourcePath is the UI route that renders a local record's file when its
// source has no link base; it is the record's URL then.
func SourcePath(id string) string { return "/incidents/" + id + "/source" }

// link is where people read file f of source s: under the source's link
// base when it has one, else pmkb's own rendering of the record.
func link(s Source, f File, id string) string {
	if s.LinkBase == "" {
		return SourcePath(id)
	}
	parts := strings.Split(f.Rel, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.TrimRight(s.LinkBase, "/") + "/" + strings.Join(parts, "/")
}

// CheckLinkBase reports whether raw can be a link base: an absolute
// http(s) URL.
func CheckLinkBase(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("local: link base %q must be an absolute http(s) URL", raw)
	}
	return nil
}

// contentTypes are the media types of the extensions a source holds.
var contentTypes = map[string]string{
	".md": "text/markdown", ".markdown": "text/markdown", ".mdx": "text/markdown",
	".html": "text/html", ".htm": "text/html", ".xhtml": "text/html",
	".txt": "text/plain", ".text": "text/plain", ".rst": "text/plain", ".adoc": "text/plain",
	".pdf": "application/pdf",
}

// contentType is the media type of a file by its extension, "" to sniff.
func contentType(name string) string {
	return contentTypes[strings.ToLower(path.Ext(name))]
}
