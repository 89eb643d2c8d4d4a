#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting and lints, unit,
# database and integration tests (cargo), then the browser tests
# (Playwright + Chromium, with and without JavaScript) against the release
# build. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all

# One-off builds: incremental compilation only costs disk here (it was
# 18 GB of the cache on this machine).
export CARGO_INCREMENTAL=0
# Tests create (and drop) their own databases on this server.
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
export TEST_DATABASE_ADMIN_URL="$DATABASE_URL"
if [ ! -d ../shared/kazoo/schemas ]; then
  echo "NOTE: ../shared/kazoo/schemas is absent: schema tests will say SKIPPED" >&2
fi

step "Formatting and lints"
cargo fmt --all --check
# The compile-time checked queries' offline data matches the migrations.
bash scripts/sqlx-prepare.sh --check
cargo clippy --workspace --all-targets --locked --features kazoo/client,kazoo/sandbox,app/ssr -- -D warnings
cargo clippy -p app --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings

step "Unit, database and integration tests"
cargo test --workspace --locked --features kazoo/client,kazoo/sandbox,app/ssr

step "Release build"
build_release

step "Browser tests (Chromium, JavaScript on and off)"
psql -h 127.0.0.1 -U postgres -qc 'drop database if exists pivot_console_e2e with (force)'
psql -h 127.0.0.1 -U postgres -qc 'create database pivot_console_e2e'
(cd end2end && npx playwright test)
step "All tests passed"
