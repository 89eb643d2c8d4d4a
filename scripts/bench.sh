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
bench "GET /pkg/pivot-console.css (static)" "$BASE/pkg/pivot-console.css"

echo
echo "--- server memory after the runs"
ps -o rss=,vsz= -p "$SERVER" | awk '{printf "RSS %.1f MiB, VSZ %.1f MiB\n", $1/1024, $2/1024}'
echo
echo "--- release WASM"
wasm="target/site/pkg/pivot-console.wasm"
printf 'raw %s bytes, gzip -9 %s bytes\n' "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
