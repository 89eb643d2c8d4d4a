#!/usr/bin/env bash
# The jobs' figures (issue 11) for BENCHMARKS.md, on a release build: a
# bulk sync of 1,000 drafts against 20 ms of Kazoo latency (against its
# floor, 1000 x 20 ms / 4), a routing refresh of 10,000 numbers and 1,000
# pivot callflows (time, Kazoo requests), then the fault suite's counts.
# The app runs as real server processes; the sandbox in the test process.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_postgres
export CARGO_INCREMENTAL=0
export TEST_DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
features=kazoo/client,kazoo/sandbox,app/ssr
cargo test --release --locked -p server --features "$features" --test faults -- \
  --ignored --nocapture --test-threads 1 2>&1 | grep -E '^bench|test result|panicked'
cargo test --release --locked -p server --features "$features" --test faults -- \
  --nocapture --test-threads 1 2>&1 | grep -E '^(fault suite|two instances|Postgres restart)|test result|panicked'
