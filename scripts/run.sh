#!/usr/bin/env bash
# Sets up what is missing, builds the release app and runs it at
# http://127.0.0.1:3000 against the built-in Kazoo sandbox (or the Kazoo in
# KAZOO_URL) and the local Postgres database `pivot_console`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
setup_all
[ -f .env ] && set -a && source .env && set +a

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pivot_console}"
ensure_database "${DATABASE_URL##*/}"

step "Building (release)"
build_release

export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
step "pivot-console on http://$LEPTOS_SITE_ADDR"
if [ -z "${KAZOO_URL:-}" ]; then
  cat <<MSG
Kazoo sandbox on http://${SANDBOX_ADDR:-127.0.0.1:8000}/v2. Sign in with:
  Account name: sandbox
  Username:     admin
  Password:     sandbox
  (or API key:  $(grep -o '"[0-9a-f]\{64\}"' kazoo/src/sandbox/seed.rs | head -1 | tr -d '"'))
Press Ctrl-C to stop.
MSG
fi
exec "$CARGO_TARGET_DIR/release/server"
