#!/usr/bin/env bash
# Prints the path of a `temporal` CLI: TEMPORAL_CLI_PATH, else `temporal` on PATH, else v1.5.1 built with Go into a cache folder outside
# the checkout when it is missing. Every clone (CI's included) reuses the cached binary.
#   TEMPORAL_CLI_PATH   use this binary as is
#   SUFRAH_CACHE_DIR    cache folder (default: ${XDG_CACHE_HOME:-$HOME/.cache}/sufrah)
set -euo pipefail
VERSION=v1.5.1

if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  [[ -x "$TEMPORAL_CLI_PATH" ]] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"
  exit 0
fi

if command -v temporal >/dev/null 2>&1; then
  command -v temporal
  exit 0
fi

cache="${SUFRAH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sufrah}/temporal-$VERSION"
bin="$cache/temporal"
if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [[ -x "$candidate" ]] && export PATH="$(dirname "$candidate"):$PATH" && break
  done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "no temporal CLI found and Go is not installed to build it: install Go or set TEMPORAL_CLI_PATH" >&2
  exit 1
fi

mkdir -p "$cache"
echo "building temporal CLI $VERSION into $cache (one-time, a few minutes)..." >&2
# Newer CLI versions carry a replace directive that `go install` refuses; v1.5.1 builds cleanly.
GOBIN="$cache.tmp" go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2
mv "$cache.tmp/temporal" "$bin"
rmdir "$cache.tmp" 2>/dev/null || true
echo "$bin"
