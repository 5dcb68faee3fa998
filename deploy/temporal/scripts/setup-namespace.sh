#!/bin/sh
# Makes the Temporal cluster ready for Sufrah: waits for the frontend to report SERVING,
# creates the namespace if it is missing, and registers the custom search attributes the
# workflows set (all Keyword). Safe to run again: existing ones are left alone.
#
# Based on scripts/create-namespace.sh of Temporal's compose (temporalio/samples-server/compose);
# the search-attribute step replaces what `temporal server start-dev --search-attribute` does
# in development.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-168h}"
SEARCH_ATTRIBUTES="${SEARCH_ATTRIBUTES:-RestaurantId DialogueStep OrderStatus OrderReference}"

host="${ADDRESS%:*}"
port="${ADDRESS##*:}"
# As Temporal's script does: dial the IPv4 address. The server binds 0.0.0.0, and a name that
# also resolves to IPv6 can make the CLI dial an address nothing listens on.
ip=$(getent ahosts "$host" 2>/dev/null | awk '/STREAM/ && $1 ~ /^[0-9.]+$/ { print $1; exit }')
target="${ip:-$host}:${port}"

retry() {
  # retry <attempts> <what> <command...>
  attempts=$1
  what=$2
  shift 2
  n=1
  until "$@"; do
    if [ "$n" -ge "$attempts" ]; then
      echo "Gave up: ${what}" >&2
      return 1
    fi
    echo "Not yet: ${what} (attempt ${n}/${attempts}); retrying in 3s"
    n=$((n + 1))
    sleep 3
  done
}

echo "Waiting for Temporal at ${ADDRESS} (${target})..."
retry 60 "Temporal frontend SERVING" temporal operator cluster health --address "$target"

namespace_exists() {
  temporal operator namespace describe --address "$target" --namespace "$NAMESPACE" >/dev/null 2>&1
}

if namespace_exists; then
  echo "Namespace ${NAMESPACE} exists"
else
  echo "Creating namespace ${NAMESPACE} (retention ${RETENTION})"
  # Tolerate a concurrent create; the describe below is the check that counts.
  temporal operator namespace create --address "$target" --namespace "$NAMESPACE" --retention "$RETENTION" || true
  retry 20 "namespace ${NAMESPACE} visible" namespace_exists
fi

has_attribute() {
  temporal operator search-attribute list --address "$target" --namespace "$NAMESPACE" 2>/dev/null |
    grep -Eiq "^[[:space:]]*$1[[:space:]]+(Keyword|INDEXED_VALUE_TYPE_KEYWORD)[[:space:]]*\$"
}

register() {
  name=$1
  if has_attribute "$name"; then
    echo "Search attribute ${name} (Keyword) already registered"
    return 0
  fi
  # "already exists" from a concurrent run is fine: the list check decides.
  temporal operator search-attribute create --address "$target" --namespace "$NAMESPACE" \
    --name "$name" --type Keyword || true
  has_attribute "$name"
}

for name in $SEARCH_ATTRIBUTES; do
  # The namespace cache takes a few seconds to see a new namespace; hence the retries.
  retry 20 "search attribute ${name}" register "$name"
done

echo "Temporal namespace ${NAMESPACE} is ready with search attributes: ${SEARCH_ATTRIBUTES}"
