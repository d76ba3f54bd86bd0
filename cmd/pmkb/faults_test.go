package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pmkb/pmkb/data"
)

// envAsPmkb makes the test binary run pmkb's main: the fault tests start
// real pmkb processes, to kill them or to watch them fail.
const envAsPmkb = "PMKB_TEST_AS_PMKB"

func TestMain(m *testing.M) {
	if os.Getenv(envAsPmkb) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// pmkbCmd is a pmkb process (this test binary playing main).
func pmkbCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envAsPmkb+"=1", "PMKB_DATA=", "PMKB_LOG=info")
	return cmd
}

// writeRecords writes n distinct records as JSONL, each with a body of a
// few kilobytes, and returns the file and the records by id.
func writeRecords(t *testing.T, n int) (string, map[string]data.Postmortem) {
	t.Helper()
	words := strings.Fields("database replica failover network partition dns resolver certificate expiry " +
		"deploy rollback config flag quota capacity disk full memory leak retry storm cascade queue " +
		"latency timeout leader election clock skew leap second backup restore migration index lock")
	r := rand.New(rand.NewPCG(1, 2))
	path := filepath.Join(t.TempDir(), "records.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	recs := map[string]data.Postmortem{}
	for i := range n {
		var body strings.Builder
		for j := 0; body.Len() < 2500; j++ {
			body.WriteString(words[r.IntN(len(words))])
			fmt.Fprintf(&body, "%d ", r.IntN(500))
		}
		u := fmt.Sprintf("https://faults.example/%d/outage-%d", i, r.IntN(1e6))
		pm := data.Postmortem{ID: data.IDFor(u), URL: u, Title: fmt.Sprintf("Outage %d of service %d", i, r.IntN(90)),
			Company: fmt.Sprintf("Company %d", i%37), IncidentDate: fmt.Sprintf("20%02d-%02d-%02d", 10+i%14, 1+i%12, 1+i%28),
			Body: body.String(), Summary: "A summary of outage " + fmt.Sprint(i), Categories: []string{"database"},
			Technologies: []string{}, Fetch: data.Fetch{Status: data.FetchOK}}
		if err := enc.Encode(pm); err != nil {
			t.Fatal(err)
		}
		recs[pm.ID] = pm
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path, recs
}

// exported reads the data dir's records with `pmkb export` and checks
// each is one of want, unchanged. It returns how many there are.
func exported(t *testing.T, dir string, want map[string]data.Postmortem) int {
	t.Helper()
	cmd := pmkbCmd("export", "--data", dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("export from %s: %v: %s", dir, err, errb.String())
	}
	n := 0
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var pm data.Postmortem
		if err := json.Unmarshal(sc.Bytes(), &pm); err != nil {
			t.Fatalf("export line %d: %v", n+1, err)
		}
		w, ok := want[pm.ID]
		if !ok || w.Body != pm.Body || w.Title != pm.Title {
			t.Fatalf("exported record %s is not one that was imported, or changed", pm.ID)
		}
		n++
	}
	return n
}

// runPmkb runs one pmkb command to its end and returns its exit status and
// stderr.
func runPmkb(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := pmkbCmd(args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), errb.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, errb.String()
}

// lastLine is the last non-empty line of s: the error pmkb exits with,
// after its log lines.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// smallDisk mounts a tmpfs of size MB and returns it. It needs root; the
// test skips without it.
func smallDisk(t *testing.T, mb int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%dm", mb)); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// growDisk gives a smallDisk more room: the operator freed space.
func growDisk(t *testing.T, dir string, mb int) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, fmt.Sprintf("size=%dm", mb)); err != nil {
		t.Fatalf("remount %s: %v", dir, err)
	}
}

// fill leaves about freeMB free on the file system of dir, with a ballast
// file it returns.
func fill(t *testing.T, dir string, freeMB int) string {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	ballast := filepath.Join(dir, "ballast")
	size := free - int64(freeMB)<<20
	if size <= 0 {
		t.Fatalf("only %d bytes free, want more than %d MB", free, freeMB)
	}
	if err := os.WriteFile(ballast, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	return ballast
}

// TestDiskFullImport: an import that fills the disk ends with one line and
// exit 1, leaves a data dir that can be read at once (export, on the full
// disk) with only whole records in it, and once there is room again the
// same import completes.
func TestDiskFullImport(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pmkb processes")
	}
	file, recs := writeRecords(t, 3000)
	disk := smallDisk(t, 12)
	dir := filepath.Join(disk, "data")
	code, stderr := runPmkb(t, "import", "--data", dir, file)
	line := lastLine(stderr)
	if code != 1 || !strings.HasPrefix(line, "pmkb import: ") || !diskFullMessage(line) {
		t.Fatalf("import on a full disk: exit %d, last line %q; want exit 1 and a one-line message naming the full disk\n%s", code, line, stderr)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("import on a full disk panicked:\n%s", stderr)
	}
	t.Logf("full disk: %s", line)
	n := exported(t, dir, recs)
	t.Logf("%d of %d records readable on the full disk", n, len(recs))
	growDisk(t, disk, 400)
	if code, stderr := runPmkb(t, "import", "--data", dir, file); code != 0 {
		t.Fatalf("import once there is room: exit %d\n%s", code, stderr)
	}
	if n := exported(t, dir, recs); n != len(recs) {
		t.Errorf("after the second import: %d records, want %d", n, len(recs))
	}
}

