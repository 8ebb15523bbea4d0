#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the tests on 127.0.0.1:${SHEAF_TEST_PG_PORT:-55432},
# database "sheaf", user "sheaf" (password "sheaf"). Installs Debian's server when it is missing.
set -euo pipefail
port="${SHEAF_TEST_PG_PORT:-55432}"
dir="${SHEAF_TEST_PG_DIR:-/tmp/sheaf-test-postgres}"

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [[ -x "$candidate/initdb" ]] && bin="$candidate"
done

case "${1:-}" in
  start)
    if [[ -z "$bin" ]]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      for candidate in /usr/lib/postgresql/*/bin; do bin="$candidate"; done
    fi
    if [[ -f "$dir/data/postmaster.pid" ]]; then "$0" stop || true; fi
    # A server left by an earlier run on the same port (another data directory) is stopped too;
    # servers of other runs on other ports are left alone (line 4 of postmaster.pid is the port).
    for pidfile in /tmp/sheaf-test-postgres*/data/postmaster.pid; do
      if [[ -f "$pidfile" && "$(sed -n 4p "$pidfile" 2>/dev/null)" == "$port" ]]; then
        runuser -u postgres -- "$bin/pg_ctl" -D "$(dirname "$pidfile")" -m fast stop >/dev/null 2>&1 || true
      fi
    done
    for _ in $(seq 1 20); do
      (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
      sleep 0.5
    done
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "postgres.sh: port $port is taken by another program (set SHEAF_TEST_PG_PORT)" >&2
      exit 1
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    id postgres >/dev/null 2>&1 || useradd -r postgres
    chown postgres "$dir"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    runuser -u postgres -- "$bin/psql" -h "$dir" -p "$port" -U postgres -q \
      -c "CREATE USER sheaf PASSWORD 'sheaf'" -c "CREATE DATABASE sheaf OWNER sheaf"
    echo "postgres: 127.0.0.1:$port database sheaf"
    ;;
  restart)
    # what a database restart does to clients: every open connection is dropped
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -m fast restart >/dev/null
    ;;
  stop)
    if [[ -n "$bin" && -d "$dir/data" ]]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|restart|stop" >&2
    exit 2
    ;;
esac
