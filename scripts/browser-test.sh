#!/usr/bin/env bash
# Drives Debian's headless chromium for the HTML report tests (called by
# tcplens-render's HtmlReportBrowserTest; usable by hand too).
#
#   scripts/browser-test.sh check              exit 0 when chromium is installed
#   scripts/browser-test.sh dom  URL OUT.html  run the page's scripts, write the resulting DOM
#   scripts/browser-test.sh shot URL OUT.png [WIDTH,HEIGHT]
#
# No network is needed or used: the page is self-contained and chromium's background
# networking is off. Install with: apt-get install -y chromium
set -euo pipefail
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
cmd=${1:-check}
if [ -z "$browser" ]; then
  echo "browser-test: chromium not installed" >&2
  exit 3
fi
[ "$cmd" = check ] && { echo "$browser"; exit 0; }
url=$2 out=$3
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --no-default-browser-check --disable-extensions --hide-scrollbars
       --mute-audio --disable-dev-shm-usage --user-data-dir="$profile" --virtual-time-budget=15000 --run-all-compositor-stages-before-draw)
case "$cmd" in
  dom)  timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" >"$out" 2>"$out.log" ;;
  shot) timeout 120 "$browser" "${flags[@]}" --window-size="${4:-1400,1000}" --screenshot="$out" "$url" >"$out.log" 2>&1 ;;
  *) echo "browser-test: unknown command $cmd" >&2; exit 2 ;;
esac
