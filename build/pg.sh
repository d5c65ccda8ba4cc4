#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: made with initdb in a
# temporary folder, listening on 127.0.0.1 and a private socket only, and
# stopped and removed when the command ends, however it ends. The command
# finds the server in MADOGUCHI_TEST_POSTGRES (a URL to its maintenance
# database; app/store/testdb makes a database per test there).
#
# CI runs as root and PostgreSQL refuses to: as root the cluster belongs to
# the postgres account Debian's package creates.
#
# usage: build/pg.sh COMMAND [ARGS...]
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
if [ -z "$bindir" ]; then
  echo "pg.sh: PostgreSQL is not installed (Debian package postgresql; make deps-test installs it)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/madoguchi-pg.XXXXXX)
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi
chmod 700 "$dir"
port=$(( 20000 + RANDOM % 20000 ))

stop() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# A test cluster: nothing in it must survive a crash, so it skips the fsyncs.
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export MADOGUCHI_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
# A test that stops and restarts the server (a network cut, a restart) runs
# "$MADOGUCHI_TEST_PG_AS $MADOGUCHI_TEST_PG_BIN/pg_ctl -D $MADOGUCHI_TEST_PG_DATA ...".
export MADOGUCHI_TEST_PG_BIN="$bindir" MADOGUCHI_TEST_PG_DATA="$dir/data" MADOGUCHI_TEST_PG_AS="${as[*]}"
export MADOGUCHI_TEST_PG_OPTS="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
echo "pg.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port" >&2
"$@"
