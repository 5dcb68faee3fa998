#!/usr/bin/env bash
# Checks the monitoring stack without Docker (.ci/run; README "Monitoring"):
#   promtool check config, check rules and test rules   deploy/monitoring/prometheus/
#   amtool check-config                                 deploy/monitoring/alertmanager/
#   the compose file's monitoring profile               deploy/monitoring/check_compose.py
#   docker compose config, when a Compose v2 binary is there
# The Grafana dashboard is checked by tests/monitoring/metric-names.test.ts (npm test).
#   SUFRAH_CACHE_DIR   where an amtool build is kept (default: ${XDG_CACHE_HOME:-$HOME/.cache}/sufrah)
#   DOCKER_COMPOSE     a Compose v2 binary to use when `docker compose` is not installed
set -euo pipefail
cd "$(dirname "$0")/.."
dir=deploy/monitoring
# The prom/alertmanager image of docker-compose.yml: its amtool knows every field the config uses
# (Debian bookworm's amtool 0.25 predates telegram_configs.bot_token_file).
AMTOOL_VERSION=v0.28.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v promtool >/dev/null || { echo "promtool not found: apt-get install prometheus" >&2; exit 1; }

# promtool checks that the bearer-token file exists: check a copy whose secret points at a placeholder.
mkdir -p "$tmp/secrets" "$tmp/prometheus"
echo placeholder >"$tmp/secrets/metrics_token"
cp "$dir"/prometheus/*.yml "$tmp/prometheus/"
sed -i "s#/run/secrets/#$tmp/secrets/#g" "$tmp/prometheus/prometheus.yml"
grep -q "credentials_file: $tmp/secrets/metrics_token" "$tmp/prometheus/prometheus.yml"
promtool check config "$tmp/prometheus/prometheus.yml"
promtool check rules "$dir/prometheus/alerts.yml"
(cd "$dir/prometheus" && promtool test rules alerts.test.yml)

amtool_path() {
  if command -v amtool >/dev/null && amtool --version 2>&1 | grep -qE 'version 0\.(2[6-9]|[3-9][0-9])\.'; then
    command -v amtool
    return
  fi
  local cache="${SUFRAH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sufrah}/amtool-$AMTOOL_VERSION"
  if [[ ! -x "$cache/amtool" ]]; then
    local go
    go=$(command -v go || ls /usr/local/go/bin/go /usr/lib/go/bin/go 2>/dev/null | head -1) || return 1
    [[ -n "$go" ]] || return 1
    echo "building amtool $AMTOOL_VERSION into $cache (one-time, about a minute)..." >&2
    GOBIN="$cache.tmp" "$go" install "github.com/prometheus/alertmanager/cmd/amtool@$AMTOOL_VERSION" >&2 || return 1
    mkdir -p "$cache" && mv "$cache.tmp/amtool" "$cache/amtool" && rmdir "$cache.tmp"
  fi
  echo "$cache/amtool"
}
if amtool=$(amtool_path); then
  "$amtool" check-config "$dir/alertmanager/alertmanager.yml"
else
  echo "SKIPPED amtool check-config: no amtool >= 0.26 and no Go to build $AMTOOL_VERSION" >&2
fi

python3 "$dir/check_compose.py" || { rc=$?; [[ $rc == 2 ]] && echo "SKIPPED the compose check (no PyYAML)" >&2 || exit $rc; }

compose=()
if [[ -n "${DOCKER_COMPOSE:-}" ]]; then
  compose=("$DOCKER_COMPOSE")
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null && docker-compose version 2>/dev/null | grep -q '^Docker Compose version'; then
  compose=(docker-compose)
fi
if ((${#compose[@]})); then
  # Placeholders for what .env must hold; only interpolation and the schema are checked.
  env -i PATH="$PATH" HOME="$HOME" JWT_SECRET=x ADMIN_API_KEY=x CREDENTIALS_KEY=x METRICS_TOKEN=x GRAFANA_ADMIN_PASSWORD=x \
    ALERT_SLACK_WEBHOOK_URL=x ALERT_TELEGRAM_BOT_TOKEN=x "${compose[@]}" --project-directory . --profile monitoring config --quiet
  echo "docker compose config (monitoring profile): OK"
else
  echo "SKIPPED docker compose config: no Compose v2 binary (the compose check above still ran)" >&2
fi
