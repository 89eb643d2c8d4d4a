#!/usr/bin/env bash
# Issue 10's figures: a 10,000-number Twilio export read and planned, and
# the Pivot checker on a 1 MB and a 100 KB answer (release build; time and
# peak memory of each run). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p kazoo --features twilio,checker,schema --example bench_import_check
bin="${CARGO_TARGET_DIR:-target}/release/examples/bench_import_check"
for what in import check-attrs check-gathers; do
  echo "== $what"
  /usr/bin/time -f "peak memory: %M KiB, wall: %e s" "$bin" "$what"
done
