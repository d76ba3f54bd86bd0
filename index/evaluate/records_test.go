package evaluate

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"testing"

	"github.com/pmkb/pmkb/index/internal/testutil"
)

// TestWriteSynthCorpus writes the synthetic corpus as JSONL, to time pmkb
// import end to end in a new process (the figures in README.md):
//
//	PMKB_SYNTH_OUT=/tmp/synth10k.jsonl PMKB_SYNTH_N=10000 go test ./index/evaluate -run TestWriteSynthCorpus
//	pmkb import --data /tmp/pmkb-synth /tmp/synth10k.jsonl
//
// It skips unless PMKB_SYNTH_OUT is set, and checks that the file reads
// back as the records it was written from.
func TestWriteSynthCorpus(t *testing.T) {
	out := os.Getenv("PMKB_SYNTH_OUT")
	if out == "" {
		t.Skip("PMKB_SYNTH_OUT not set")
	}
	n, err := strconv.Atoi(os.Getenv("PMKB_SYNTH_N"))
	if err != nil || n <= 0 {
		t.Fatalf("PMKB_SYNTH_N: got %q, want a positive number of records", os.Getenv("PMKB_SYNTH_N"))
	}
	pms := testutil.SynthCorpus(t, n)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, pm := range pms {
		if err := enc.Encode(pm); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	f, err = os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := ReadRecords(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != n || back[n-1].ID != pms[n-1].ID || back[n-1].Body != pms[n-1].Body {
		t.Errorf("read back %d records (last %s), want %d (last %s)", len(back), back[len(back)-1].ID, n, pms[n-1].ID)
	}
}
