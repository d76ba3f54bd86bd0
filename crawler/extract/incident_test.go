package extract_test

import (
	"testing"

	"github.com/pmkb/pmkb/crawler/extract"
)

// TestIncidentDateImpactStart checks that a timeline row saying the impact
// began wins over the day in the title and over the timeline's busiest day.
func TestIncidentDateImpactStart(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{"impact began the day before the title's date",
			"# 2024-03-12 - Checkout unavailable\n\n## Summary\n\nCheckout failed for most customers.\n\n## Timeline\n\n" +
				"- 2024-03-11 22:10 UTC - Errors began impacting checkout\n- 2024-03-12 08:00 UTC - Support escalates\n" +
				"- 2024-03-12 09:00 UTC - Engineers investigate\n- 2024-03-12 10:00 UTC - Fix deployed\n",
			"2024-03-11"},
		{"no row says when the impact began",
			"# 2024-03-12 - Checkout unavailable\n\n## Summary\n\nCheckout failed for most customers.\n\n## Timeline\n\n" +
				"- 2024-03-11 22:10 UTC - A release is merged\n- 2024-03-12 08:00 UTC - Support escalates\n" +
				"- 2024-03-12 09:00 UTC - Engineers investigate\n- 2024-03-12 10:00 UTC - Fix deployed\n",
			"2024-03-12"},
	}
	ex := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ex.Extract(extract.Input{ContentType: "text/markdown", Body: []byte(tt.md)})
			if err != nil {
				t.Fatal(err)
			}
			if a.IncidentDate != tt.want {
				t.Errorf("got %s, want %s", a.IncidentDate, tt.want)
			}
		})
	}
}

// TestInputPublished checks that the day a source says a page went up
// places the page's year-less dates, and that the page's own date wins.
func TestInputPublished(t *testing.T) {
	tests := []struct {
		name, md, published, want, wantPub, url string
	}{
		{"the source's day gives the year",
			"# Checkout outage\n\nOn Tuesday, March 12 checkout failed for an hour.\n", "2024-03-20", "2024-03-12", "2024-03-20", ""},
		{"yesterday counts from it",
			"# Checkout outage\n\nYesterday checkout failed for an hour.\n", "2024-03-20", "2024-03-19", "2024-03-20", ""},
		{"the page's byline wins",
			"# Checkout outage\n\n*Posted on March 20, 2023 by the SRE team*\n\nOn March 12 checkout failed for an hour.\n", "2024-03-20", "2023-03-12", "2023-03-20", ""},
		{"a date alone under the title is the post's, a relative day the incident's",
			"# Queue stuck\n\nNov 9, 2021\n\nLast Thursday the export queue stopped and reports were late by a day.\n", "", "2021-11-04", "2021-11-09", ""},
		{"french, a date and a signature under the title",
			"# Panne\n\nMercredi 9 juin 2021 — L'équipe réseau\n\nHier soir, la messagerie était indisponible pendant deux heures.\n", "", "2021-06-08", "2021-06-09", ""},
		{"an address dated to the month places a day of the month",
			"# Uploads failing\n\nOn Sunday the 7th, uploads failed for two hours.\n", "", "2023-05-07", "", "https://blog.example.org/2023/05/uploads-failing"},
		{"an address dated to the month gives year-less dates their year",
			"# Uploads failing\n\nOn December 30 uploads failed for two hours.\n", "", "2022-12-30", "", "https://blog.example.org/2023/01/uploads-failing"},
		{"a forwarded e-mail dates itself, a weekday the incident",
			"# Fwd: summary\n\nFrom: ops@example.org\nDate: Thu, 7 Mar 2024 17:20:05 +0000\nSubject: summary of the login failures\n\nOn Monday, logins failed for two hours because a certificate expired.\n", "", "2024-03-04", "2024-03-07", ""},
		{"an address's one year gives year-less dates their year",
			"# Uploads failing\n\n## Timeline\n\n- Mar 4, 10:02 UTC - uploads fail\n- Mar 4, 11:30 UTC - fixed\n", "", "2021-03-04", "", "https://blog.example.org/posts/2021-uploads-failing"},
		{"an earlier outage alone gives way to a relative day",
			"# Sync errors\n\nOct 20, 2022\n\nOn Monday the sync service failed for an hour. Unlike the outage on September 30, no data was lost.\n", "", "2022-10-17", "2022-10-20", ""},
	}
	ex := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ex.Extract(extract.Input{URL: tt.url, ContentType: "text/markdown", Body: []byte(tt.md), Published: tt.published})
			if err != nil {
				t.Fatal(err)
			}
			if a.IncidentDate != tt.want || a.Published != tt.wantPub {
				t.Errorf("got incident %s published %s, want %s %s", a.IncidentDate, a.Published, tt.want, tt.wantPub)
			}
		})
	}
}

// TestTitleDatesThePost checks that a page without a title of its own is
// headed by its first line, a minor heading or a bold line, whose date then
// counts as the title's.
func TestTitleDatesThePost(t *testing.T) {
	tests := []struct {
		name, md, title, date string
	}{
		{"a bold first line",
			"**Wi-Fi authentication failures — Mon 3 Oct**\n\nMost devices failed to join the Wi-Fi. The certificate was due to expire on 5 Oct and was renewed on 30 Sep with the wrong name.\n",
			"Wi-Fi authentication failures — Mon 3 Oct", "2022-10-03"},
		{"a minor heading",
			"### ldap-bridge connection exhaustion — 1 Sep\n\nSSO logins failed. A customer renewed their certificate on 31 Aug with an intermediate missing, and every handshake leaked a socket.\n",
			"ldap-bridge connection exhaustion — 1 Sep", "2022-09-01"},
	}
	ex := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ex.Extract(extract.Input{URL: "https://example.com/incidents/inc-42", ContentType: "text/markdown", Body: []byte(tt.md), Published: "2022-10-07"})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.IncidentDate != tt.date {
				t.Errorf("got title %q, date %s; want %q, %s", a.Title, a.IncidentDate, tt.title, tt.date)
			}
		})
	}
}
