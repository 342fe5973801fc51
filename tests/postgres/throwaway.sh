#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, on a free loopback port, owned by a non-root user.
#   throwaway.sh start DIR   initialises and starts a cluster in DIR; prints its connection string
#   throwaway.sh stop DIR    stops it and removes DIR
#   throwaway.sh pause DIR   stops the server, keeps the cluster (an outage, for the tests)
#   throwaway.sh resume DIR  starts it again on the same port
# THROWAWAY_PG_OPTIONS adds server settings at start (kept for resume), e.g.
#   THROWAWAY_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
# As root it runs the server as the 'postgres' user (created by Debian's postgresql package), since
# PostgreSQL refuses to run as root.
set -euo pipefail

command=${1:?usage: throwaway.sh start|stop|pause|resume DIR}
dir=${2:?usage: throwaway.sh start|stop|pause|resume DIR}

bindir=$(pg_config --bindir 2>/dev/null || true)
if [[ ! -x "$bindir/initdb" ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ ! -x "$bindir/initdb" ]]; then
  echo "no PostgreSQL server binaries (initdb) found; install them, e.g. apt-get install -y postgresql" >&2
  exit 3
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_server() {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $1 -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 -c fsync=on $(cat "$dir/options" 2>/dev/null)" start >/dev/null
}

case "$command" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
      || shuf -i 20000-60000 -n 1)
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    echo "$port" >"$dir/port"
    echo "${THROWAWAY_PG_OPTIONS:-}" >"$dir/options"
    start_server "$port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  pause)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    start_server "$(cat "$dir/port")"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: throwaway.sh start|stop|pause|resume DIR" >&2
    exit 2
    ;;
esac
