#!/bin/sh
# bench.sh: pmkb's load test end to end (issue 16, point 1).
#
# Writes N synthetic records (once), builds pmkb and pmkb-bench, imports the
# records into a data dir (once), serves it on a loopback port and loads it:
# /healthz, 1,000 distinct faceted searches and pasted alerts for
# POST /api/v1/similar, at each connection count for DURATION. Prints the
# report (also written as JSON beside the data dir).
#
#   cmd/pmkb/scripts/bench.sh                        # 100k records, 64 and 2 connections, 60 s each
#   N=10000 DURATION=10s cmd/pmkb/scripts/bench.sh   # a quick one
#
# Environment: N (records, 100000), CONNS (64,2), DURATION (60s), WARMUP
# (20s), WORK (a directory kept between runs, /tmp/pmkb-bench), and
# SERVE_ARGS (extra flags for pmkb serve, e.g. "--max-queue 128").
# Run it on a quiet machine: the report gives the load average around
# each run, since other work on the machine takes the server's cores.
set -eu
cd "$(dirname "$0")/../../.."
N=${N:-100000}
CONNS=${CONNS:-64,2}
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-20s}
WORK=${WORK:-/tmp/pmkb-bench}
mkdir -p "$WORK"
records="$WORK/synth$N.jsonl"
if [ ! -s "$records" ]; then
	echo "writing $N synthetic records to $records" >&2
	PMKB_SYNTH_OUT="$records" PMKB_SYNTH_N="$N" go test ./index/evaluate -run '^TestWriteSynthCorpus$' -count=1 >&2
fi
go build -o "$WORK/pmkb" ./cmd/pmkb
go build -o "$WORK/pmkb-bench" ./cmd/pmkb/bench
exec "$WORK/pmkb-bench" --pmkb "$WORK/pmkb" --records "$records" --data "$WORK/data$N" \
	--conns "$CONNS" --duration "$DURATION" --warmup "$WARMUP" \
	--serve-args "${SERVE_ARGS:-}" --json "$WORK/report-$(date +%Y%m%dT%H%M%S).json"
