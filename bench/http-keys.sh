#!/usr/bin/env bash
# A hot set of keys among many stored, over HTTP with wrk (apt-get install wrk): the packaged server on a
# store of 1,000,000 keys, of which the load cycles through 1,000, against the same with only those 1,000
# stored. For each size: a throwaway PostgreSQL (ScratchDatabase, a free port of localhost, a temporary
# directory, a random password) that the server reaches as an external store (PAGEKEYS_JDBC_URL); the server on a free port;
# an organization (init), a page, the 1,000 hot read-only organization keys and the filler keys written
# by SQL (StoredKeys). Both runs are set up and warmed up side by side, then measured in turn (small, large,
# large, small for each route, so that a change in the machine's load weighs on both alike) by wrk with a
# script that gives each request the next hot token; then everything is stopped and deleted. Prints each
# measurement and the ratios of requests per second.
#
#   ./mvnw -q -DskipTests package && bash bench/http-keys.sh [seconds] [connections] [stored keys]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-16}
large=${3:-1000000}
hot=1000
source bench/common.sh
# Requests/s, p50 and p99 (in ms) of a wrk --latency report.
summary() {
    awk '/Requests\/sec/ {rps = $2}
         function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
         $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
         END {printf "%.0f %.2f %.2f\n", rps, p50, p99}' "$1"
}
# CPU seconds used so far by process $1 and every process it started, from /proc; with a second argument, by
# the PostgreSQL listening on that port instead (its postmaster, which pg_ctl leaves to init, and its backends).
cpu_seconds() {
    python3 - "$@" <<'PY'
import os, sys
stats, children, cmdlines = {}, {}, {}
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        cmdline = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
    except OSError:
        continue
    stats[int(pid)] = int(fields[11]) + int(fields[12])
    children.setdefault(int(fields[1]), []).append(int(pid))
    cmdlines[int(pid)] = [part.decode(errors='replace') for part in cmdline]
if len(sys.argv) > 2:
    port = sys.argv[2]
    roots = [pid for pid, words in cmdlines.items()
             if words and words[0].endswith('postgres') and any(words[i] == '-p' and words[i + 1] == port for i in range(len(words) - 1))]
else:
    roots = [int(sys.argv[1])]
ticks, todo = 0, list(roots)
while todo:
    pid = todo.pop()
    ticks += stats.get(pid, 0)
    todo.extend(children.get(pid, []))
print(f"{ticks / os.sysconf('SC_CLK_TCK'):.1f}")
PY
}
# From the server's metrics: the decisions answered so far (those counted at least once), by outcome and
# reason, and the view's hits, misses, evictions, sizes and trust.
decisions() {
    curl -sf "http://127.0.0.1:$1/metrics" | grep -E '^(pagekeys_decisions_total|pagekeys_view_|cache_(gets_total|evictions_total|size))' | grep -v ' 0\.0$' || true
}

