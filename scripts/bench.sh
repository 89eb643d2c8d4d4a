#!/usr/bin/env bash
# Measures what matters for Numbers Routing at scale: the release server
# with a sandbox account of 10,000 numbers (BENCH_NUMBERS), on loopback.
# Prints sign-in time (includes reading the whole routing from Kazoo),
# page latencies under load (wrk) and the server's memory. Figures go into
# BENCHMARKS.md by hand, with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all
command -v wrk >/dev/null || apt_install wrk

NUMBERS="${BENCH_NUMBERS:-10000}"
PORT=3300
SANDBOX_PORT=8300
DB=pivot_console_bench
BASE="http://127.0.0.1:$PORT"

step "Release build"
cargo leptos build --release >/dev/null 2>&1

psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)"
psql -h 127.0.0.1 -U postgres -qc "create database $DB"

step "Starting the server with $NUMBERS sandbox numbers"
LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site SANDBOX_ADDR="127.0.0.1:$SANDBOX_PORT" \
  SANDBOX_NUMBERS="$NUMBERS" DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/server" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.5; done

jar="$(mktemp)"
signin="$(curl -s -o /dev/null -c "$jar" -w '%{time_total}' \
  -d 'method=password&account_name=sandbox&username=admin&password=sandbox' "$BASE/login")"
cookie="$(awk '$6 == "pivot_console_session" {print "pivot_console_session=" $7}' "$jar")"
echo "sign-in incl. routing refresh of $NUMBERS numbers: ${signin}s"
refresh="$(curl -s -o /dev/null -b "$jar" -H 'Sec-Fetch-Site: same-origin' -w '%{time_total}' -X POST "$BASE/numbers/refresh")"
echo "Refresh from Kazoo: ${refresh}s"

# Drafts through the JSON API (the session cookie), so that Numbers Routing
# joins real draft rows: DRAFTS pivot actions, the first SYNCED synced.
DRAFTS="${BENCH_DRAFTS:-200}"
SYNCED="${BENCH_SYNCED:-50}"
api() {
  curl -sf -b "$jar" -H 'Sec-Fetch-Site: same-origin' -H 'Content-Type: application/json' "$@"
}
ids=()
start=$(date +%s.%N)
for i in $(seq 0 $((DRAFTS - 1))); do
  body="{\"name\":\"Bench $i\",\"numbers\":[\"+1$((4155551000 + i))\"],\"voice_url\":\"https://voice.example.com/$i\"}"
  ids+=("$(api -X POST -d "$body" "$BASE/api/v1/drafts" | sed -E 's/.*"id":"([^"]+)".*/\1/')")
done
end=$(date +%s.%N)
echo "Save $DRAFTS drafts one after another (JSON API): $(echo "($end - $start) * 1000 / $DRAFTS" | bc -l | xargs printf '%.1f') ms each"
start=$(date +%s.%N)
for id in "${ids[@]:0:$SYNCED}"; do
  api -X POST -d "{}" "$BASE/api/v1/drafts/$id/sync" >/dev/null
done
end=$(date +%s.%N)
echo "Sync $SYNCED drafts (create in Kazoo, lock, log, snapshot update): $(echo "($end - $start) * 1000 / $SYNCED" | bc -l | xargs printf '%.1f') ms each"
preview="$(curl -s -o /dev/null -b "$jar" -w '%{time_total}' "$BASE/api/v1/drafts/${ids[0]}/preview")"
echo "Preview one draft's JSON: $(echo "$preview * 1000" | bc -l | xargs printf '%.1f') ms"

bench() {
  local label="$1"; shift
  echo
  echo "--- $label"
  wrk -t2 -c8 -d10s --latency -H "Cookie: $cookie" "$@" | grep -E 'Requests/sec|^\s+(50|90|99)%|Non-2xx'
}
bench "GET / (page 1, server-rendered)" "$BASE/"
bench "GET /?page=150 (deep page)" "$BASE/?page=150"
bench "GET /?q=5559999 (search)" "$BASE/?q=5559999"
bench "GET /?route=pivot (filter)" "$BASE/?route=pivot"
bench "GET /?draft=synced (draft-state filter)" "$BASE/?draft=synced"
bench "GET /?draft=draft&page=2 (draft-state filter, page 2)" "$BASE/?draft=draft&page=2"
bench "GET /pivot/new (form + server-rendered preview)" "$BASE/pivot/new"
bench "GET /drafts/<id> (draft page with sync log)" "$BASE/drafts/${ids[0]}"
bench "GET /drafts (list of $DRAFTS)" "$BASE/drafts"
bench "GET /pkg/pivot-console.css (static)" "$BASE/pkg/pivot-console.css"

echo
echo "--- server memory after the runs"
ps -o rss=,vsz= -p "$SERVER" | awk '{printf "RSS %.1f MiB, VSZ %.1f MiB\n", $1/1024, $2/1024}'
echo
echo "--- release WASM"
wasm="target/site/pkg/pivot-console.wasm"
printf 'raw %s bytes, gzip -9 %s bytes\n' "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