// diskFullMessage reports whether an error line says the disk is full.
func diskFullMessage(line string) bool {
	return strings.Contains(line, "no space left on device") || strings.Contains(line, "disk full")
}

// TestDiskFullReindex: a reindex that runs out of disk ends with one line
// and exit 1, and the old index stays live and whole.
func TestDiskFullReindex(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pmkb processes")
	}
	file, recs := writeRecords(t, 2000)
	disk := smallDisk(t, 200)
	dir := filepath.Join(disk, "data")
	if code, stderr := runPmkb(t, "import", "--data", dir, file); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	ballast := fill(t, disk, 4)
	code, stderr := runPmkb(t, "reindex", "--data", dir)
	line := lastLine(stderr)
	if code != 1 || !strings.HasPrefix(line, "pmkb reindex: ") || strings.Contains(stderr, "panic") {
		t.Fatalf("reindex on a full disk: exit %d, last line %q; want exit 1 and one line\n%s", code, line, stderr)
	}
	t.Logf("full disk: %s", line)
	if n := exported(t, dir, recs); n != len(recs) {
		t.Errorf("after the failed reindex: %d records, want all %d", n, len(recs))
	}
	os.Remove(ballast)
	if code, stderr := runPmkb(t, "reindex", "--data", dir); code != 0 {
		t.Fatalf("reindex once there is room: exit %d\n%s", code, stderr)
	}
	if n := exported(t, dir, recs); n != len(recs) {
		t.Errorf("after the reindex: %d records, want %d", n, len(recs))
	}
}

// startAndKill starts pmkb with args and sends it SIGKILL once ready
// reports true (polled), or fails the test after a minute.
func startAndKill(t *testing.T, ready func(stderr string) bool, args ...string) {
	t.Helper()
	cmd := pmkbCmd(args...)
	errb := &syncBuffer{}
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(time.Minute)
	for !ready(errb.String()) {
		select {
		case err := <-done:
			t.Fatalf("pmkb %s ended before the kill (%v):\n%s", args[0], err, errb)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("pmkb %s: never reached the point to kill at:\n%s", args[0], errb)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
}

// zapFiles counts the segment files under dir.
func zapFiles(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".zap") {
			n++
		}
		return nil
	})
	return n
}

// TestKillDuringImport, Reindex and Compaction: kill -9 at each stage of a
// bulk write leaves a data dir that opens, holds only whole records (all
// of them when the kill came after the last write), and takes the next
// command.
func TestKillDuringBulkWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pmkb processes")
	}
	file, recs := writeRecords(t, 3000)

	t.Run("import", func(t *testing.T) {
		dir := t.TempDir()
		startAndKill(t, func(string) bool { return zapFiles(filepath.Join(dir, "index")) >= 3 }, "import", "--data", dir, file)
		n := exported(t, dir, recs)
		t.Logf("killed mid-import: %d of %d records readable", n, len(recs))
		if code, stderr := runPmkb(t, "import", "--data", dir, file); code != 0 {
			t.Fatalf("import after the kill: exit %d\n%s", code, stderr)
		}
		if n := exported(t, dir, recs); n != len(recs) {
			t.Errorf("after the second import: %d records, want %d", n, len(recs))
		}
	})

	t.Run("compaction", func(t *testing.T) {
		dir := t.TempDir()
		startAndKill(t, func(s string) bool { return strings.Contains(s, "compacting the index") }, "import", "--data", dir, file)
		if n := exported(t, dir, recs); n != len(recs) {
			t.Errorf("killed while compacting: %d records, want all %d (every batch was written)", n, len(recs))
		}
		if code, stderr := runPmkb(t, "reindex", "--data", dir); code != 0 {
			t.Fatalf("reindex after the kill: exit %d\n%s", code, stderr)
		}
	})

	t.Run("reindex", func(t *testing.T) {
		dir := t.TempDir()
		if code, stderr := runPmkb(t, "import", "--data", dir, file); code != 0 {
			t.Fatalf("import: exit %d\n%s", code, stderr)
		}
		fresh := filepath.Join(dir, "index", "idx-2")
		startAndKill(t, func(string) bool { return zapFiles(fresh) >= 1 }, "reindex", "--data", dir)
		if n := exported(t, dir, recs); n != len(recs) {
			t.Errorf("killed mid-reindex: %d records, want all %d (the old index stays live)", n, len(recs))
		}
		if code, stderr := runPmkb(t, "reindex", "--data", dir); code != 0 {
			t.Fatalf("reindex after the kill: exit %d\n%s", code, stderr)
		}
		if n := exported(t, dir, recs); n != len(recs) {
			t.Errorf("after the second reindex: %d records, want %d", n, len(recs))
		}
	})
}
