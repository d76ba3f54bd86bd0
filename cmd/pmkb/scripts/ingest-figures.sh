#!/usr/bin/env bash
# ingest-figures.sh: the figures of issue 13 point 8. It writes a folder of
# N generated Markdown post-mortems (default 1,000; each one different:
# service, cause, date, duration and wording vary), adds it to a fresh data
# dir as collection "gen" and reports the wall time and the peak memory
# (max RSS) of `pmkb add`; then changes 10 files, runs `pmkb sync` and
# reports what it touched and how long it took.
#
# Usage: cmd/pmkb/scripts/ingest-figures.sh [N] [WORKDIR]   (run from the repository root)
set -euo pipefail
n=${1:-1000}
work=${2:-$(mktemp -d)}
bin="$work/pmkb"
go build -o "$bin" ./cmd/pmkb
src="$work/postmortems"
data="$work/data"
rm -rf "$src" "$data"
mkdir -p "$src"

services=(checkout payments search login billing inventory notifications uploads reports gateway)
causes=("a configuration push set the wrong upstream address"
	"an expired TLS certificate on the internal load balancer"
	"a database migration that locked the orders table"
	"a memory leak in the session cache after a library upgrade"
	"a full disk on the log volume of the primary node"
	"a DNS record removed by a cleanup script"
	"a retry storm from clients without backoff"
	"a failed failover that left two primaries accepting writes"
	"a kernel upgrade that rebooted every node at once"
	"a quota limit reached at the cloud provider")
fixes=("rolled back the change" "renewed the certificate" "killed the migration" "restarted the pods"
	"freed disk space and rotated logs" "restored the record" "added jitter to retries" "fenced the old primary"
	"drained traffic to another region" "raised the quota")
for i in $(seq 1 "$n"); do
	s=${services[$((i % 10))]}
	c=${causes[$(((i / 10) % 10))]}
	f=${fixes[$(((i / 10) % 10))]}
	day=$(printf '2023-%02d-%02d' $(((i % 12) + 1)) $(((i % 28) + 1)))
	mins=$(((i * 7) % 180 + 5))
	cat >"$src/$(printf '%04d' "$i")-$s-outage.md" <<MD
---
title: "Incident $i: $s outage caused by ${c%% *} ${c#* }"
date: $day
tags: [incident, $s]
---

# Incident $i: $s outage

## Summary

On $day the $s service was degraded for $mins minutes. Customers saw errors on about $((i % 40 + 5))% of requests.

## Root Causes

The root cause was $c. It had been introduced the day before and went unnoticed until traffic peaked.

## Impact

Requests to $s failed or timed out for $mins minutes; the on-call engineer was paged by the error-rate alert.

## Resolution

We $f and the error rate returned to normal.

## Action Items

- Add a canary stage for changes to $s.
- Alert earlier on the symptom that preceded incident $i.

## Timeline

| Time | Event |
|------|-------|
| 10:$(printf '%02d' $((i % 60))) | Errors start on $s |
| 11:00 | Mitigation applied |
MD
done
echo "wrote $n files in $src"

report() { # label, time's output file
	awk -v l="$1" '/Elapsed \(wall clock\)/ {w=$NF} /Maximum resident set size/ {m=$NF}
		END {printf "%s: %s wall, %.0f MiB max RSS\n", l, w, m/1024}' "$2"
}
/usr/bin/time -v "$bin" add --data "$data" --collection gen "$src" >"$work/add.out" 2>"$work/add.err"
report "add $n files (fresh data dir, catalog seeding included)" "$work/add.err"
grep -c '^added' "$work/add.out" | sed 's/^/records added: /'

for i in $(seq 1 10); do
	f=$(ls "$src" | sed -n "$((i * 97))p")
	echo "Edited on re-read: the fix was confirmed by a second engineer ($i)." >>"$src/$f"
done
/usr/bin/time -v "$bin" sync --data "$data" --collection gen >"$work/sync.out" 2>"$work/sync.err"
report "sync after 10 changed files" "$work/sync.err"
grep -v '^\s' "$work/sync.err" | grep '^gen:' || true
echo "files the sync wrote: $(grep -c . "$work/sync.out")"
/usr/bin/time -v "$bin" sync --data "$data" --collection gen >"$work/idle.out" 2>"$work/idle.err"
report "sync with nothing changed" "$work/idle.err"
grep '^gen:' "$work/idle.err" || true
