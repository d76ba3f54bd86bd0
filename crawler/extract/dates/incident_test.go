package dates

import (
	"testing"
	"time"

	"github.com/pmkb/pmkb/crawler/extract/page"
)

// doc reads a Markdown post the way the extractor does.
func doc(t *testing.T, md, published, lang string) Doc {
	t.Helper()
	d, _, _ := readDoc(t, md, lang)
	d.Published = published
	return d
}

// readDoc reads a Markdown post into a Doc without a publication date, and
// returns the page and its blocks below the title too.
func readDoc(t *testing.T, md, lang string) (Doc, page.Page, []page.Block) {
	t.Helper()
	p, err := page.Read([]byte(md), "text/markdown", nil)
	if err != nil {
		t.Fatal(err)
	}
	blocks := p.Blocks
	title := ""
	if len(blocks) > 0 && blocks[0].Kind == page.KindHeading {
		title, blocks = blocks[0].Text, blocks[1:]
	}
	secs := page.AssignSections(blocks)
	return Doc{Title: title, Sents: page.Sentences(blocks, secs), Meta: p.Meta, Lang: lang}, p, blocks
}

func TestIncidentDay(t *testing.T) {
	tests := []struct {
		name, md, published, lang, want string
	}{
		{"a local zone keeps the post's own day",
			"# Outage\n\nBetween 23:31 PDT on May 17 and 03:09 PDT on May 18, 2023, invoices failed.\n", "", "en", "2023-05-17"},
		{"a timeline row late the evening before that tells the impact",
			"# Outage\n\n## Summary\n\nOn 2024-03-12 checkout failed for most customers.\n\n## Timeline\n\n" +
				"- 2024-03-11 22:10 UTC - checkout errors climb and the alert fires\n- 2024-03-12 08:00 UTC - support escalates\n- 2024-03-12 09:00 UTC - fix deployed\n",
			"", "en", "2024-03-11"},
		{"dashed timeline days tell a slashed byline's order",
			"# Outage\n\n**Date**: 04/11/2022\n\n## Timeline\n\n### 28-10-2022 (all times CET)\n\n- 14:02 the new storage driver is rolled out\n\n### 04-11-2022 (all times CET)\n\n- 02:17 outage begins: the site times out\n- 09:40 service restored\n", "", "en", "2022-11-04"},
		{"a title's day the body never repeats gives way to the day the flaw was reported",
			"# 2023-05-12 - Security advisory: script injection in the docs site\n\n## Summary\n\nOn 9 May 2023 a researcher told us about a possible injection in our documentation site.\n\nThe search page echoed its query unescaped.\n", "", "en", "2023-05-09"},
		{"a title's day the body repeats stays",
			"# 2023-05-12 - Security advisory: script injection in the docs site\n\n## Summary\n\nOn 9 May 2023 a researcher told us about a possible injection in our documentation site.\n\nOn 2023-05-12 the search page was taken down after it was abused.\n", "", "en", "2023-05-12"},
		{"a labelled start field before a later timeline row that says start",
			"# Relay forks\n\nStart date: 4 July @ 02:10; End time: 03:50; Blocks: 6\n\nStart date: 5 July @ 21:50; End time: 23:40; Blocks: 3\n\nMiners built on an invalid block.\n\n## Updates\n\n- 6 July 04:00 A new fork occurred starting 5 July at 21:30.\n", "2015-07-08", "en", "2015-07-04"},
		{"a title's range of days opens on its first",
			"# 11/12 March 2013 chain fork\n\nA block that older nodes could not read split the network in two.\n", "", "en", "2013-03-11"},
		{"a German range of days opens on its first",
			"# Ausfall 12. - 13. August 2020\n\nEin Bagger hat die Glasfaser durchtrennt.\n", "", "en", "2020-08-12"},
		{"an outage report's day is the incident's, not the post's",
			"# Outage Report: November 7, 2025\n\nOver the last weekend the bot was down while I was away.\n", "2025-11-11", "en", "2025-11-07"},
		{"a reported day gives way to the day before that tells the harm",
			"# Supply-chain attack\n\nDate reported: April 22, 2025\n\n## Summary\n\nOn April 21, 2025, two releases of our library were published with malicious code.\n", "", "en", "2025-04-21"},
		{"gestern is the day before the post",
			"# Stromausfall\n\nGestern um 20:00 Uhr fiel der Strom im Rechenzentrum aus.\n", "2004-07-24", "en", "2004-07-23"},
		{"a title's day after an evening report in the lead",
			"# 2023-03-08 orders volume full\n\n## What happened\n\nMonday 2023-03-07 at 21:40, a shop owner told us on chat about an error while saving an order.\n\nThe volume that holds orders had no space left.\n", "", "en", "2023-03-07"},
		{"a title's day after an evening change in the lead stays",
			"# 2023-03-08 orders volume full\n\n## What happened\n\nMonday 2023-03-07 at 21:40, we deployed the new retention settings.\n\nThe next morning the volume that holds orders had no space left and saving an order failed.\n", "", "en", "2023-03-08"},
		{"a change made the evening before is not the incident",
			"# Outage\n\n## Summary\n\nOn 2024-03-12 checkout failed for most customers.\n\n## Timeline\n\n" +
				"- 2024-03-11 22:10 UTC - a release is merged\n- 2024-03-12 08:00 UTC - support escalates\n- 2024-03-12 09:00 UTC - fix deployed\n",
			"", "en", "2024-03-12"},
		{"a change days before moves to the day it hurt",
			"# Outage\n\nOn Friday 29 November 2019 we scaled the cluster to ten nodes.\n\nOn Saturday 30 November 2019 the load balancers failed to scale and requests were rejected.\n",
			"", "en", "2019-11-30"},
		{"the publication day is not the incident's",
			"# Outage\n\n*Posted on March 20, 2024 by the SRE team*\n\nOn March 14 the API returned errors for an hour.\n", "2024-03-20", "en", "2024-03-14"},
		{"a year-less date takes the year of the nearest full date",
			"# Outage\n\nThe date was November 8, 2021 and the reports kept coming.\n\nBetween 11:00pm and 11:59pm (PT) on November 7 every comment looked a day old.\n", "2024-08-15", "en", "2021-11-07"},
		{"a weekday tells the year when nothing else does",
			"# Outage\n\nWe moved to the new platform in 2019.\n\nOn Tuesday, February 6, logins failed for two hours.\n", "", "en", "2024-02-06"},
		{"a labelled field gives the day",
			"# Incident review\n\n**Severity:** SEV-2 · **Date:** Friday 26 April 2024 · **Author:** Dana\n\n## Leadup\n\nOn April 22 the team merged a Terraform change.\n\n## Fault\n\nThe sale opened at 18:00 BST and carts were evicted.\n",
			"", "en", "2024-04-26"},
		{"a review date is not the incident's",
			"# Postmortem\n\n**Status:** final · **Review date:** 2022-09-20\n\n## Summary\n\nFor 41 minutes on Wednesday 14 September 2022, writes failed.\n", "", "en", "2022-09-14"},
		{"french, the first night of a range",
			"# Incident\n\n**Date :** nuit du 11 au 12 octobre 2022\n\nLes deux liens sont tombés à 23:31.\n", "", "fr", "2022-10-11"},
		{"french numeric dates are day first",
			"# Incident\n\nÉquipe identité · 09/10/2024 · Sev2\n\nLes VM restaurées ont démarré avec une horloge en retard et les jetons ont été rejetés.\n", "", "fr", "2024-10-09"},
		{"status updates newest first began at the oldest",
			"# Forms closed\n\n**Resolved** — Dec 30, 2024, 14:10 UTC\nThe fix has been deployed.\n\n**Identified** — Dec 30, 2024, 11:45 UTC\nWe found a bug.\n\n**Investigating** — Dec 30, 2024, 09:20 UTC\nSome forms show as closed.\n",
			"", "en", "2024-12-30"},
		{"a range gives its first day",
			"# Outage\n\nOn 11–12 March 2024 some customers could not reach our API.\n", "", "en", "2024-03-11"},
		{"a day computers fall back to is not the incident",
			"# Outage\n\nAfter a power cut on the evening of January 14, the hubs came back with their clocks reset to January 1, 2000 and failed.\n\nThe certificate notBefore was 2022-11-03.\n", "2023-01-20", "en", "2023-01-14"},
		{"relative to the publication",
			"# Outage\n\nLast Tuesday our API was down for an hour.\n", "2024-02-15", "en", "2024-02-13"},
		{"french relative day",
			"# Panne\n\nJeudi dernier, le service a été indisponible pendant une heure.\n", "2024-02-15", "fr", "2024-02-08"},
		{"month only",
			"# Outage\n\nIn early February 2024 the disk filled up.\n", "2024-03-01", "en", "2024-02-01"},
		{"french range with its article",
			"# Incident\n\nEntre le 6 et le 14 mai, le simulateur a affiché des échéances fausses.\n\nLe 14 mai, un client nous a écrit.\n", "2024-05-20", "fr", "2024-05-06"},
		{"a certificate due to expire is a plan, its renewal the start",
			"# TLS outage\n\nThe API's TLS certificate was due to expire on January 20.\n\nOn January 17, the platform team renewed it and clients failed to connect.\n", "2022-01-24", "en", "2022-01-17"},
		{"a weekday and a time of day count back from the publication",
			"# Booking API stalled\n\nThe bot ran the cut-over in the middle of the Thursday evening peak and the API stalled.\n", "2022-08-18", "en", "2022-08-11"},
		{"a line of the incident's facts is no byline",
			"# Incident\n\nÉquipe identité · 09/10/2024 · Sev2 · durée ~3 h\n\nLe 9 octobre au matin, les jetons ont été rejetés.\n", "", "fr", "2024-10-09"},
		{"a date field late on a line of fields",
			"# Incident\n\nGravité : majeure · Responsable : Camille Perrot · Durée : 3 h 30 (dégradation) · Date : 21 novembre 2023\n\nLe 20 novembre au soir, nous avons mis à jour rs1.\n\nÀ partir de 03:10 le 21 novembre, la mémoire a augmenté.\n", "", "fr", "2023-11-21"},
		{"a sentence that tells the outage opens it without a cue word",
			"# Server room\n\nThis report covers the weekend of August 17th, when our server room overheated and took the site down.\n\nA memory module started reporting errors and was replaced on September 2.\n", "2019-09-10", "en", "2019-08-17"},
		{"a quiet day moves to the day the outage began",
			"# Kerberos\n\nOn 28 March the old NTP servers were powered off.\n\nOn Wednesday 19 April from 09:10 CEST, YARN jobs started failing.\n", "2023-04-26", "en", "2023-04-19"},
		{"the following morning tells the first impact",
			"# Incident report July 21 2025 - hub pods dying\n\n## Summary\n\nOn July 21, 2025, we received a support request asking whether the hub would hold.\nThat evening we ran a stress test, adding thousands of servers to the database. Early the following morning, alerts fire when the hub fails a health check.\n\n## Timeline\n\n## July 22\n\n1:03\nFirst alert fires\n\n5:00\nEngineers acknowledge\n", "", "en", "2025-07-22"},
		{"french, the day after a change",
			"# Incident\n\nLe 3 mars 2024, nous avons déployé la version 2.\n\nLe lendemain matin, les premières erreurs sont apparues et le service était indisponible.\n", "", "fr", "2024-03-04"},
		{"a local evening is the post's day, not the UTC one",
			"# Outage\n\nOn March 3, 2024 at 11:40 PM PST (07:40 UTC on March 4), our API began returning errors.\n", "", "en", "2024-03-03"},
		{"an undated timeline row late the evening before",
			"# Outage\n\n## Summary\n\nOn March 12, 2024 checkout failed for most customers for three hours.\n\n## Timeline\n\n- March 11, 21:50 — release 4.2 deployed\n- 22:15 — checkout error rate climbs, alert fires\n- March 12, 00:30 — on-call escalates\n- 01:10 — rollback\n", "", "en", "2024-03-11"},
		{"an undated change the evening before is not the incident",
			"# Outage\n\n## Summary\n\nOn March 12, 2024 checkout failed for most customers for three hours.\n\n## Timeline\n\n- March 11, 21:50 — release 4.2 deployed\n- 22:15 — release 4.3 deployed\n- March 12, 08:30 — checkout errors, alert fires\n", "", "en", "2024-03-12"},
		{"errors that began the evening before",
			"# Outage\n\n## Summary\n\nOn Tuesday, March 12, 2024 our checkout was unavailable to most customers until 09:00.\n\nThe problems began the evening before, at 22:10, when a cache node ran out of memory and requests started to fail.\n", "", "en", "2024-03-11"},
		{"french, errors that began the evening before",
			"# Incident\n\nLe mardi 12 mars 2024, le paiement a été indisponible jusqu'à 9h.\n\nLes erreurs ont commencé la veille au soir, vers 22h10, quand un nœud de cache a saturé sa mémoire.\n", "", "fr", "2024-03-11"},
		{"a timeline in UTC keeps the post's local evening",
			"# Outage\n\nOn the evening of Sunday, June 9, 2024 (Pacific time) uploads failed for two hours.\n\n## Timeline (UTC)\n\n- 2024-06-10 03:05 uploads start failing\n- 2024-06-10 03:12 alert fires\n- 2024-06-10 05:01 resolved\n", "", "en", "2024-06-09"},
		{"a local time after midnight keeps the local day, not the UTC one",
			"# Panne\n\nLe 12 mars 2024 à 00:40 (heure de Paris), soit le 11 mars à 23:40 UTC, l'API est tombée en panne.\n", "", "fr", "2024-03-12"},
		{"a zone ahead of UTC keeps its own day",
			"# Outage\n\nAt 01:15 AEDT on 5 February 2024 (14:15 UTC on 4 February), our Sydney region went down.\n", "", "en", "2024-02-05"},
		{"a local timeline that starts the evening before the UTC summary",
			"# Outage\n\n## Timeline (PST)\n\n- Jan 9, 2024 23:50 — errors begin, alert fires\n- Jan 10, 2024 00:30 — on-call engaged\n- Jan 10, 2024 01:55 — resolved\n\n## Summary\n\nOn January 10, 2024 between 07:50 and 09:55 UTC the API returned errors.\n", "", "en", "2024-01-09"},
		{"a change told after the day is not the incident's",
			"# Queues\n\nLast Wednesday, 8 May 2024, none of our messages went anywhere for 50 minutes.\n\nWe had upgraded the brokers on May 6, one service at a time.\n", "2024-05-14", "en", "2024-05-08"},
		{"french, put online on a later day",
			"# Lenteurs\n\n*Mis en ligne le 20 mai 2022*\n\nLe mardi 17 mai, à partir de 10 h, les pages ont été très lentes.\n", "", "fr", "2022-05-17"},
		{"an earlier incident named first is not this one",
			"# DNS again\n\nThis is our fourth resolver incident this quarter, after those on February 2 and March 9, 2022.\n\nOn April 21 lookups failed for twenty minutes.\n", "2022-04-25", "en", "2022-04-21"},
		{"french, a similar outage earlier is not this one",
			"# Panne\n\nUne coupure semblable, le 3 janvier 2023, venait du fournisseur.\n\nLe 19 janvier, la synchronisation a échoué toute la matinée.\n", "", "fr", "2023-01-19"},
		{"an unusable service tells the incident",
			"# Outage\n\nOn June 6, 2023 the booking site was unusable for most of the day.\n\nIt was our second outage of the year; the first one, on May 2, was a network fault.\n", "", "en", "2023-06-06"},
		{"a job that starts the evening before is a change, not the incident",
			"# Logins\n\n## Summary\n\nOn 8 March 2023 users could not log in all morning.\n\n## Timeline\n\n- 7 March 2023 23:30 — the cleanup job starts\n- 8 March 2023 07:10 — first login failures\n- 8 March 2023 09:00 — job reverted\n", "", "en", "2023-03-08"},
		{"a date field over an earlier lead is the day the post was written",
			"# Postmortem\n\n**Date:** 2021-05-20 · **Owner:** M. Diaz · **Status:** done\n\n## Summary\n\nOn 2021-05-12, from 14:00 to 15:10 UTC, image uploads failed.\n", "", "en", "2021-05-12"},
		{"a change told just before the incident may precede it by weeks",
			"# Too popular\n\nWe opened the new export API on August 2, 2021.\n\nThree weeks later, on August 23, the export servers ran out of memory and failed.\n", "2021-08-30", "en", "2021-08-23"},
		{"two status stamps under a resolved update began at the older",
			"# Checkout errors\n\n**Resolved** - The fix is live and checkout works again.\nMay 4, 2023 - 00:20 EDT\n\n**Investigating** - Checkout returns errors.\nMay 3, 2023 - 23:05 EDT\n", "", "en", "2023-05-03"},
		{"french status stamps with an abbreviated month",
			"# Erreurs\n\n**Résolu** - Le service fonctionne de nouveau.\n3 févr. 2024 - 01:10 CET\n\n**Investigation** - Des erreurs apparaissent.\n2 févr. 2024 - 23:40 CET\n", "", "fr", "2024-02-02"},
		{"french months abbreviated without their accent or dot",
			"## Compte rendu\n\nAPI indisponible\n\n### Date\n4 Fev 2025\n\n### Résumé\n- Erreurs 500 sur l'API\n- Remonté par le support\n", "", "fr", "2025-02-04"},
		{"french, a February without its accent in a sentence",
			"# Panne\n\nLe 12 fev 2023, les sauvegardes ont échoué toute la nuit.\n", "", "fr", "2023-02-12"},
		{"a fix that starts to apply is no start",
			"# Nodes\n\n## Timeline\n\n- 2024-05-01 21:40 | First node in NotReady state\n- 2024-05-02 10:05 | Potential fix started to apply through the pipeline\n- 2024-05-02 10:40 | Nodes look healthy\n", "", "en", "2024-05-01"},
		{"work that stops is the impact, late the evening before",
			"# 05-03-2024 - Orders not shipped\n\n## Timeline\n\n- 04-03-2024 22:30 - The graphs show that from then on no new orders were picked up by the workers.\n- 05-03-2024 08:10 - Support tickets about orders stuck in the queue.\n- 05-03-2024 09:00 - Workers restarted.\n", "", "en", "2024-03-04"},
		{"french, work that stops is the impact",
			"# Envois bloqués\n\n## Chronologie\n\n- 04/03/2024 22:30 : plus aucun message n'est envoyé par les workers.\n- 05/03/2024 08:10 : tickets du support.\n- 05/03/2024 09:00 : redémarrage des workers.\n", "", "fr", "2024-03-04"},
		{"the first occurrence days before the busiest day",
			"# Stuck workers\n\n## Timeline\n\n- 2024-09-02 18:10 | First occurrence of a worker stuck in the queue\n- 2024-09-05 09:00 | Second occurrence\n- 2024-09-05 10:30 | Third occurrence\n- 2024-09-05 11:00 | Fix applied\n", "", "en", "2024-09-02"},
		{"french, the first errors days before the busiest day",
			"# Workers bloqués\n\n## Chronologie\n\n- 02/09/2024 18:10 : premières erreurs sur un worker\n- 05/09/2024 09:00 : nouvelles erreurs\n- 05/09/2024 10:30 : encore des erreurs\n- 05/09/2024 11:00 : correctif appliqué\n", "", "fr", "2024-09-02"},
		{"a month the lead says it began in, before a later day it was noticed",
			"# Reports\n\nIn late March, the nightly reports stopped arriving for some accounts.\n\nWhen an accountant asked for one on April 11, we found the job had failed for weeks.\n", "2024-04-20", "en", "2024-03-25"},
		{"a month named in passing after the incident's day is no start",
			"# Reports\n\nOn April 11 the nightly reports failed for all accounts.\n\nWe had moved the job in late March without trouble.\n", "2024-04-20", "en", "2024-04-11"},
		{"a dated heading over a timeline is no byline",
			"# Builds failing\n\n## Summary\n\nThe cache disk filled up and builds failed.\n\n## Timeline\n\n### 2022-07-05\n\n- 06:40 UTC builds fail\n- 07:30 UTC disk cleaned\n\n### 2022-07-08\n\n- 10:00 UTC review held\n", "", "en", "2022-07-05"},
		{"a title's one year places a timeline's year-less rows",
			"# 2024 incident 7: uploads failing\n\n## Timeline (UTC)\n\n| Date | Time | Event |\n|---|---|---|\n| Sep 3 | 10:02 | Upload errors rise |\n| Sep 3 | 11:40 | Fix deployed |\n", "", "en", "2024-09-03"},
		{"starting to roll out a change is no start of the incident",
			"# Search down\n\nWe launched search in 2015. On March 2 we began rolling out a new indexer to a few accounts.\n\nOn Monday, April 8, search stopped returning new mail for most accounts.\n", "2024-04-12", "en", "2024-04-08"},
		{"a package that was published is not the post",
			"# Bad release\n\n**Status:** final · **Published:** 2023-10-20\n\nAt 09:15 UTC on 2023-10-16, a malicious version of our library was published and downloaded 80 times.\n\nThe token used had been created on 2022-02-01.\n", "", "en", "2023-10-16"},
		{"alerts silenced for a maintenance do not tell the incident",
			"# Stale reports\n\n## Summary\n\nOn Friday March 1, 2024 a planned maintenance moved the replica to new disks.\n\nReplication then stopped on Monday March 4, 2024 and reports showed old data.\n\n## Timeline\n\n- Fri 1 Mar 2024 18:00 — maintenance begins; alerts silenced\n- Mon 4 Mar 2024 02:10 — replication stops\n", "", "en", "2024-03-04"},
		{"front matter of a record wins",
			"---\ntitle: DB failover\ndate: 2024-07-01\nseverity: SEV-1\n---\n\n# DB failover\n\nOn July 3 we published this report about the failover.\n", "2024-07-01", "en", "2024-07-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Incident(doc(t, tt.md, tt.published, tt.lang)).Date; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestIncidentFetched checks that the day a page was fetched bounds the
// years of its dates, and is not a publication day.
func TestIncidentFetched(t *testing.T) {
	tests := []struct {
		name, md, fetched, want string
	}{
		{"a weekday's year is not after the fetch",
			"# Outage\n\nWe moved to the new platform in 2019.\n\nOn Tuesday, February 6, logins failed for two hours.\n", "2023-05-01", ""}, // 2024 would fit
		{"a year-less date near a full one stays before the fetch",
			"# Outage\n\nOn December 30 the queue stalled and jobs failed.\n\nWe fixed it on January 2, 2024.\n", "2024-01-05", "2023-12-30"},
		{"the fetch is no publication day: yesterday tells nothing",
			"# Outage\n\nYesterday our API was down for an hour.\n", "2024-02-15", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(t, tt.md, "", "en")
			d.Fetched, _ = time.Parse("2006-01-02", tt.fetched)
			if got := Incident(d).Date; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIncidentSpan(t *testing.T) {
	tests := []struct {
		name, md   string
		start, end string
		minutes    int
	}{
		{"a range of times in a zone with daylight saving",
			"# Outage\n\nOn 14 July 2023, from 09:02 to 13:47 (heure de Paris), partners could not connect.\n",
			"2023-07-14T09:02:00+02:00", "2023-07-14T13:47:00+02:00", 285},
		{"pacific time in winter",
			"# Outage\n\nOn November 20, 2023 at 11:00pm (PT) the job ran twice.\n",
			"2023-11-20T23:00:00-08:00", "", 0},
		{"a declared zone and the timeline's resolution",
			"# Outage\n\nOn 2022-04-05 the API went read-only.\n\n## Timeline (UTC)\n\n- 08:17 NOSPACE alarm; API writes fail\n- 08:52 operator scaled to 0\n- 10:02 API writes succeed, back to normal\n",
			"2022-04-05T08:17:00Z", "2022-04-05T10:02:00Z", 105},
		{"a timeline across midnight",
			"# Outage\n\nOn 11 October 2022 at 23:31 UTC both links went down.\n\n## Timeline\n\n- 23:31 links down\n- 00:40 cut confirmed\n- 06:31 traffic restored\n",
			"2022-10-11T23:31:00Z", "2022-10-12T06:31:00Z", 420},
		{"a stated duration",
			"# Outage\n\n**Duration:** 27 min\n\nAt 14:06 CEST on 8 June 2021 the namespace was deleted.\n",
			"2021-06-08T14:06:00+02:00", "2021-06-08T14:33:00+02:00", 27},
		{"until",
			"# Outage\n\nAt 04:10 UTC on 22 February 2016, the RAID controller failed. Uploads failed until 09:45 UTC.\n",
			"2016-02-22T04:10:00Z", "2016-02-22T09:45:00Z", 335},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := Incident(doc(t, tt.md, "", "en"))
			if it.Start != tt.start || it.End != tt.end || it.Minutes != tt.minutes {
				t.Errorf("got start %q end %q minutes %d, want %q %q %d", it.Start, it.End, it.Minutes, tt.start, tt.end, tt.minutes)
			}
		})
	}
}

func TestZoneOffset(t *testing.T) {
	tests := []struct {
		zone, day string
		want      int
	}{
		{"PT", "2021-11-06", -7 * 3600}, {"PT", "2021-11-07", -8 * 3600}, {"Pacific time", "2024-07-01", -7 * 3600},
		{"heure de Paris", "2024-03-30", 3600}, {"heure de Paris", "2024-03-31", 2 * 3600}, {"CEST", "2024-01-01", 2 * 3600},
		{"UTC+2", "2024-01-01", 2 * 3600}, {"GMT-07:00", "2024-01-01", -7 * 3600}, {"IST", "2024-01-01", 19800},
		{"Sydney", "2024-01-15", 11 * 3600}, {"Sydney", "2024-06-15", 10 * 3600},
	}
	for _, tt := range tests {
		day, _ := parseDay(tt.day)
		if got, ok := zoneOffset(tt.zone, day); !ok || got != tt.want {
			t.Errorf("zoneOffset(%q, %s): got %d, %v, want %d", tt.zone, tt.day, got, ok, tt.want)
		}
	}
}

func TestFindClockAfterMonth(t *testing.T) {
	ms := Find("28 Mar 17:00 | Old NTP servers powered off", 0, 2023)
	if len(ms) != 1 || ms[0].Day() != "2023-03-28" || !ms[0].HasTime() {
		t.Errorf("got %v, want 2023-03-28 at 17:00", ms)
	}
}

func TestPublished(t *testing.T) {
	tests := []struct {
		name, line, lang, want string
	}{
		{"a byline", "Posted on March 20, 2024 by the SRE team", "en", "2024-03-20"},
		{"french, day first", "Publié le 09/10/2024 par l'équipe identité", "fr", "2024-10-09"},
		{"a line of the incident's facts", "Équipe identité · 09/10/2024 · Sev2 · durée ~3 h", "fr", ""},
		{"a date alone", "Tuesday, March 5, 2024", "en", "2024-03-05"},
		{"a date and a team", "12 mars 2024 — équipe support", "fr", "2024-03-12"},
		{"french, put online", "Mis en ligne le 12/03/2024", "fr", "2024-03-12"},
		{"a sentence with a date is no date line", "The API failed on March 5, 2024 for an hour.", "en", ""},
		{"a line of facts that says when it was written", "Équipe paiement · rédigé le 14/05/2024 · Sev2 · aucune perte de données, mais deux jours de relevés faux à reprendre", "fr", "2024-05-14"},
		{"a forwarded e-mail's header", "From: ops@example.org Date: Mon, 4 Mar 2024 09:12:44 +0000 Subject: outage summary for the whole week", "en", "2024-03-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Published([]page.Block{{Kind: page.KindPara, Text: tt.line}}, tt.lang); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPublishedPageOrder checks that a slashed date the line leaves
// ambiguous is read in the order the rest of the page writes its dates.
func TestPublishedPageOrder(t *testing.T) {
	para := func(s string) page.Block { return page.Block{Kind: page.KindPara, Text: s} }
	tests := []struct {
		name string
		bs   []page.Block
		want string
	}{
		{"a timeline's day-first rows", []page.Block{para("Date: 04/11/2022"), para("Authors: the ops team"), {Kind: page.KindHeading, Text: "28-10-2022 (all times CET)"}, para("- 14:02 the disk fills up")}, "2022-11-04"},
		{"a month-first date elsewhere", []page.Block{para("Date: 04/11/2022"), para("The fix shipped on 04/25/2022.")}, "2022-04-11"},
		{"nothing tells: English reads month first", []page.Block{para("Date: 04/11/2022"), para("The disk filled up.")}, "2022-04-11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Published(tt.bs, "en"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFileDatedThePostDay checks that a file name dated the day the post
// went up gives way to the lead's month, and names the incident otherwise.
func TestFileDatedThePostDay(t *testing.T) {
	tests := []struct {
		name, md, urlDate, published, want string
	}{
		{"the lead places it before the post's day",
			"# Deux failles corrigées\n\nAu début du mois de mars, deux problèmes de sécurité nous ont été signalés.\n\nLe premier touchait la réinitialisation des mots de passe.\n",
			"2024-04-09", "2024-04-09", "2024-03-01"},
		{"nothing in the lead: the file's day",
			"# Two flaws fixed\n\nTwo security problems were reported to us.\n\nThe first affected password resets.\n",
			"2024-04-09", "2024-04-09", "2024-04-09"},
		{"undated but for its file: yesterday counts back from the file's day",
			"# Binaries replaced\n\nYesterday a user reported that the download hashes did not match.\n",
			"2024-04-09", "", "2024-04-08"},
		{"undated but for its file: a month long before it is background",
			"# Flaw exploited\n\nThe protocol changed in late October 2023.\n\nAn attacker exploited a flaw in it.\n",
			"2024-04-09", "", "2024-04-09"},
		{"a file dated before the post names the incident",
			"# Two flaws fixed\n\nAt the start of March, two security problems were reported to us.\n",
			"2024-04-02", "2024-04-09", "2024-04-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(t, tt.md, tt.published, "fr")
			d.URLDate = tt.urlDate
			if got := Incident(d).Date; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
