#!/usr/bin/env bash
# Numbers Routing against the bare-page limit, in one run (issue 12).
#
# For each account size (BENCH_SIZES, default "10000 100000" sandbox
# numbers) it starts the release server on a fresh database with the
# reference page on (BENCH_REFERENCE_PAGE=1: `/bench/bare`, a minimal
# Leptos view through the same document shell and layers, no session
# read), signs in, times a routing refresh, saves BENCH_DRAFTS drafts
# (BENCH_SYNCED of them synced), then runs wrk with the session cookie at
# 8 and 32 connections (BENCH_SECONDS each) on the bare page and on six
# Numbers Routing queries. It prints req/s, p50, p99 and each page's ratio
# to the bare page of the same run and connection count, the server's RSS
# under load, and a summary table to paste into BENCHMARKS.md.
#
# One command: `bash scripts/bench.sh` (about 10 minutes after the build;
# BENCH_SKIP_BUILD=1 reuses the last release build). Ports BENCH_PORT
# (app) and BENCH_SANDBOX_PORT; databases `${BENCH_DB}_<size>`;
# BENCH_SERVER runs another server binary (say, a copy of an older build).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then setup_all; else ensure_postgres; fi
command -v wrk >/dev/null || apt_install wrk

SIZES="${BENCH_SIZES:-10000 100000}"
DRAFTS="${BENCH_DRAFTS:-500}"
SYNCED="${BENCH_SYNCED:-50}"
SECONDS_PER_RUN="${BENCH_SECONDS:-6}"
PORT="${BENCH_PORT:-3300}"
SANDBOX_PORT="${BENCH_SANDBOX_PORT:-8300}"
DB_PREFIX="${BENCH_DB:-pivot_console_bench}"
BASE="http://127.0.0.1:$PORT"
PG=(psql -h 127.0.0.1 -U postgres -qAt)

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  step "Release build"
  build_release >/dev/null 2>&1
fi

# name|path: the reference first, then Numbers Routing's queries.
PAGES=(
  "bare page|/bench/bare"
  "page 1|/"
  "deep page|/?page=150"
  "search|/?q=5559999"
  "filter route=pivot|/?route=pivot"
  "filter draft=draft|/?draft=draft"
  "draft page 2|/?draft=draft&page=2"
)
SUMMARY="$(mktemp)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; }
trap cleanup EXIT

rss_mib() { ps -o rss= -p "$SERVER" | awk '{printf "%.1f", $1/1024}'; }

# wrk_run CONNECTIONS PATH: sets RPS, P50, P99 (ms) and raises RSS_MAX
# with the server's RSS sampled halfway through the run.
wrk_run() {
  local c="$1" path="$2" out sampler
  (sleep "$((SECONDS_PER_RUN / 2))"; rss_mib >"$RSS_SAMPLE") &
  sampler=$!
  out="$(wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: $cookie" "$BASE$path")"
  wait "$sampler"
  RSS_MAX="$(awk -v max="$RSS_MAX" -v r="$(cat "$RSS_SAMPLE")" 'BEGIN {print (r > max ? r : max)}')"
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "!! $path: $(grep 'Non-2xx' <<<"$out")" >&2
  fi
  read -r RPS P50 P99 < <(awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    /Requests\/sec/ {rps = $2}
    $1 == "50%" {p50 = ms($2)}
    $1 == "99%" {p99 = ms($2)}
    END {printf "%.0f %.1f %.1f\n", rps, p50, p99}' <<<"$out")
}

