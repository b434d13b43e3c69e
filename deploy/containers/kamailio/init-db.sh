#!/bin/bash
# One-shot: makes Kamailio's tables in the schema "kamailio" of the app's database, owned by the role
# "kamailio" whose search path is that schema, and lets the app's role manage the rows: what
# deploy/local/stack's kamailio_schema does (docs/sip-edge.md). Kamailio's own definitions
# (/usr/share/kamailio/postgres/*-create.sql) plus the project's kamailio/schema/*.sql. Idempotent.
#   PGHOST, PGPORT, PGUSER, PGPASSWORD(_FILE): a superuser connection; DB_NAME (callbridge), APP_DB_USER
#   (callbridge), KAMAILIO_DB_PASSWORD(_FILE).
set -euo pipefail
if [ -n "${PGPASSWORD_FILE:-}" ]; then PGPASSWORD=$(cat "$PGPASSWORD_FILE"); export PGPASSWORD; fi
kpw=${KAMAILIO_DB_PASSWORD:-kamailio}
if [ -n "${KAMAILIO_DB_PASSWORD_FILE:-}" ]; then kpw=$(cat "$KAMAILIO_DB_PASSWORD_FILE"); fi
db=${DB_NAME:-callbridge} app=${APP_DB_USER:-callbridge}
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
for _ in $(seq 1 60); do psql_ -d "$db" -tAc "select 1" >/dev/null 2>&1 && break; sleep 1; done
psql_ -d "$db" -tAc "select 1 from pg_roles where rolname='kamailio'" | grep -q 1 || psql_ -d "$db" -c "create role kamailio login"
psql_ -d "$db" -v pw="$kpw" <<'SQL'
alter role kamailio password :'pw';
alter role kamailio set search_path = kamailio;
SQL
if ! psql_ -d "$db" -tAc "select 1 from pg_namespace where nspname='kamailio'" | grep -q 1; then
  { echo "create schema kamailio authorization kamailio; set role kamailio; set search_path = kamailio;"
    for m in standard auth_db usrloc domain alias_db permissions; do cat "/usr/share/kamailio/postgres/$m-create.sql"; done
  } | psql_ -d "$db"
fi
for extra in /usr/share/callbridge/kamailio-schema/*.sql; do
  [ -f "$extra" ] || continue
  { echo "set role kamailio; set search_path = kamailio;"; cat "$extra"; } | psql_ -d "$db"
done
psql_ -d "$db" <<SQL
grant usage on schema kamailio to $app;
grant select, insert, update, delete on all tables in schema kamailio to $app;
grant usage, select on all sequences in schema kamailio to $app;
SQL
echo "callbridge-kamailio-init: Kamailio's tables are in $db (schema kamailio)"
