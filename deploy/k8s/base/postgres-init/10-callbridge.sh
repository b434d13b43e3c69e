#!/bin/bash
# First start of the database: the app's role and database (the app's Flyway migrations make its tables;
# the kamailio-init service makes Kamailio's). Run by the postgres image's entrypoint as the superuser.
set -euo pipefail
psql -X -v ON_ERROR_STOP=1 -v pw="$CALLBRIDGE_DB_PASSWORD" -d postgres <<'SQL'
create role callbridge login password :'pw';
create database callbridge owner callbridge;
SQL
