#!/usr/bin/env bash
# Render examples/acme as HTML and screenshot it in headless Chromium, to check that the charts render.
#   bash scripts/screenshot-report.sh [OUT.png]      (default: report.png)
# Needs Debian's chromium (apt-get install chromium). The page is opened from disk, with the network
# features that would reach out switched off: the report must not need them.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-report.png}"
html="$(mktemp --suffix .html)"
profile="$(mktemp -d)"
trap 'rm -rf "$html" "$profile"' EXIT
OKR_TODAY=2026-11-23 .venv/bin/okr -C examples/acme report --format html -o "$html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1200,1600 --screenshot="$out" "file://$html" 2>/dev/null
echo "wrote $out"
