#!/bin/sh
# Creates Temporal's two databases on PostgreSQL and brings their schemas to the version the
# admin-tools image ships. Every step is idempotent (create tolerates an existing database,
# setup-schema keeps a newer version, update-schema applies only missing versions), so this
# runs on every `docker compose up`, and after an image upgrade it is the schema migration.
#
# Mirrors scripts/setup-postgres.sh of Temporal's compose (temporalio/samples-server/compose),
# which replaced the temporalio/auto-setup image; only the connection values come from env.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

echo "Waiting for PostgreSQL at ${POSTGRES_SEEDS}:${DB_PORT}..."
attempt=0
until nc -z -w 5 "$POSTGRES_SEEDS" "$DB_PORT"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL did not accept connections" >&2
    exit 1
  fi
  sleep 2
done

# SQL_PASSWORD is read by temporal-sql-tool itself, which keeps it off the command line.
sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

for pair in "$DBNAME:temporal" "$VISIBILITY_DBNAME:visibility"; do
  db="${pair%%:*}"
  dir="$SCHEMA_DIR/${pair##*:}/versioned"
  echo "Setting up database ${db} (schema ${dir})"
  sql --db "$db" create
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "$dir"
done

echo "Temporal PostgreSQL schema is up to date"
