#!/usr/bin/env bash
# The whole test suite: installs what the tests need when it is missing
# (Debian's chromium, poppler-utils, postgresql, an emoji font and Noto CJK;
# staticcheck from the Go module proxy), starts a private
# PostgreSQL, runs every test on SQLite and PostgreSQL, the race detector on
# the concurrent paths, and each fuzzer briefly.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
# Only for the studio screenshots: emoji in the page's own text.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
# Chinese, Japanese and Korean slides draw with the system's Noto CJK.
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
	echo "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== gofmt, vet, staticcheck and build"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/_checks/*'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted"
	exit 1
fi
go vet ./...
scripts/staticcheck.sh
CGO_ENABLED=0 go build ./...

# The studio's JavaScript checks (eslint here, axe-core in the e2e browser)
# need npm; without it they are skipped, and the e2e tests say so.
if command -v npm >/dev/null 2>&1; then
	echo "== eslint (web/static/js)"
	(cd web/_checks && npm install --no-audit --no-fund --silent)
	(cd web && _checks/node_modules/.bin/eslint -c _checks/eslint.config.mjs)
else
	echo "== eslint skipped: npm is not installed"
fi

echo "== tests (SQLite and PostgreSQL)"
scripts/with-postgres.sh go test -count=1 -timeout 40m ./...

echo "== every benchmark once (they must still run; their figures are in docs/benchmarks.md)"
go test -run '^$' -bench . -benchtime 1x -timeout 20m ./... >/dev/null

echo "== race detector on the concurrent paths"
go test -race -count=1 -timeout 20m ./store/... ./web/... ./importer/... ./markup/...
go test -race -count=1 -timeout 20m -run 'Concurrent|Race|Parallel' ./render/...
go test -race -count=1 -timeout 20m -run 'Scheduler|Interrupted' ./publish/...

echo "== brief fuzzing"
# A crash writes its input under testdata/fuzz and fails the run. A run that
# fails without a new input (a worker the fuzzing engine lost on a busy
# machine) is tried once more.
fuzz() { go test -run '^$' -fuzz "^$1\$" -fuzztime 4s "$2" >"$log" 2>&1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' . | sed 's/^func //' | sort -u); do
	pkg=$(grep -rlE "^func ${target}\(" --include='*_test.go' . | head -n1 | xargs dirname)
	if ! fuzz "$target" "$pkg"; then
		if [ -n "$(git status --porcelain -- "$pkg/testdata/fuzz" 2>/dev/null)" ]; then
			cat "$log"
			echo "FAIL: fuzzing ${target} in ${pkg} found a failing input (kept under ${pkg}/testdata/fuzz)"
			exit 1
		fi
		echo "fuzzing ${target} failed without a failing input; trying once more:"
		tail -n 5 "$log"
		if ! fuzz "$target" "$pkg"; then
			cat "$log"
			echo "FAIL: fuzzing ${target} in ${pkg}"
			exit 1
		fi
	fi
	echo "fuzzed ${target} in ${pkg} for 4s"
done
echo "all tests passed"
