#!/usr/bin/env bash
# make-stitched.sh OUT.pcap [COPIES]: a big classic pcap made cheaply from ../shared/corpus, for
# scripts/bench.sh on a machine without big.pcap (../shared/tools/make-bigcap.sh is heavy). Every
# Ethernet pcap of the corpus with TCP, shifted in time to follow the previous one (10 s apart),
# the whole set COPIES times (default 12), concatenated: timestamps never go back, so the
# capture cut by size and read again as many files is the same capture.
set -euo pipefail
out=${1:?usage: make-stitched.sh OUT.pcap [COPIES]}
copies=${2:-12}
here=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$here/../shared/corpus
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
list=()
while IFS= read -r f; do
  # Ethernet, classic pcap, timestamps in order (a file whose time goes back would reorder when merged)
  read -r type enc order < <(capinfos -T -r -E -t -o "$f" 2>/dev/null | awk -F'\t' 'NR==1{print $2, $3, $4}') || continue
  [ "$enc" = ether ] && [ "$type" = pcap ] && [ "$order" = True ] || continue
  list+=("$f")
done < <(find "$corpus" -name '*.pcap' -size +20k | sort)
cursor=1700000000
n=0
for ((c = 0; c < copies; c++)); do
  for f in "${list[@]}"; do
    read -r first last < <(capinfos -T -r -a -e -S "$f" 2>/dev/null | awk -F'\t' 'NR==1{print $2, $3}')
    [ -n "$first" ] && [ -n "$last" ] || continue
    # a span of more than a day is a file with bogus timestamps: it would push later copies past 2106
    awk -v f="$first" -v l="$last" 'BEGIN { exit !(l >= f && l - f <= 86400) }' || continue
    shift=$(awk -v c="$cursor" -v f="$first" 'BEGIN { printf "%.6f", c - f }')
    editcap -F pcap -T ether -t "$shift" "$f" "$tmp/$(printf %06d $n).pcap" 2>/dev/null || continue
    cursor=$(awk -v c="$cursor" -v f="$first" -v l="$last" 'BEGIN { d = l - f; if (d < 0) d = 0; printf "%.6f", c + d + 10 }')
    n=$((n + 1))
  done
done
mergecap -F pcap -a -w "$out" "$tmp"/*.pcap
capinfos -c -s "$out" | tail -2
