# What the HTTP runs of bench/ share; sourced, from the project's root, by the scripts that need it.
# Sets $work (a temporary directory, deleted at exit) and stops, at exit, every process put in $children.
jar=bootstrap/target/pagekeys.jar
tools=benchmarks/target/benchmarks.jar
work=$(mktemp -d)
children=()
# Stops what the script started, the last started first (the servers before their store).
stop_children() {
    local i
    for ((i = ${#children[@]} - 1; i >= 0; i--)); do
        kill "${children[i]}" 2> /dev/null || true
        wait "${children[i]}" 2> /dev/null || true
    done
    children=()
}
trap 'stop_children; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The value of the JSON field $1 in the document on standard input (the first one of that name).
field() { grep -o "\"$1\":\"\{0,1\}[^\",}]*" | head -n 1 | sed "s/^\"$1\":\"\{0,1\}//"; }

# Starts a throwaway PostgreSQL (ScratchDatabase) whose output goes to directory $1; sets $url to its JDBC
# URL and exports its password as PAGEKEYS_JDBC_PASSWORD, for the servers and tools started after.
start_scratch_store() {
    java -cp "$tools" io.pagekeys.benchmarks.http.ScratchDatabase 1800 > "$1/postgres.out" 2> "$1/postgres.log" &
    children+=($!)
    for _ in $(seq 1 240); do [ "$(wc -l < "$1/postgres.out")" -ge 2 ] && break; sleep 0.5; done
    url=$(sed -n 1p "$1/postgres.out")
    export PAGEKEYS_JDBC_PASSWORD
    PAGEKEYS_JDBC_PASSWORD=$(sed -n 2p "$1/postgres.out")
}
