#!/usr/bin/env bash
# Times whole `carousel render` processes (start-up and font loading
# included) and their peak memory: the figures in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CGO_ENABLED=0 go build -o "$out/carousel" ./cmd/carousel
go run ./scripts/benchdata -o "$out"
export CAROUSEL_DATA="$out/data"
bin="$out/carousel"

measure() { # name, runs, command...
	local name=$1 runs=$2; shift 2
	local best=999999 total=0 rss=0
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -o "$out/time" "$@" 2>/dev/null >/dev/null
		read -r secs kb <"$out/time"
		ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
		total=$((total + ms)); ((ms < best)) && best=$ms; ((kb > rss)) && rss=$kb
	done
	printf '%-44s best %5d ms  mean %5d ms  peak RSS %4d MB\n' "$name" "$best" $((total / runs)) $((rss / 1024))
}

"$bin" render "$out/twenty.carousel.json" -o "$out/twenty.pdf" 2>/dev/null
printf '20-slide PDF size: %d KB\n' $(( $(stat -c %s "$out/twenty.pdf") / 1024 ))
measure "20-slide LinkedIn PDF (dots, emoji, avatar)" 10 "$bin" render "$out/twenty.carousel.json" -o "$out/twenty.pdf"
measure "20 PNG slides 1080x1350 (directory)" 3 "$bin" render "$out/twenty.carousel.json" -o "$out/png/"
measure "500-post thread to PDF" 3 "$bin" render "$out/five-hundred.thread.json" -o "$out/500.pdf"
printf '500-post PDF: %s pages\n' "$(pdfinfo "$out/500.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
