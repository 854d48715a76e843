#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# with-postgres.sh runs a command with a private, throw-away PostgreSQL
# server and CAROUSEL_TEST_POSTGRES_DSN pointing at a fresh database on it:
#
#   scripts/with-postgres.sh go test ./store/...
#
# It installs PostgreSQL from Debian when no initdb is found, runs the
# server as the postgres user (initdb refuses root) on 127.0.0.1 at a free
# port with a private socket directory, and always stops it and removes its
# files on exit.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 command [args...]" >&2
	exit 2
fi

find_bin() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "with-postgres: installing postgresql from Debian" >&2
	if [ "$(id -u)" -ne 0 ]; then
		echo "with-postgres: PostgreSQL is not installed and installing it needs root" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq postgresql >/dev/null
	bin=$(find_bin)
	if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
		echo "with-postgres: initdb not found after installing postgresql" >&2
		exit 1
	fi
fi

# The server runs as postgres when we are root, else as ourselves.
run_as=()
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	if ! id postgres >/dev/null 2>&1; then
		useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
	fi
	run_as=(runuser -u postgres --)
	owner=postgres
fi

dir=$(mktemp -d /tmp/carousel-pg.XXXXXX)
chmod 700 "$dir"
chown "$owner" "$dir"
data="$dir/data"
sock="$dir/socket"
started=

cleanup() {
	status=$?
	if [ -n "$started" ]; then
		"${run_as[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free port: ask the kernel for one, then hand it to the server.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
	shuf -i 20000-60000 -n 1)

"${run_as[@]}" mkdir -p "$sock"
"${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
	"${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
# fsync stays on: the durability tests kill clients, not the server, but
# the settings should be the production ones.
"${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sock -c max_connections=200" start >/dev/null || {
	cat "$dir/server.log" >&2
	exit 1
}
started=1

"${run_as[@]}" "$bin/createdb" -h "$sock" -p "$port" -U postgres carousel_test

export CAROUSEL_TEST_POSTGRES_DSN="postgres://postgres@127.0.0.1:$port/carousel_test?sslmode=disable"
echo "with-postgres: $("$bin/postgres" --version) on 127.0.0.1:$port" >&2
"$@"
