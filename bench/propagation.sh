#!/usr/bin/env bash
# Propagation between two servers on one store: a throwaway PostgreSQL (ScratchDatabase, a free port of
# localhost, a temporary directory), two packaged servers A and B on free ports reaching it as an external
# store (PAGEKEYS_JDBC_URL), an organization (init), a page, and a member who is an editor with a user key;
# then Propagation times, over many trials each, a key revoked through A until B refuses it, and the
# member made viewer through A until B refuses their incidents.write (and made editor again until B
# allows it). Stops and deletes everything at the end.
#
#   ./mvnw -q -DskipTests package && bash bench/propagation.sh [trials]
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-200}
source bench/common.sh

start_scratch_store "$work"
port_a=$(free_port)
port_b=$(free_port)
for server in a b; do
    port_var="port_$server"
    PAGEKEYS_JDBC_URL="$url" PAGEKEYS_PORT="${!port_var}" timeout 1800 java -jar "$jar" serve 2> "$work/serve-$server.log" &
    children+=($!)
done
for port in "$port_a" "$port_b"; do
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.5; done
done

created=$(PAGEKEYS_JDBC_URL="$url" java -jar "$jar" init --org-name Bench --owner-email bench@example.test --json 2> /dev/null)
org=$(echo "$created" | field organization_id)
owner=$(echo "$created" | field token)
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"
curl -sf -X POST "$a/api/v2/orgs/$org/status_pages" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
    -d '{"status_page": {"subdomain": "bench", "name": "Bench"}}' > /dev/null
member=$(curl -sf -X POST "$a/api/v2/orgs/$org/members" -H "Authorization: Bearer $owner" -H 'Content-Type: application/json' \
    -d '{"member": {"email": "editor@example.test", "role": "editor"}}' | field user_id)
member_token=$(PAGEKEYS_JDBC_URL="$url" java -jar "$jar" issue-user-key --org-id "$org" --email editor@example.test \
    --name Propagation --scope pages.read,incidents.write --json 2> /dev/null | field token)

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== two servers on one PostgreSQL, $trials trials of each change (after 20 of each not reported)"
java -cp "$tools" io.pagekeys.benchmarks.http.Propagation "$a" "$b" "$org" "$owner" bench "$member" "$member_token" "$trials"
echo "== load average afterwards: $(cut -d' ' -f1-3 /proc/loadavg)"
