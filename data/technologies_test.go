package data

import (
	"slices"
	"strings"
	"testing"
)

func TestDefaultGazetteer(t *testing.T) {
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatalf("DefaultGazetteer: %v", err)
	}
	if n := len(g.Technologies); n < 80 {
		t.Errorf("got %d technologies, want at least 80", n)
	}
	kinds := map[string]bool{}
	for _, tech := range g.Technologies {
		kinds[tech.Kind] = true
	}
	for _, k := range []string{"database", "queue", "coordination", "orchestrator", "cloud", "cdn", "protocol", "runtime", "storage"} {
		if !kinds[k] {
			t.Errorf("no technology of kind %q", k)
		}
	}
}

func TestParseGazetteerErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"bad yaml", "technologies: [", "parse gazetteer"},
		{"no name", "technologies:\n  - {kind: database}", "has no name"},
		{"no kind", "technologies:\n  - {name: MySQL}", "has no kind"},
		{"duplicate", "technologies:\n  - {name: MySQL, kind: database}\n  - {name: mysql, kind: database}", "duplicate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGazetteer([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestTechnologyTerms(t *testing.T) {
	tests := []struct {
		tech Technology
		want string
	}{
		{Technology{Name: "Kubernetes", Aliases: []string{"k8s"}}, "Kubernetes,k8s"},
		{Technology{Name: "Go", Aliases: []string{"golang"}, SkipName: true}, "golang"},
	}
	for _, tc := range tests {
		if got := strings.Join(tc.tech.Terms(), ","); got != tc.want {
			t.Errorf("Terms(%s): got %q, want %q", tc.tech.Name, got, tc.want)
		}
	}
}

func TestSignatures(t *testing.T) {
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	s := NewTechSpotter(g.BySignature())
	tests := []struct{ text, want string }{
		{"FATAL:  remaining connection slots are reserved for non-replication superuser connections", "PostgreSQL"},
		{"x509: certificate has expired or is not yet valid", "TLS"},
		{"Back-off restarting failed container; reason: CrashLoopBackOff", "Kubernetes"},
		{"Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", "Java"},
		{"dial tcp 10.0.0.1:5432: connect: connection refused", "PostgreSQL"},
		{"dial tcp redis-primary.internal:6379: i/o timeout", "Redis"},
		{"kafka: client has run out of available brokers to talk to: dial tcp 10.1.2.3:9092", "Kafka"},
	}
	for _, tc := range tests {
		if got := s.Find(tc.text); !slices.Contains(got, tc.want) {
			t.Errorf("Find(%q): got %v, want %s", tc.text, got, tc.want)
		}
	}
	// A port is a signature only after a colon: a time or a count is not.
	for _, text := range []string{"at 10:54:32 the queue held 5432 jobs", "port 3306 was closed"} {
		if got := s.Find(text); len(got) != 0 {
			t.Errorf("Find(%q): got %v, want none", text, got)
		}
	}
	// Extraction's spotter does not read signatures.
	if got := NewTechSpotter(g).Find("remaining connection slots are reserved"); len(got) != 0 {
		t.Errorf("the gazetteer's own spotter found %v in a signature", got)
	}
}
