#!/usr/bin/env bash
# A/B of two builds of the service: both published services side by side on one throw-away PostgreSQL 15 (durable
# commits) or each on a SQLite file of its own, warmed up alike, then alternating wrk runs of calls.lua at 64
# connections (A B, B A, …), each reported with the service's CPU per event (its user and system time from /proc: less
# noisy than the rate on a shared machine). Afterwards PostgreSQL's costliest statements of B (pg_stat_statements) and
# both services' peak memory. With a rate, then alternating open-loop runs at that many events/s (A B, B A, …), each
# post's latency counted from when it was due (the benchmark's openloop client, built in Release). Needs wrk, openssl
# and PostgreSQL's server binaries.
#   dotnet publish src/CtiPush.Api -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/a
#   benchmarks/load/ab.sh /tmp/a /tmp/b [rounds, 6] [seconds, 15] [postgres|sqlite] [open-loop events/s, none]
# Both run as the Dockerfile runs them (its DOTNET_ settings, a log line a request; the last 100 kB of the log kept); AB_ENV_A / AB_ENV_B: environment of one side only
# (NAME=value …), to compare runtime settings of one build.
set -euo pipefail
a=${1:?usage: ab.sh DIR_A DIR_B [rounds] [seconds] [postgres|sqlite]}; b=${2:?usage: ab.sh DIR_A DIR_B [rounds] [seconds] [postgres|sqlite]}
rounds=${3:-6}; seconds=${4:-15}; provider=${5:-postgres}; rate=${6:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/ctipush-ab.XXXX); chmod 755 "$work"
token=ab-pbx-token-0123456789abcdef
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
  [[ -f $work/pg/port ]] && bash "$repo/tests/postgres/throwaway.sh" stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $provider == postgres ]]; then
  THROWAWAY_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements" bash "$repo/tests/postgres/throwaway.sh" start "$work/pg" >/dev/null
  port=$(cat "$work/pg/port")
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE a" -c "CREATE DATABASE b"
  psql -h 127.0.0.1 -p "$port" -U postgres -d b -qc "CREATE EXTENSION pg_stat_statements"
fi
# Production mode wants a certificate for the session cookies' keys.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 -subj /CN=ab 2>/dev/null
openssl pkcs12 -export -in "$work/cert.pem" -inkey "$work/key.pem" -out "$work/keys.pfx" -passout pass:ab

# The runtime's settings as the Dockerfile gives them to the container (ENV DOTNET_…=…, comments aside).
runtime=$(grep -v '^\s*#' "$repo/Dockerfile" | grep -o 'DOTNET_[A-Za-z0-9_]*=[^[:space:]\\]*' | tr '\n' ' ')
start() { # name dir http-port [NAME=value …]
  local database="Data Source=$work/$1.db" kind=Sqlite
  [[ $provider == postgres ]] && database="Host=127.0.0.1;Port=$port;Username=postgres;Database=$1" && kind=Postgres
  # shellcheck disable=SC2086 # the Dockerfile's settings split into words
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:$3 Database__Provider=$kind ConnectionStrings__CtiPush="$database" \
    Cti__Tokens__main=$token Admin__ApiKey=ab-admin-key-0123456789 DataProtection__CertificatePath="$work/keys.pfx" \
    DataProtection__CertificatePassword=ab env $runtime "${@:4}" dotnet "$2/CtiPush.Api.dll" > >(tail -c 100000 >"$work/$1.log") 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$3/health/ready" >/dev/null && return; sleep 0.2; done
  echo "service $1 did not get ready: $(tail -5 "$work/$1.log")" >&2; exit 1
}
# shellcheck disable=SC2086 # each side's settings split into words
start a "$a" 18181 ${AB_ENV_A:-}; start b "$b" 18182 ${AB_ENV_B:-}

run() { # name http-port seconds tag
  local pid=${pids[0]}; [[ $1 == b ]] && pid=${pids[1]}
  local before after out rate bad
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat") # the service's user and system CPU, in clock ticks
  out=$(wrk -t2 -c64 -d"$3"s --latency -s "$repo/benchmarks/load/calls.lua" "http://127.0.0.1:$2" -- "/api/v1/cti/$token" "$4-$1")
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rate=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  bad=$(echo "$out" | awk '/Non-2xx|Socket errors/{print}')
  printf '%s %-4s %9s events/s  p99 %8s  service CPU %4s µs/event  %s\n' "$1" "$4" "$rate" "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v rate="$rate" -v s="$3" 'BEGIN { printf "%.0f", ticks / hz * 1e6 / (rate * s) }')" \
    "${bad:+FAILED: $bad}"
}
run a 18181 10 warm >/dev/null; run b 18182 10 warm >/dev/null
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then run a 18181 "$seconds" "r$round"; run b 18182 "$seconds" "r$round"
  else run b 18182 "$seconds" "r$round"; run a 18181 "$seconds" "r$round"; fi
done
peak() { echo "a $(awk '/VmHWM/{print $2, $3}' "/proc/${pids[0]}/status"), b $(awk '/VmHWM/{print $2, $3}' "/proc/${pids[1]}/status")"; }
echo "peak memory after the runs at 64 connections: $(peak)"
openloop() { # name http-port tag
  local result; result=$(dotnet "$repo/benchmarks/CtiPush.Benchmarks/bin/Release/net10.0/CtiPush.Benchmarks.dll" openloop \
    "http://127.0.0.1:$2" "/api/v1/cti/$token" "$rate" "$seconds" "$3-$1" | awk '/^result /')
  read -r _ _ count p50 p99 max errors _ <<<"$result"
  printf '%s %-4s open loop %s events/s: p50 %6s ms  p99 %7s ms  max %7s ms  (%s posts)  %s\n' "$1" "$3" "$rate" "$p50" "$p99" "$max" "$count" \
    "$( (( errors > 0 )) && echo "FAILED: $errors errors")"
}
if [[ -n $rate ]]; then
  for round in $(seq 1 "$rounds"); do
    if (( round % 2 )); then openloop a 18181 "o$round"; openloop b 18182 "o$round"
    else openloop b 18182 "o$round"; openloop a 18181 "o$round"; fi
  done
fi
if [[ $provider == postgres ]]; then
  echo "B's costliest statements: calls | total ms | mean ms | statement"
  psql -h 127.0.0.1 -p "$port" -U postgres -d b -Atc "SELECT calls, round(total_exec_time::numeric), round(mean_exec_time::numeric, 3),
    left(regexp_replace(query, '\s+', ' ', 'g'), 100) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'b')
    ORDER BY total_exec_time DESC LIMIT 8"
fi
echo "peak memory at the end: $(peak)"
