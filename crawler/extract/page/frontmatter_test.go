package page

import (
	"slices"
	"strings"
	"testing"
)

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name, doc        string
		title, date, inc string
		end, severity    string
		tags             []string
	}{
		{"a post-mortem record: its date is the incident's",
			"---\ntitle: Checkout down\ndate: 2024-03-12\nauthors: [ana, bo]\ntags: [database, Config]\nseverity: SEV-2\nstatus: resolved\n---\n\n# Checkout down\n",
			"Checkout down", "2024-03-12", "2024-03-12", "", "SEV-2", []string{"database", "Config"}},
		{"a blog post: its date is the publication's",
			"---\nlayout: post\ntitle: \"What went wrong\"\ndate: 2024-07-08\ntags:\n  - security\n---\n\nText.\n",
			"What went wrong", "2024-07-08", "", "", "", []string{"security"}},
		{"a blog's status is not a record's",
			"---\ntitle: Notes\ndate: 2024-07-08\nstatus: published\n---\n\nText.\n",
			"Notes", "2024-07-08", "", "", "", nil},
		{"an explicit incident key wins over the date",
			"---\ntitle: DB failover\ndate: 2024-07-08\nincident_date: 2024-07-01\nresolved_at: 2024-07-02T03:00:00Z\n---\n\nText.\n",
			"DB failover", "2024-07-08", "2024-07-01", "2024-07-02 03:00:00", "", nil},
		{"a status page entry with a timestamp",
			"---\ntitle: Site power\ndate: 2023-07-10 22:13:00\nresolved: true\nresolvedWhen: 2023-07-13 08:49:00\nseverity: down\n---\n\nText.\n",
			"Site power", "2023-07-10 22:13:00", "2023-07-10 22:13:00", "2023-07-13 08:49:00", "down", nil},
		{"toml with tags in a table",
			"+++\ntitle = \"Outage\"\ndate = 2019-10-24\nauthors = [\"Pietro\"]\n\n[taxonomies]\ntags = [\"dns\", \"incident\"]\n+++\n\nText.\n",
			"Outage", "2019-10-24", "", "", "", []string{"dns", "incident"}},
		{"bare Pelican metadata, capitalised",
			"Title: Mirror outage\nDate: 2024-05-02 10:20\nCategory: infra\n\nThe mirror went down.\n",
			"Mirror outage", "2024-05-02 10:20", "", "", "", []string{"infra"}},
		{"bare metadata that is not YAML",
			"title: Scanner compromise \ndate: '2024-05-02' \npermalink: scanner layout: post\n\n### What happened\n",
			"Scanner compromise", "2024-05-02", "", "", "", nil},
		{"french keys",
			"---\ntitre: x\ntitle: Panne\ndate: 2024-02-01\ngravité: majeure\n---\n\nTexte.\n",
			"Panne", "2024-02-01", "2024-02-01", "", "majeure", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, rest := splitFrontMatter([]byte(tt.doc))
			if len(rest) == len(tt.doc) {
				t.Fatalf("front matter not found")
			}
			if m.Title != tt.title || m.Date != tt.date || m.Incident != tt.inc || m.End != tt.end || m.Severity != tt.severity {
				t.Errorf("got title %q date %q incident %q end %q severity %q, want %q %q %q %q %q",
					m.Title, m.Date, m.Incident, m.End, m.Severity, tt.title, tt.date, tt.inc, tt.end, tt.severity)
			}
			if !slices.Equal(m.Tags, tt.tags) {
				t.Errorf("got tags %q, want %q", m.Tags, tt.tags)
			}
		})
	}
}

func TestFrontMatterReachesPage(t *testing.T) {
	p, err := readMarkdown([]byte("---\ntitle: Disk full\ndate: 2024-01-02\nseverity: high\nauthors: [ana]\n---\n\n## Summary\n\nThe disk filled up.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Disk full" || p.Published != "2024-01-02" || p.Author != "ana" || !p.Meta.Record() {
		t.Errorf("got title %q published %q author %q record %v, want Disk full, 2024-01-02, ana, true", p.Title, p.Published, p.Author, p.Meta.Record())
	}
}

// TestHTMLFrontMatter checks that an HTML file with front matter (as
// Jekyll and Hugo keep them) has it read as metadata, not as its text.
func TestHTMLFrontMatter(t *testing.T) {
	doc := "---\ntitle: \"4/5 May 2021 Relay Outage\"\ndate: 2021-05-04\nlayout: alert\n---\n<p>Relays stopped forwarding blocks after the upgrade.</p>\n<p>Operators rolled back within two hours.</p>\n"
	p, err := Read([]byte(doc), "text/html", nil)
	if err != nil {
		t.Fatal(err)
	}
	text := JoinBlocks(p.Blocks)
	if strings.Contains(text, "layout") || strings.Contains(text, "title:") {
		t.Errorf("front matter read as text: %q", text)
	}
	if !strings.Contains(text, "Relays stopped forwarding") {
		t.Errorf("body lost: %q", text)
	}
	if p.Title != "4/5 May 2021 Relay Outage" || p.Published != "2021-05-04" {
		t.Errorf("got title %q, published %q", p.Title, p.Published)
	}
}
