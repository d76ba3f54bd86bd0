package local

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pmkb/pmkb/data"
)

// ErrNotASource is returned by ReadSource for a record whose file is not
// one its collection was built from.
var ErrNotASource = errors.New("local: not a file of the record's collection")

// ReadSource reads the file record pm was read from, at most maxBytes of
// it, after checking that pm's collection was synced from that file under
// pm's id: a record's path alone (an import can set any) never makes pmkb
// read a file.
func ReadSource(dataDir string, pm data.Postmortem, maxBytes int64) ([]byte, error) {
	m, err := LoadManifest(dataDir, pm.CollectionName())
	if err != nil {
		return nil, err
	}
	if st, ok := m.Files[pm.Path]; !ok || st.ID != pm.ID || pm.Path == "" {
		return nil, fmt.Errorf("%w: %s", ErrNotASource, pm.Path)
	}
	// The walk keeps regular files only; a file since replaced by a link
	// could point anywhere.
	if fi, err := os.Lstat(pm.Path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is no longer a regular file", ErrNotASource, pm.Path)
	}
	f, err := os.Open(pm.Path)
	if err != nil {
		return nil, fmt.Errorf("local: source of %s: %w", pm.ID, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxBytes))
	if err != nil {
		return nil, fmt.Errorf("local: source of %s: %w", pm.ID, err)
	}
	return b, nil
}
