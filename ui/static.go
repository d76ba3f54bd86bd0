package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file.
type asset struct {
	body        []byte
	contentType string
}

// assets serves the embedded static files under names that carry a hash of
// their content (style.1a2b3c4d5e6f.css), so browsers may cache them for a
// year and a new build is fetched at once.
type assets struct {
	byName   map[string]string // style.css -> /static/style.<hash>.css
	byHashed map[string]asset  // style.<hash>.css -> asset
}

func loadAssets() (*assets, error) {
	as := &assets{byName: make(map[string]string), byHashed: make(map[string]asset)}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := path.Base(p)
		ext := path.Ext(name)
		sum := sha256.Sum256(body)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as.byName[name] = "/static/" + hashed
		as.byHashed[hashed] = asset{body: body, contentType: ct}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ui: load static assets: %w", err)
	}
	return as, nil
}

// path returns the hashed URL of a static file; templates call it as
// {{asset "style.css"}}. An unknown name fails the render, which the
// template tests catch.
func (as *assets) path(name string) (string, error) {
	p, ok := as.byName[name]
	if !ok {
		return "", fmt.Errorf("ui: no static asset %q", name)
	}
	return p, nil
}

// static serves one hashed asset with a year-long immutable cache.
func (h *Handler) static(c *gin.Context) {
	a, ok := h.assets.byHashed[c.Param("file")]
	if !ok {
		h.errorPage(c, http.StatusNotFound, "Not found", "There is no such file.")
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, a.contentType, a.body)
}
