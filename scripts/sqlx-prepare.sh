#!/usr/bin/env bash
# Regenerates .sqlx/, the offline data of sqlx's compile-time checked
# queries (query!, query_as!): applies every migration to a scratch
# database and compiles the workspace against it with SQLX_OFFLINE_DIR set,
# which makes the macros write one file per query. Run it after changing a
# query or a migration, and commit .sqlx/. With --check it regenerates into
# a temporary folder and fails when .sqlx/ differs (CI runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_postgres

db=pivot_console_sqlx
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db with (force)"
psql -h 127.0.0.1 -U postgres -qc "create database $db"
for migration in migrations/*.sql; do
  psql -h 127.0.0.1 -U postgres -d "$db" -v ON_ERROR_STOP=1 -q -f "$migration"
done

out="$PWD/.sqlx"
if [ "${1:-}" = "--check" ]; then
  out="$(mktemp -d)"
fi
rm -rf "$out" && mkdir -p "$out"
# The macros only run when the crates using them are compiled again.
touch app/src/lib.rs server/src/lib.rs
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" \
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" \
  cargo check --workspace --all-targets --locked --features kazoo/client,kazoo/sandbox,app/ssr --quiet
psql -h 127.0.0.1 -U postgres -qc "drop database $db with (force)"

if [ "${1:-}" = "--check" ]; then
  if ! diff -r "$out" .sqlx >/dev/null; then
    echo ".sqlx/ does not match the queries and migrations: run scripts/sqlx-prepare.sh and commit .sqlx/" >&2
    diff -r "$out" .sqlx | head -20 >&2
    exit 1
  fi
  rm -rf "$out"
  echo ".sqlx/ is up to date"
else
  echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
fi
