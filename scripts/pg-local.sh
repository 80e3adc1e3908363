#!/usr/bin/env bash
# Starts (or reuses) a local PostgreSQL cluster for the tests and `DATABASE_URL=postgres://… npm run demo`:
# Debian's postgresql package, a data directory under /tmp, listening on 127.0.0.1 only, trust
# authentication for the loopback (a throwaway cluster: never use it for real data).
# Prints the URL of its `postgres` database on the last line.
#   PG_LOCAL_DIR (default /tmp/provenant-pg)  PG_LOCAL_PORT (default 55432)
#   bash scripts/pg-local.sh stop            stops it
set -euo pipefail
dir="${PG_LOCAL_DIR:-/tmp/provenant-pg}"
port="${PG_LOCAL_PORT:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql (Debian)" >&2
  exit 1
fi
# PostgreSQL refuses to run as root: as root, run the server as the unprivileged `postgres` user.
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-start}" = stop ]; then
  as "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if [ ! -s "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  as "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
