#!/usr/bin/env bash
# Load benchmark for the trust-building loop: the demo organization, one
# signed-in person, and wrk (Debian's package) against three mixes, on
# SQLite and on PostgreSQL, each beside a trivial route of the same server
# in the same run (the ceiling).
#
#   bench/load.sh [seconds per run, default 15] [connections, default 64]
#
# Prints a table: route mix, backend, requests/s, p50, p99, and reads as a
# share of the ceiling. Needs wrk, curl, a release build, and for the
# PostgreSQL rows a server on 127.0.0.1:5432 (trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
conns="${2:-64}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release -q -p rapport
bin="${CARGO_TARGET_DIR:-target}/release/rapport"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/reads.lua" <<'LUA'
local paths = {"/", "/api/v1/me/relationships", "/relationships", "/api/v1/delegations"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
cat > "$work/mixed.lua" <<'LUA'
local i = 0
request = function()
  i = i + 1
  local k = i % 10
  if k == 0 then
    return wrk.format("POST", "/api/v1/delegations", {["Content-Type"] = "application/json"},
      '{"to":"' .. os.getenv("TO") .. '","title":"Load test favor ' .. i .. '","stakes":"small"}')
  elseif k == 5 then
    return wrk.format("POST", "/api/v1/appreciations", {["Content-Type"] = "application/json"},
      '{"to":"' .. os.getenv("TO") .. '","message":"Thanks for the help ' .. i .. '"}')
  elseif k % 2 == 0 then
    return wrk.format("GET", "/")
  else
    return wrk.format("GET", "/api/v1/me/relationships")
  end
end
LUA

# wrk's summary as "rps p50 p99" (latencies in ms).
measure() {
  local out
  out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@")"
  local rps p50 p99
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v } else { sub(/s$/,"",v); print v*1000 } }'; }

run_backend() {
  local name="$1" url="$2" port="$3"
  "$bin" demo --no-serve --database-url "$url" >/dev/null 2>"$work/demo.txt"
  local admin; admin="$(awk '/as an admin:/ {print $NF}' "$work/demo.txt")"
  "$bin" serve --bind "127.0.0.1:$port" --database-url "$url" 2>"$work/serve-$name.log" &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$port"
  local cookie; cookie="$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
      -d "{\"email\":\"$admin\",\"password\":\"northwind-demo\"}" "$base/api/v1/auth/login" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')"
  export TO; TO="$(curl -s -H "Cookie: $cookie" "$base/api/v1/people?limit=2" | sed 's/.*"id":"\([0-9a-f-]*\)".*/\1/' )"
  local ceiling reads mixed
  ceiling="$(measure "$base/healthz")"
  reads="$(measure -s "$work/reads.lua" -H "Cookie: $cookie" "$base")"
  mixed="$(measure -s "$work/mixed.lua" -H "Cookie: $cookie" "$base")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local c_rps; c_rps="$(cut -d' ' -f1 <<<"$ceiling")"
  for row in "ceiling /healthz|$ceiling" "reads (home, relationships, delegations)|$reads" "mixed (80% reads, 20% writes)|$mixed"; do
    local label="${row%%|*}" vals="${row#*|}"
    read -r rps p50 p99 <<<"$vals"
    printf '| %-42s | %-10s | %9.0f | %7.2f | %7.2f | %5.0f%% |\n' "$label" "$name" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$c_rps" 'BEGIN{print 100*a/b}')"
  done
}

echo "rapport load benchmark: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), ${conns} connections, ${secs}s per run, wrk -t2"
echo
echo "| mix                                        | backend    |   req/s   | p50 ms  | p99 ms  | of ceiling |"
echo "|---|---|---|---|---|---|"
run_backend sqlite "sqlite://$work/bench.db" 18081
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db="rapport_bench_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
  run_backend postgres "postgres://postgres@127.0.0.1:5432/$db" 18082
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db WITH (FORCE)" postgres
else
  echo "| PostgreSQL skipped: no server on 127.0.0.1:5432 | | | | | |"
fi
