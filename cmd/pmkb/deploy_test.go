package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// readmeBlock returns the README's one fenced code block of the given
// language that contains marker.
func readmeBlock(t *testing.T, lang, marker string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, m := range regexp.MustCompile("(?ms)^```"+lang+"\n(.*?)^```$").FindAllStringSubmatch(string(readme), -1) {
		if strings.Contains(m[1], marker) {
			found = append(found, m[1])
		}
	}
	if len(found) != 1 {
		t.Fatalf("the README has %d ```%s blocks holding %q, want 1", len(found), lang, marker)
	}
	return found[0]
}

// checkCommandLine fails unless args (after "pmkb") name a command and
// only flags that command takes.
func checkCommandLine(t *testing.T, where string, args []string) {
	t.Helper()
	if len(args) == 0 {
		t.Fatalf("%s: no pmkb command", where)
	}
	if _, ok := commands()[args[0]]; !ok {
		t.Fatalf("%s: pmkb has no command %q", where, args[0])
	}
	known := flagsOf(t, args[:1])
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !slices.Contains(known, name) {
			t.Errorf("%s: pmkb %s takes no flag --%s", where, args[0], name)
		}
	}
}

// checkEnv fails unless name is the environment variable of one of the
// flags in the README's configuration table.
func checkEnv(t *testing.T, where, name string) {
	t.Helper()
	for _, r := range configTable(t) {
		if r.env == name {
			return
		}
	}
	t.Errorf("%s: %s is no flag's environment variable", where, name)
}

// TestReadmeDeployExamples reads the systemd unit and the Kubernetes
// example out of the README (issue 16 wants them there, not as files):
// their pmkb command lines take only real flags, their environment only
// real variables, the probes name /readyz and /healthz, and the claim the
// Deployment mounts is the one the example declares.
func TestReadmeDeployExamples(t *testing.T) {
	t.Run("systemd", func(t *testing.T) {
		unit := readmeBlock(t, "ini", "[Service]")
		var exec []string
		for _, line := range strings.Split(unit, "\n") {
			k, v, ok := strings.Cut(line, "=")
			switch {
			case !ok || strings.HasPrefix(line, "#"):
			case k == "ExecStart":
				exec = strings.Fields(v)
			case k == "Environment":
				name, _, _ := strings.Cut(v, "=")
				checkEnv(t, "pmkb.service", name)
			}
		}
		if len(exec) == 0 || exec[0] != "/usr/local/bin/pmkb" {
			t.Fatalf("pmkb.service: ExecStart %q, want /usr/local/bin/pmkb ...", exec)
		}
		checkCommandLine(t, "pmkb.service ExecStart", exec[1:])
		if exec[1] != "serve" {
			t.Errorf("pmkb.service runs pmkb %s, want serve", exec[1])
		}
	})
	t.Run("kubernetes", func(t *testing.T) {
		type probe struct {
			HTTPGet struct{ Path, Port string } `yaml:"httpGet"`
		}
		type manifest struct {
			Kind     string
			Metadata struct{ Name string }
			Spec     struct {
				Strategy struct{ Type string }
				Template struct {
					Spec struct {
						Containers []struct {
							Args           []string
							Env            []struct{ Name, Value string }
							Ports          []struct{ Name string }
							ReadinessProbe *probe `yaml:"readinessProbe"`
							LivenessProbe  *probe `yaml:"livenessProbe"`
							VolumeMounts   []struct {
								Name      string
								MountPath string `yaml:"mountPath"`
							} `yaml:"volumeMounts"`
						}
						Volumes []struct {
							Name                  string
							PersistentVolumeClaim *struct {
								ClaimName string `yaml:"claimName"`
							} `yaml:"persistentVolumeClaim"`
						}
					}
				}
			}
		}
		dec := yaml.NewDecoder(bytes.NewBufferString(readmeBlock(t, "yaml", "kind: Deployment")))
		byKind := map[string]manifest{}
		for {
			var m manifest
			err := dec.Decode(&m)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("the README's Kubernetes example: %v", err)
			}
			byKind[m.Kind] = m
		}
		for _, k := range []string{"PersistentVolumeClaim", "Deployment", "Service"} {
			if _, ok := byKind[k]; !ok {
				t.Errorf("the Kubernetes example has no %s", k)
			}
		}
		d := byKind["Deployment"]
		if d.Spec.Strategy.Type != "Recreate" {
			t.Errorf("Deployment strategy %q, want Recreate (one writer per data dir)", d.Spec.Strategy.Type)
		}
		cs := d.Spec.Template.Spec.Containers
		if len(cs) != 1 {
			t.Fatalf("Deployment: %d containers, want 1", len(cs))
		}
		c := cs[0]
		checkCommandLine(t, "Deployment args", c.Args)
		dataDir := ""
		for _, e := range c.Env {
			checkEnv(t, "Deployment env", e.Name)
			if e.Name == "PMKB_DATA" {
				dataDir = e.Value
			}
		}
		for name, p := range map[string]struct {
			got  *probe
			want string
		}{"readiness": {c.ReadinessProbe, "/readyz"}, "liveness": {c.LivenessProbe, "/healthz"}} {
			if p.got == nil || p.got.HTTPGet.Path != p.want {
				t.Errorf("Deployment %s probe: got %+v, want a GET of %s", name, p.got, p.want)
			}
		}
		claims := map[string]string{} // volume -> claim
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.PersistentVolumeClaim != nil {
				claims[v.Name] = v.PersistentVolumeClaim.ClaimName
			}
		}
		mounted := false
		for _, m := range c.VolumeMounts {
			if claims[m.Name] == byKind["PersistentVolumeClaim"].Metadata.Name && m.MountPath == dataDir {
				mounted = true
			}
		}
		if !mounted {
			t.Errorf("Deployment: no mount of claim %q at the data dir %q (PMKB_DATA)", byKind["PersistentVolumeClaim"].Metadata.Name, dataDir)
		}
	})
}
