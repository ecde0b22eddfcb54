#!/usr/bin/env bash
# Creates the stack's databases, one per service, and one login role per service, each role
# able to reach only its own databases: marquee_<service> for the `dev` stack, marquee_<service>_<stack>
# for any other (see service_database in lib.sh), all owned by the same role. Idempotent;
# passwords are generated once into the data directory. Migrations and demo data are applied
# by each binary's `seed` command when the stack starts (stack.sh start).
# Usage: scripts/databases.sh [--fresh]
#   --fresh  drops and recreates the stack's databases first (`make test` starts from empty
#            ones); refused for the `dev` stack, whose data is the developer's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

fresh=0
case "${1:-}" in
    "") ;;
    --fresh) [ "$STACK" != dev ] || die "--fresh would delete the dev stack's data; use make clean"; fresh=1 ;;
    *) die "usage: $0 [--fresh]" ;;
esac

admin="$(admin_database_url)"
psql_admin() { psql "$admin" -v ON_ERROR_STOP=1 -qtA "$@"; }

wait_for "PostgreSQL" 60 psql_admin -c 'SELECT 1'

databases=()
for service in "${SERVICES[@]}"; do
    role="marquee_$service"
    database="$(service_database "$service")"
    databases+=("$database")
    password="$(secret "db-$service")"
    if [ "$fresh" -eq 1 ]; then
        # FORCE: a leftover process of this stack must not keep the old data alive.
        psql_admin -v database="$database" <<<'DROP DATABASE IF EXISTS :"database" WITH (FORCE);'
    fi
    psql_admin -v role="$role" -v database="$database" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"role";
SQL
done
log "databases ready for the $STACK stack: ${databases[*]}"