bench_size() {
  local numbers="$1" db="${DB_PREFIX}_$1"
  "${PG[@]}" -c "drop database if exists $db with (force)"
  "${PG[@]}" -c "create database $db"

  step "Server with $numbers sandbox numbers"
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site \
    SANDBOX_ADDR="127.0.0.1:$SANDBOX_PORT" SANDBOX_NUMBERS="$numbers" \
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" BENCH_REFERENCE_PAGE=1 RUST_LOG=warn \
    "${BENCH_SERVER:-$CARGO_TARGET_DIR/release/server}" &
  SERVER=$!
  for _ in $(seq 1 120); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.5; done

  jar="$(mktemp)"
  curl -s -o /dev/null -c "$jar" \
    -d 'method=password&account_name=sandbox&username=admin&password=sandbox' "$BASE/login"
  cookie="$(awk '$6 == "pivot_console_session" {print "pivot_console_session=" $7}' "$jar")"
  # The sign-in starts the first refresh; wait for it, then time one more.
  wait_refresh() {
    for _ in $(seq 1 600); do
      [ "$("${PG[@]}" -d "$db" -c "select count(*) from job where kind = 'refresh' and state = 'running'")" = 0 ] && return
      sleep 0.2
    done
  }
  wait_refresh
  curl -s -o /dev/null -b "$jar" -H 'Sec-Fetch-Site: same-origin' -H "Origin: $BASE" -X POST "$BASE/numbers/refresh"
  wait_refresh
  local refresh
  refresh="$("${PG[@]}" -d "$db" -c "select round(extract(epoch from finished_at - created_at)::numeric, 2)
    from job where kind = 'refresh' order by created_at desc limit 1")"
  echo "refresh from Kazoo ($numbers numbers): ${refresh}s"

  local api=(curl -sf -b "$jar" -H 'Sec-Fetch-Site: same-origin' -H "Origin: $BASE" -H 'Content-Type: application/json')
  local ids=() i id
  for i in $(seq 0 $((DRAFTS - 1))); do
    id="$("${api[@]}" -X POST "$BASE/api/v1/drafts" \
      -d "{\"name\":\"Bench $i\",\"numbers\":[\"+1$((4155551000 + i))\"],\"voice_url\":\"https://voice.example.com/$i\"}" |
      sed -E 's/.*"id":"([^"]+)".*/\1/')"
    ids+=("$id")
  done
  for id in "${ids[@]:0:$SYNCED}"; do
    "${api[@]}" -X POST -d '{}' "$BASE/api/v1/drafts/$id/sync" >/dev/null
  done
  echo "$DRAFTS drafts saved, $SYNCED synced"

  RSS_SAMPLE="$(mktemp)"
  RSS_MAX=0
  local c label path bare ratio
  for c in 8 32; do
    bare=""
    for entry in "${PAGES[@]}"; do
      label="${entry%%|*}"
      path="${entry#*|}"
      curl -s -o /dev/null -b "$jar" "$BASE$path" # warm
      wrk_run "$c" "$path"
      [ -z "$bare" ] && bare="$RPS"
      ratio="$(awk -v a="$RPS" -v b="$bare" 'BEGIN {printf "%.1f%%", (b > 0 ? 100 * a / b : 0)}')"
      printf '%-8s c=%-3s %-20s %8s req/s  p50 %6s ms  p99 %6s ms  %7s of bare\n' \
        "$numbers" "$c" "$label" "$RPS" "$P50" "$P99" "$ratio"
      printf '| %s | %s | %s | `%s` | %s | %s | %s | %s |\n' \
        "$numbers" "$c" "$label" "$path" "$RPS" "$P50" "$P99" "$ratio" >>"$SUMMARY"
    done
  done
  echo "RSS under load ($numbers numbers): max ${RSS_MAX} MiB (sampled mid-run); peak $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' "/proc/$SERVER/status")"
  printf '| %s | RSS under load | max %s MiB | refresh %ss |\n' "$numbers" "$RSS_MAX" "$refresh" >>"$SUMMARY.extra"
  # What a browser downloads (Chromium): first and repeat visits.
  if [ "$numbers" = "$(awk '{print $1}' <<<"$SIZES")" ]; then
    step "First load ($numbers numbers, scripts/bench-first-load.js)"
    node scripts/bench-first-load.js "$BASE" || echo "first-load measurement failed" >&2
  fi
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

for size in $SIZES; do
  bench_size "$size"
done


echo
echo "## $(date -u +%F) — Numbers Routing against the bare page ($(nproc) cores, wrk ${SECONDS_PER_RUN}s a run)"
echo
echo "| numbers | connections | page | path | req/s | p50 ms | p99 ms | of bare |"
echo "|---|---|---|---|---|---|---|---|"
cat "$SUMMARY"
echo
echo "| numbers | what | figure | |"
echo "|---|---|---|---|"
cat "$SUMMARY.extra"
