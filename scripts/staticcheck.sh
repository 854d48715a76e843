#!/usr/bin/env bash
# Runs staticcheck on the module, installing the pinned version through the
# Go module proxy when it is missing or another version is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.8.2
bin="$(go env GOBIN)"
[ -n "$bin" ] || bin="$(go env GOPATH)/bin"
if ! "$bin/staticcheck" -version 2>/dev/null | grep -qF "($version)"; then
	echo "installing staticcheck v$version"
	go install "honnef.co/go/tools/cmd/staticcheck@v$version"
fi
"$bin/staticcheck" ./...
