#!/bin/sh
# fetch-real.sh SET DIR - lays out a set of real post-mortems (real2,
# real3 ... real23: the folders next to this script) as a corpus:
# DIR/docs/<slug>.<format> and DIR/manifest.tsv, from the repositories and
# commits in SET/sources.tsv. incident_date comes from SET-labels.tsv.
# Needs git and network access to github.com. The posts themselves are
# not kept in this repository; this script is how to get them back.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 SET DIR   (SET: real2 ... real23)" >&2
	exit 2
fi
set=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
sources=$here/$set/sources.tsv
labels=$here/$set-labels.tsv
if [ ! -f "$sources" ] || [ ! -f "$labels" ]; then
	echo "$0: no set $set (want $sources and $labels)" >&2
	exit 2
fi
tab=$(printf '\t')

mkdir -p "$dir/docs" "$dir/.repos"
manifest=$dir/manifest.tsv
printf 'slug\tcompany\tincident_date\tpublic_url\trepo\tpath\tcommit\tformat\n' >"$manifest"

fail=0
tail -n +2 "$sources" | while IFS="$tab" read -r slug repo path commit format company url; do
	[ -n "$slug" ] || continue
	clone=$dir/.repos/$(printf '%s' "$repo" | tr '/' '+')
	if [ ! -d "$clone" ]; then
		git clone --quiet --filter=blob:none --no-checkout \
			"https://github.com/$repo.git" "$clone" || {
			echo "clone failed: $repo" >&2
			continue
		}
	fi
	if ! git -C "$clone" cat-file -e "$commit^{commit}" 2>/dev/null; then
		git -C "$clone" fetch --quiet --filter=blob:none origin "$commit" || true
	fi
	out=$dir/docs/$slug.$format
	if ! git -C "$clone" show "$commit:$path" >"$out"; then
		echo "missing: $repo $commit $path" >&2
		rm -f "$out"
		continue
	fi
	date=$(awk -F"$tab" -v s="$slug" 'NR > 1 && $1 == s { print $5 }' "$labels")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$slug" "$company" "$date" "$url" "$repo" "$path" "$commit" "$format" >>"$manifest"
done

n=$(tail -n +2 "$manifest" | wc -l | tr -d ' ')
want=$(tail -n +2 "$sources" | wc -l | tr -d ' ')
echo "$n of $want posts in $dir/docs"
[ "$n" = "$want" ] || fail=1
exit $fail
