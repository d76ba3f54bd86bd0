package dedupe

import (
	"testing"

	"github.com/pmkb/pmkb/data"
)

// rec builds a small fictional record.
func rec(url, title, company, date string, cats []string) data.Postmortem {
	return data.Postmortem{ID: data.IDFor(url), URL: url, Title: title, Company: company, IncidentDate: date, Categories: cats}
}

func inCollection(pm data.Postmortem, c string) data.Postmortem {
	pm.Collection = c
	return pm
}

func TestSame(t *testing.T) {
	base := rec("https://a.example/1", "Acme backbone change takes the site offline", "Acme", "2021-10-04", []string{"network"})
	tests := []struct {
		name  string
		other data.Postmortem
		same  bool
	}{
		{"other post, shared title word", rec("https://a.example/2", "More details on the backbone outage", "ACME", "2021-10-04", []string{"config-change"}), true},
		{"other post, shared category", rec("https://a.example/3", "What happened on Monday", "Acme", "2021-10-04", []string{"network"}), true},
		{"untitled list entry", rec("https://a.example/4", "", "Acme", "2021-10-04", nil), true},
		{"same title, no date", rec("https://a.example/5", "Post-mortem: Acme backbone change takes the site offline", "Acme", "", nil), true},
		{"unrelated incident the same day", rec("https://a.example/6", "Payment queue backlog", "Acme", "2021-10-04", []string{"capacity"}), false},
		{"company word alone is not shared", rec("https://a.example/7", "Acme payments slow", "Acme", "2021-10-04", nil), false},
		{"other day", rec("https://a.example/8", "Backbone change again", "Acme", "2021-10-05", []string{"network"}), false},
		{"other company", rec("https://b.example/1", "Acme backbone change takes the site offline", "Globex", "2021-10-04", nil), false},
		{"same incident in another collection", inCollection(rec("https://a.example/2", "More details on the backbone outage", "Acme", "2021-10-04", []string{"network"}), "ours"), false},
		{"same URL in another collection", inCollection(rec("https://a.example/1", "Acme backbone change takes the site offline", "Acme", "2021-10-04", []string{"network"}), "ours"), false},
		{"empty collection is public", inCollection(rec("https://a.example/2", "More details on the backbone outage", "Acme", "2021-10-04", nil), "public"), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Same(data.Companies{}, base, tc.other); got != tc.same {
				t.Errorf("Same: got %v, want %v", got, tc.same)
			}
		})
	}
	co, err := data.DefaultCompanies()
	if err != nil {
		t.Fatal(err)
	}
	brew := rec("https://brew.sh/2018/08/05/security-incident-disclosure/", "Security Incident Disclosure", "Homebrew", "2018-07-31", []string{"security"})
	brew2 := rec("https://brew.sh/2021/04/21/security-incident-disclosure/", "Security Incident Disclosure", "Homebrew", "2021-04-18", []string{"security"})
	undated := brew2
	undated.IncidentDate = ""
	gl := rec("https://about.gitlab.com/blog/2017/02/10/postmortem-of-database-outage-of-january-31/", "Postmortem of database outage of January 31", "Gitlab", "2017-01-31", nil)
	gl2 := rec("https://about.gitlab.com/2017/02/10/postmortem-of-database-outage-of-january-31", "GitLab.com database incident", "GitLab", "", nil)
	amzn := rec("https://a.example/s3", "Summary of the S3 service disruption", "Amazon", "2017-02-28", nil)
	aws := rec("https://b.example/s3", "Summary of the S3 service disruption", "AWS", "2017-02-28", nil)
	short := rec("https://x.example/2020/01/01/short", "", "Acme", "", nil)
	other := rec("https://x.example/2022/01/01/other-post", "", "Acme", "", nil)
	pairs := []struct {
		name string
		a, b data.Postmortem
		same bool
	}{
		{"same title three years apart", brew, brew2, false},
		{"same title, dates in the URLs years apart", brew, undated, false},
		{"same slug on one host, company case differs", gl, gl2, true},
		{"company aliases", amzn, aws, true},
		{"URL dates years apart, no title", short, other, false},
	}
	for _, tc := range pairs {
		if got := Same(co, tc.a, tc.b); got != tc.same {
			t.Errorf("%s: Same got %v, want %v", tc.name, got, tc.same)
		}
	}
	if got, want := slugKey("https://www.Example.com/blog/a-long-enough-post-slug-here/"), "example.com|a-long-enough-post-slug-here"; got != want {
		t.Errorf("slugKey: got %q, want %q", got, want)
	}
	if got := slugKey("https://example.com/2017/outage"); got != "" {
		t.Errorf("slugKey of a short slug: got %q, want none", got)
	}
	if got, want := titleKey("The Post-Mortem of our GitHub outage!"), "github"; got != want {
		t.Errorf("titleKey: got %q, want %q", got, want)
	}
}

func TestKeysOfACollection(t *testing.T) {
	pub := rec("https://a.example/2021/10/04/backbone-change-offline", "Backbone change", "Acme", "2021-10-04", nil)
	ours := inCollection(pub, "ours")
	kp, ko := Keys(data.Companies{}, pub), Keys(data.Companies{}, ours)
	if len(kp) != 3 || len(ko) != len(kp) {
		t.Fatalf("keys: got %q and %q, want three each", kp, ko)
	}
	for i := range kp {
		if ko[i] != "collection:ours|"+kp[i] {
			t.Errorf("key %d: got %q, want %q", i, ko[i], "collection:ours|"+kp[i])
		}
	}
	if got := Keys(data.Companies{}, inCollection(pub, "public")); got[0] != kp[0] {
		t.Errorf("public key: got %q, want %q (no prefix)", got[0], kp[0])
	}
}
