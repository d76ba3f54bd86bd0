package dates

import "testing"

// TestIncidentFromPage reads posts the way the extractor does, the
// publication day found on the page itself (a byline, an e-mail header)
// and the year the address names, as real posts leave them.
func TestIncidentFromPage(t *testing.T) {
	tests := []struct {
		name, md, urlPath, lang, want string
	}{
		{"a status history: the first incident, its year from the month's heading",
			"# Status\n\n## November 2024\n\n### API errors\n\n**Resolved** - Error rates are normal.\nNov 8, 11:47 UTC\n\n**Investigating** - Writes fail.\nNov 8, 10:58 UTC\n\n" +
				"### Scheduled maintenance\n\n**Completed** - Done.\nNov 7, 23:30 UTC\n\n**Scheduled** - We will upgrade the database.\nNov 1, 09:00 UTC\n",
			"", "en", "2024-11-08"},
		{"a French list's header dates the post, the subject the incident",
			"De : Équipe <tech@example.fr>\nDate : lun. 20 janv. 2025 10:12:05 +0100\nObjet : [incident] Compte rendu de l'indisponibilité du 16 janvier\n\nBonjour,\n\nJeudi 16 janvier, de 14h20 à 16h05, le service était inaccessible.\n",
			"", "fr", "2025-01-16"},
		{"Outlook's Sent header dates the post",
			"From: ops@example.org\nSent: Monday, July 24, 2023 9:14 AM\nTo: all@example.org\nSubject: RE: Postmortem - search outage\n\nTeam,\n\nSummary of last Wednesday's search outage: search was down for 70 minutes.\n",
			"", "en", "2023-07-19"},
		{"a year-less byline takes the address's year",
			"# We pointed production at staging\n\nPosted on Oct 7 • Updated on Oct 9\n\nOn Wednesday, for 25 minutes, our production app showed staging data to customers.\n",
			"/scaup/2022-we-pointed-production-at-staging", "en", "2022-10-05"},
		{"a night told by weekdays whose first row is the evening before",
			"---\ntitle: Coupure\ndate: 2025-03-05\n---\n\nDans la nuit de dimanche à lundi, notre API a été indisponible.\n\n## Chronologie\n\n- 23h40 : premières erreurs 502\n- 1h42 : retour à la normale\n",
			"", "fr", "2025-03-02"},
		{"a weekday and a slashed day without a year",
			"---\ntitle: Retour sur la panne\ndate: 2024-11-19\n---\n\nJeudi 14/11, entre 10h et 11h30, la connexion à l'espace client a échoué.\n",
			"", "fr", "2024-11-14"},
		{"the early hours of a weekday",
			"---\ntitle: API outage\ndate: 2024-06-07\n---\n\nIn the early hours of Tuesday, our public API returned errors for forty minutes.\n",
			"", "en", "2024-06-04"},
		{"weeks ago",
			"---\ntitle: Storage incident\ndate: 2023-11-27\n---\n\nTwo weeks ago today, our block storage service lost a metadata server.\n",
			"", "en", "2023-11-13"},
		{"a table row's time in the next cell, late the evening before",
			"## Incident 2024-05-14: registry pulls failing\n\n### Timeline\n\n| Date | Time (UTC) | Event |\n|---|---|---|\n| 2024-05-13 | 23:55 | Registry storage starts returning 503 |\n| 2024-05-14 | 00:07 | Alert fires |\n",
			"", "en", "2024-05-13"},
		{"a change told with its date, the incident only relative to the post",
			"---\ntitle: Delayed notifications\ndate: 2023-07-21\n---\n\nLast Friday, notifications were delayed by up to two hours. A change to our queue consumer, deployed on Wednesday, July 12, reduced the number of workers.\n",
			"", "en", "2023-07-14"},
		{"a weekday that belongs to a date is not relative to the post",
			"---\ntitle: Launch day\ndate: 2021-11-19\n---\n\nWe launched the game on Tuesday, November 9th. For three hours most players could not log in.\n",
			"", "en", "2021-11-09"},
		{"a status postmortem's start before the first update",
			"# Message delivery delays\n\n**Postmortem** - Beginning at 23:40 UTC on March 3, a misconfigured rate limiter delayed outbound messages.\nMar 6, 2024 - 12:00 UTC\n\n" +
				"**Resolved** - Delivery is normal.\nMar 4, 2024 - 04:52 UTC\n\n**Investigating** - We are investigating delays.\nMar 4, 2024 - 01:15 UTC\n",
			"", "en", "2024-03-03"},
		{"a byline's short lines come before the lead",
			"# Half an hour without search\n\nJordan Lee\n\n5 min read\n\nMar 14, 2024\n\nLast Thursday, search on our site returned nothing for about half an hour.\n",
			"", "en", "2024-03-07"},
		{"a year-less slashed Date field in the address's year",
			"# Incident Report\n\n**Date:** 3/14\n\n**Severity:** SEV2\n\nThe nightly warehouse load failed.\n",
			"/incidents/2023/warehouse-load-failure", "en", "2023-03-14"},
		{"french, a stop is the incident, its detection the next morning",
			"---\ntitle: Facturation\ndate: 2024-04-23\n---\n\nMardi 16 avril en fin de journée, la génération des factures s'est arrêtée. Le problème n'a été détecté que le lendemain matin, mercredi 17, à 8h30.\n",
			"", "fr", "2024-04-16"},
		{"french, header fields joined on one line, the writing dated apart",
			"# Rapport d'incident\n\n**Date :** 20 février 2024\n**Durée :** 1 h 45\n**Rédacteur :** C. Martin\n**Date de rédaction :** 27 février 2024\n\nLe serveur de fichiers a saturé son disque après l'échec de la rotation des sauvegardes, le 19 février.\n",
			"", "fr", "2024-02-20"},
		{"french, days ago",
			"---\ntitle: Incident\ndate: 2024-09-30\n---\n\nIl y a 3 jours, notre service de réservation a été indisponible.\n",
			"", "fr", "2024-09-27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, p, blocks := readDoc(t, tt.md, tt.lang)
			d.Published = Day(p.Published)
			if d.Published == "" {
				d.Published = Published(blocks, tt.lang)
			}
			d.URLYear = YearFromURL(tt.urlPath)
			if got := Incident(d).Date; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
