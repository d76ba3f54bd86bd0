package extract_test

import (
	"slices"
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestClassifyRules checks the general rules of the classifier on short
// posts written for the purpose: each names one tag it must get and one it
// must not.
func TestClassifyRules(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		want, not string // "" to skip
	}{
		{"a hypothetical is weak evidence",
			"In theory, if you have a faulty hardware clock and a broken NIC, a server can drift. Our Windows servers changed their system clock by themselves and the clock jump corrupted timestamps. The root cause was the system clock jumping ahead.",
			"time", "hardware"},
		{"a crash loop is a symptom, not a bug",
			"The root cause was a DNS misconfiguration: the resolver address in the config was wrong. Pods then went into a crash loop.",
			"dns", "software-bug"},
		{"a vendor's engineers helping is not a vendor failure",
			"The root cause was a Postgres limit on TOAST object identifiers in our database. We worked with AWS engineers and outside consultants to find it.",
			"database", "third-party"},
		{"a link speed is not a software version",
			"We upgraded the core router links from 10Gbps to 40Gbps. The root cause was a routing misconfiguration: BGP sessions came up before the core links.",
			"network", "deploy"},
		{"a failover that worked is not a failover failure",
			"The root cause was a NIC firmware hang on the host. The failover worked as designed and the backup node took over.",
			"hardware", "failover"},
		{"a box that cannot be recovered is not lost data",
			"The root cause was a power supply failure in the server. The BMC jammed and the box could not be recovered over the network.",
			"hardware", "data-loss"},
		{"a release that caused the outage is a deploy",
			"Summary: the upgrade of our cluster from version 1.13 to 1.14 caused the DNS pods to fail, and every service lost name resolution.",
			"deploy", ""},
		{"a flaw in a dependency is a third-party failure",
			"The root cause: this is due to a flaw in the parser dependency of our review bot, which let a crafted pull request be merged.",
			"third-party", ""},
		{"a negated attack is not security",
			"The root cause was a bad configuration pushed to the rate limiter. This was not the result of an attack.",
			"config-change", "security"},
		{"a quoted error message is a symptom, not the cause",
			"The root cause was a memory leak in the log shipper: it leaked file descriptors until writes failed with \"no space left on device\" on that node.",
			"resource-leak", "storage"},
		{"another incident's cause is not this one's",
			"The root cause was an expired TLS certificate on the API gateway. Last month a separate outage was caused by a power failure in the datacenter, which triggered a generator failure and the UPS failing.",
			"certificate", "facility"},
		{"a plan is not evidence of what happened",
			"The root cause was a bad configuration pushed to the rate limiter, which rejected valid requests. We will add alerts on rejected requests and improve our monitoring of the limiter. Going forward we will add more monitoring to every proxy.",
			"config-change", "monitoring"},
		{"a first-person admission is human error",
			"I caused an outage last week. I had copied the live config instead of the staged one, so the new router drew traffic too early.",
			"human-error", ""},
	}
	ex := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ex.Extract(extract.Input{ContentType: "text/plain", Body: []byte("Incident report\n\n" + tt.text)})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && !slices.Contains(a.Categories, tt.want) {
				t.Errorf("got %v, want %s among them", a.Categories, tt.want)
			}
			if tt.not != "" && slices.Contains(a.Categories, tt.not) {
				t.Errorf("got %v, want no %s", a.Categories, tt.not)
			}
		})
	}
}

// TestClassifyLogLines checks that a log pasted as preformatted text, even
// under the root-cause heading, does not vote like prose.
func TestClassifyLogLines(t *testing.T) {
	md := "# Search outage\n\n## Root cause\n\nThe search service leaked memory: every parsed query stayed alive until the process was killed.\n\n" +
		"```\nERROR invalid value for parameter lc_messages: bad config setting rejected\nERROR invalid value for parameter lc_time: bad config setting rejected\n```\n"
	a, err := mustDefault(t).Extract(extract.Input{ContentType: "text/markdown", Body: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(a.Categories, "config-change") {
		t.Errorf("got %v (config-change from %q), want no config-change", a.Categories, a.CategoryEvidence["config-change"])
	}
}

// TestClassifyBackground checks that a part explaining how the system
// normally works does not vote like the story of the incident.
func TestClassifyBackground(t *testing.T) {
	md := "# Upload outage\n\n## Background\n\nOur edge proxy filters malicious traffic and absorbs a DDoS before it reaches the uploaders.\n\n" +
		"## Root cause\n\nThe upload volume filled up: no space left for new files, because old artifacts were never cleaned.\n"
	a, err := mustDefault(t).Extract(extract.Input{ContentType: "text/markdown", Body: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(a.Categories, "storage") || slices.Contains(a.Categories, "security") {
		t.Errorf("got %v (security from %q), want storage and no security", a.Categories, a.CategoryEvidence["security"])
	}
}
