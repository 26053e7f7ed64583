#!/usr/bin/env bash
# Load on the reference server over loopback with wrk (apt-get install wrk), side by side in one run:
# the no-op route, a page read through an organization key, and the gateway's verify call. Starts the packaged server on a temporary embedded
# store and a free port, sets up an organization, a page and a read-only key, runs wrk, stops the server.
# The three routes run in turns, rounds times over, and each ratio to hello is taken within its round and
# reported as the median over the rounds: on a machine whose host takes a varying share of its time, a
# single run of each, seconds apart, compares different conditions.
#
#   ./mvnw -q -DskipTests package && bash bench/http-load.sh [seconds] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-16}
rounds=${3:-5}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
jar=bootstrap/target/pagekeys.jar
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18090)
export PAGEKEYS_DATA_DIR="$work/data" PAGEKEYS_PORT="$port"
java -jar "$jar" serve 2> "$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.5; done

field() { grep -o "\"$1\":\"\{0,1\}[^\",}]*" | head -n 1 | sed "s/^\"$1\":\"\{0,1\}//"; }
created=$(java -jar "$jar" init --org-name Bench --owner-email bench@example.test --json 2> /dev/null)
org=$(echo "$created" | field organization_id)
owner=$(echo "$created" | field token)
base="http://127.0.0.1:$port/api/v2"
curl -sf -X POST "$base/orgs/$org/status_pages" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
    -d '{"status_page": {"subdomain": "bench", "name": "Bench"}}' > /dev/null
key=$(curl -sf -X POST "$base/orgs/$org/api_keys" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
    -d '{"api_key": {"name": "load", "scope": "read_only"}}' | field token)

cat > "$work/verify.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"token": "$key", "status_page": "bench", "permission": "pages.read"}'
LUA

# Warm-up, not reported: the JIT compiles each route's path before anything is measured.
for _ in 1 2; do
    wrk -t2 -c"$connections" -d5s "$base/hello" > /dev/null
    wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $key" "$base/orgs/$org/status_pages/bench" > /dev/null
    wrk -t2 -c"$connections" -d5s -s "$work/verify.lua" "$base/auth/verify" > /dev/null
done

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $rounds rounds of $seconds s per route, $connections connections:"
echo "==   hello:  GET /api/v2/hello, no key, the floor of any route"
echo "==   page:   GET /orgs/{org}/status_pages/bench with a read-only organization key"
echo "==   verify: POST /auth/verify, pages.read on bench"
run() {
    local name=$1
    shift
    local out
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
    printf '%-7s %10s req/s  p50 %8s  p99 %8s\n' "$name" \
        "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
        "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')"
}
for round in $(seq 1 "$rounds"); do
    echo "-- round $round"
    run hello "$base/hello"
    run page -H "Authorization: Bearer $key" "$base/orgs/$org/status_pages/bench"
    run verify -s "$work/verify.lua" "$base/auth/verify"
done | tee "$work/rounds"
# Each route's rate over hello's in the same round; the median and the extremes over the rounds.
awk '$1 == "hello" {hello = $2} $1 == "page" || $1 == "verify" {print $1, $2 / hello}' "$work/rounds" | sort -k1,1 -k2,2n |
    awk '{r[$1] = r[$1] " " $2; n[$1]++}
         END {for (k in r) {split(substr(r[k], 2), v, " "); m = n[k] % 2 ? v[(n[k] + 1) / 2] : (v[n[k] / 2] + v[n[k] / 2 + 1]) / 2;
              printf "== %s / hello: median %.3f over %d rounds (lowest %.3f, highest %.3f)\n", k, m, n[k], v[1], v[n[k]]}}' | sort
echo "== GET /api/v2/me with a malformed token (refused before any lookup; the throttle answers 429 after 100)"
wrk -t2 -c"$connections" -d"5s" -H "Authorization: Bearer uk_malformed" "$base/me" | grep -E "Requests/sec|Non-2xx"
