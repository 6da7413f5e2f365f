#!/usr/bin/env bash
# Load benchmark for the trust-building loop: the demo organization and wrk
# (Debian's package), on SQLite and on PostgreSQL, each mix beside a trivial
# route of the same server in the same run (the ceiling).
#
#   bench/load.sh [seconds per run, default 15] [connections, default 64] [people, default 64]
#   RAPPORT_BIN=/path/to/rapport bench/load.sh ...    # the same, for another build
#   BENCH_BACKENDS=sqlite bench/load.sh ...            # one backend only (default: both)
#
# Each run follows 3 untimed seconds of the same load.
# Mixes:
#   reads, one person     the home page, my relationships (page and API) and
#                         my delegations, for one signed-in admin
#   reads, N people       the same, each request as the next of N people
#   mixed, one person     80% reads (home, relationships), 10% new
#                         delegations, 10% thank-yous, for one person
#   mixed, N people       the same, each request as the next of N people,
#                         each delegating to and thanking a colleague
#
# Prints a table: mix, backend, requests/s, p50, p99, share of the ceiling,
# and responses that were not 2xx (a run with errors measured something
# else). Needs wrk, curl, a release build, and for the PostgreSQL rows a
# server on 127.0.0.1:5432 (trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
conns="${2:-64}"
people="${3:-64}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# RAPPORT_BIN runs another build (an earlier version, say) through the same mixes.
if [ -z "${RAPPORT_BIN:-}" ]; then
  cargo build --release -q -p rapport
fi
bin="${RAPPORT_BIN:-${CARGO_TARGET_DIR:-target}/release/rapport}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Every demo account signs in from this machine: allow it.
printf 'sign_in_per_client = 100000\nsign_in_per_account = 100000\n' > "$work/bench.toml"

# Each request goes out as the next person of $SESSIONS ("cookie to-id" a
# line); $MIX is reads or mixed. wrk.format with a headers table drops the
# -H headers, so the cookie is set here on every request.
cat > "$work/mix.lua" <<'LUA'
local sessions = {}
local i = 0
local reads = {"/", "/api/v1/me/relationships", "/relationships", "/api/v1/delegations"}
local errors = 0
init = function(args)
  for line in io.lines(os.getenv("SESSIONS")) do
    local cookie, to = line:match("^(%S+) (%S+)$")
    table.insert(sessions, {cookie = cookie, to = to})
  end
  i = math.random(#sessions * 10)
end
request = function()
  i = i + 1
  local s = sessions[(i % #sessions) + 1]
  local k = math.floor(i / #sessions) % 10
  local h = {Cookie = s.cookie}
  if os.getenv("MIX") == "reads" then
    return wrk.format("GET", reads[(k % #reads) + 1], h)
  end
  if k == 0 then
    h["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/delegations", h,
      '{"to":"' .. s.to .. '","title":"Load test favor ' .. i .. '","stakes":"small"}')
  elseif k == 5 then
    h["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/appreciations", h,
      '{"to":"' .. s.to .. '","message":"Thanks for the help ' .. i .. '"}')
  elseif k % 2 == 0 then
    return wrk.format("GET", "/", h)
  else
    return wrk.format("GET", "/api/v1/me/relationships", h)
  end
end
LUA

# wrk's summary as "rps p50 p99 errors" (latencies in ms), after the same
# load for a few untimed seconds: the numbers describe a server that has been
# up a while (its trust engine replayed, the busy reads in memory), not its
# first second.
measure() {
  wrk -t2 -c"$conns" -d3s "$@" >/dev/null
  local out
  out="$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@")"
  local rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")"
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${errors:-0}"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v } else { sub(/s$/,"",v); print v*1000 } }'; }

# Signs in as $1 and prints the session cookie.
sign_in() {
  curl -s -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"northwind-demo\"}" "$base/api/v1/auth/login" |
    awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}'
}

run_backend() {
  local name="$1" url="$2" port="$3"
  "$bin" demo --no-serve --database-url "$url" >/dev/null 2>"$work/demo.txt"
  local admin; admin="$(awk '/as an admin:/ {print $NF}' "$work/demo.txt")"
  "$bin" serve --config "$work/bench.toml" --bind "127.0.0.1:$port" --database-url "$url" 2>"$work/serve-$name.log" &
  local pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  local cookie; cookie="$(sign_in "$admin")"
  # The admin's colleague (one person), then N people each with the next as colleague.
  curl -s -H "Cookie: $cookie" "$base/api/v1/people?limit=$((people + 1))" |
    grep -o '"id":"[0-9a-f-]*","name":"[^"]*","email":"[^"]*"' |
    sed 's/"id":"\([^"]*\)".*"email":"\([^"]*\)"/\1 \2/' > "$work/people.txt"
  local colleague; colleague="$(awk -v a="$admin" '$2 != a {print $1; exit}' "$work/people.txt")"
  echo "$cookie $colleague" > "$work/one.txt"
  : > "$work/many.txt"
  local ids=() emails=()
  while read -r id email; do ids+=("$id"); emails+=("$email"); done < "$work/people.txt"
  for ((k = 0; k < people && k + 1 < ${#ids[@]}; k++)); do
    echo "$(sign_in "${emails[$k]}") ${ids[$((k + 1))]}" >> "$work/many.txt"
  done
  local n; n="$(wc -l < "$work/many.txt")"
  local ceiling; ceiling="$(measure "$base/healthz")"
  local rows=("ceiling /healthz|$ceiling")
  for mix in reads mixed; do
    rows+=("$mix, one person|$(MIX=$mix SESSIONS="$work/one.txt" measure -s "$work/mix.lua" "$base")")
    rows+=("$mix, $n people|$(MIX=$mix SESSIONS="$work/many.txt" measure -s "$work/mix.lua" "$base")")
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local c_rps; c_rps="$(cut -d' ' -f1 <<<"$ceiling")"
  for row in "${rows[@]}"; do
    local label="${row%%|*}" vals="${row#*|}"
    read -r rps p50 p99 errors <<<"$vals"
    printf '| %-22s | %-10s | %9.0f | %7.2f | %7.2f | %5.0f%% | %6s |\n' "$label" "$name" "$rps" "$p50" "$p99" \
      "$(awk -v a="$rps" -v b="$c_rps" 'BEGIN{print 100*a/b}')" "$errors"
  done
}

echo "rapport load benchmark: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), ${conns} connections, ${secs}s per run, wrk -t2, $(date -u +%FT%TZ)"
echo
echo "| mix                    | backend    |   req/s   | p50 ms  | p99 ms  | of ceiling | errors |"
echo "|---|---|---|---|---|---|---|"
backends="${BENCH_BACKENDS:-sqlite postgres}"
if [[ " $backends " == *" sqlite "* ]]; then
  run_backend sqlite "sqlite://$work/bench.db" 18081
fi
if [[ " $backends " != *" postgres "* ]]; then
  :
elif pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db="rapport_bench_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
  run_backend postgres "postgres://postgres@127.0.0.1:5432/$db" 18082
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db WITH (FORCE)" postgres
else
  echo "| PostgreSQL skipped: no server on 127.0.0.1:5432 | | | | | | |"
fi