# Starts the store and the server of a run with $1 stored keys, sets up the organization, the page and the
# keys, and writes the wrk scripts; what the measurements need is left in $work/$1.
prepare() {
    local stored=$1 dir="$work/$1"
    mkdir -p "$dir"
    start_scratch_store "$dir"
    echo "$url" | sed 's#.*://[^:]*:\([0-9]*\)/.*#\1#' > "$dir/store-port"
    local port
    port=$(free_port)
    PAGEKEYS_JDBC_URL="$url" PAGEKEYS_PORT="$port" timeout 1800 java -jar "$jar" serve 2> "$dir/serve.log" &
    children+=($!)
    echo $! > "$dir/server-pid"
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.5; done

    local created org owner base
    created=$(PAGEKEYS_JDBC_URL="$url" java -jar "$jar" init --org-name Bench --owner-email bench@example.test --json 2> /dev/null)
    org=$(echo "$created" | field organization_id)
    owner=$(echo "$created" | field token)
    base="http://127.0.0.1:$port/api/v2"
    curl -sf -X POST "$base/orgs/$org/status_pages" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
        -d '{"status_page": {"subdomain": "bench", "name": "Bench"}}' > /dev/null
    echo "== $stored stored keys, $hot of them hot: server on port $port"
    java -cp "$tools" io.pagekeys.benchmarks.http.StoredKeys "$url" "$org" "$hot" "$stored" "$dir/tokens.txt" 2> "$dir/load.log"
    echo "$port" > "$dir/port"
    echo "$base/orgs/$org/status_pages/bench" > "$dir/page-url"
    echo "$base/auth/verify" > "$dir/verify-url"

    # Each wrk thread starts at its own place in the hot set and takes the next token for every request; the
    # requests are spelt out once per thread, so that the script costs wrk no more than a fixed request.
    cat > "$dir/page.lua" <<LUA
local tokens = {}
for line in io.lines("$dir/tokens.txt") do tokens[#tokens + 1] = line end
local started = 0
function setup(thread)
    thread:set("first", started * 499)
    started = started + 1
end
local requests, current = {}, 0
function init(args)
    for i, token in ipairs(tokens) do
        if wrk.method == "POST" then
            requests[i] = wrk.format(nil, nil, {["Content-Type"] = "application/json"},
                '{"token": "' .. token .. '", "status_page": "bench", "permission": "pages.read"}')
        else
            requests[i] = wrk.format(nil, nil, {["Authorization"] = "Bearer " .. token})
        end
    end
    current = first or 0
end
function request()
    current = current % #requests + 1
    return requests[current]
end
LUA
    cat > "$dir/verify.lua" <<LUA
wrk.method = "POST"
dofile("$dir/page.lua")
LUA
    for token in $(sed -n '1p;500p;1000p' "$dir/tokens.txt"); do
        curl -sf -X POST "$base/auth/verify" -H 'Content-Type: application/json' \
            -d "{\"token\": \"$token\", \"status_page\": \"bench\", \"permission\": \"pages.read\"}" | grep -q '"allowed":true' \
            || { echo "a hot key is refused"; exit 1; }
    done
}

# One measured wrk run of route $2 (page or verify) on the run with $1 stored keys.
measure() {
    local dir="$work/$1" route=$2 round=$3
    echo "-- $1 stored keys, $route, round $round: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    local server_before store_before
    server_before=$(cpu_seconds "$(cat "$dir/server-pid")")
    store_before=$(cpu_seconds - "$(cat "$dir/store-port")")
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$dir/$route.lua" "$(cat "$dir/$route-url")" | tee "$dir/$route-$round.txt"
    awk -v s0="$server_before" -v s1="$(cpu_seconds "$(cat "$dir/server-pid")")" \
        -v d0="$store_before" -v d1="$(cpu_seconds - "$(cat "$dir/store-port")")" \
        'BEGIN {printf "   CPU seconds meanwhile: server %.1f, its store %.1f\n", s1 - s0, d1 - d0}' | tee -a "$dir/$route-$round.txt"
    echo "$1 $route $round $(summary "$dir/$route-$round.txt")" >> "$work/results"
}

prepare "$hot"
prepare "$large"
# Warm-up, not reported: the JIT compiles each route's path, and each view loads the hot keys (on this
# 2-core machine the first seconds of a route with 1,000 keys in turn run at a tenth of its later rate).
for _ in 1 2 3; do
    for stored in "$hot" "$large"; do
        for route in page verify; do
            wrk -t2 -c"$connections" -d8s -s "$work/$stored/$route.lua" "$(cat "$work/$stored/$route-url")" > /dev/null
        done
    done
done
for stored in "$hot" "$large"; do
    echo "-- metrics of the $stored-key server after the warm-up:"; decisions "$(cat "$work/$stored/port")"
done
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== GET /orgs/{org}/status_pages/bench and POST /auth/verify (pages.read on bench), the next hot key each request;"
echo "   $seconds s each, $connections connections, the two sizes in turn: small, large, large, small"
for route in page verify; do
    measure "$hot" "$route" 1
    measure "$large" "$route" 1
    measure "$large" "$route" 2
    measure "$hot" "$route" 2
done
for stored in "$hot" "$large"; do
    echo "-- metrics of the $stored-key server at the end (denied decisions would show here with their reason):"
    decisions "$(cat "$work/$stored/port")"
done
stop_children

echo "== summary: requests/s, p50 and p99 in ms of each round; ratio of requests/s over both rounds, $large stored against $hot"
awk -v small="$hot" -v large="$large" '
    {rps[$1, $2, $3] = $4; p50[$1, $2, $3] = $5; p99[$1, $2, $3] = $6}
    END {
        split("page verify", routes, " ")
        for (r = 1; r <= 2; r++) {
            route = routes[r]
            for (s = 1; s <= 2; s++) {
                size = s == 1 ? small : large
                printf "%-6s %8d stored: round 1 %6d req/s (p50 %5.2f, p99 %6.2f), round 2 %6d req/s (p50 %5.2f, p99 %6.2f)\n",
                    route, size, rps[size, route, 1], p50[size, route, 1], p99[size, route, 1],
                    rps[size, route, 2], p50[size, route, 2], p99[size, route, 2]
            }
            printf "%-6s ratio %.2f\n", route,
                (rps[large, route, 1] + rps[large, route, 2]) / (rps[small, route, 1] + rps[small, route, 2])
        }
    }' "$work/results"
