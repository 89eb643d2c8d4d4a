#!/usr/bin/env bash
# Installs what pivot-console needs to build and test, skipping what is
# already present: the wasm32 target, cargo-leptos 0.3.10, wasm-bindgen-cli
# matching Cargo.lock, Node packages (Playwright, binaryen's wasm-opt),
# Debian's Chromium, and a running Postgres on 127.0.0.1:5432.
# Sourced by run.sh and test.sh; safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pivot-console/target}"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
CARGO_LEPTOS_VERSION="0.3.10"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    step "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    step "Installing wasm-bindgen-cli $want (matches Cargo.lock)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null; then
    step "Installing Node.js and npm"
    apt_install nodejs npm
  fi
  # package-lock.json pins Playwright and binaryen 132 (wasm-opt): Debian's
  # wasm-opt 108 produces release WASM that fails to hydrate.
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -x "$ROOT/end2end/node_modules/.bin/playwright" ] \
     || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    step "Installing Node packages (Playwright, binaryen)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    step "Installing Debian's Chromium"
    apt_install chromium
  fi
}

ensure_postgres() {
  # The scripts create databases with psql, whoever runs the server.
  if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
    step "Installing the PostgreSQL client"
    apt_install postgresql-client
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    return
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    step "Installing PostgreSQL"
    apt_install postgresql
    local conf
    conf="$(ls -d /etc/postgresql/*/main | head -1)"
    # Local development only: trust connections from this machine.
    sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(host\s+all\s+all\s+::1\/128\s+)\S+/\1trust/' "$conf/pg_hba.conf"
  fi
  step "Starting PostgreSQL"
  local version
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  # The package may have started it before pg_hba.conf was changed.
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return
    sleep 1
  done
  echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
  exit 1
}

# Creates a database if it does not exist yet.
ensure_database() {
  local name="$1"
  if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -qc "create database \"$name\""
  fi
}

# The release build: the server, and the site in target/site with its /pkg
# files precompressed (brotli and gzip beside each) and the WASM split into
# chunks per lazy route (`#[lazy_route]` needs `--split`). cargo-leptos
# takes these two only on the command line; the rest is in Cargo.toml.
build_release() {
  cargo leptos build --release --precompress --split "$@"
}

setup_all() {
  ensure_rust
  ensure_node
  ensure_chromium
  ensure_postgres
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  setup_all
fi
