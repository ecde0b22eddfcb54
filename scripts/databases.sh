#!/usr/bin/env bash
# Creates one database and one login role per service, each role able to reach only its own
# database. Idempotent; passwords are generated once into the data directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

admin="$(admin_database_url)"
psql_admin() { psql "$admin" -v ON_ERROR_STOP=1 -qtA "$@"; }

wait_for "PostgreSQL" 60 psql_admin -c 'SELECT 1'

for service in "${SERVICES[@]}"; do
    role="marquee_$service"
    password="$(secret "db-$service")"
    psql_admin -v role="$role" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"role" TO :"role";
SQL
done
log "databases ready: ${SERVICES[*]/#/marquee_}"
