#!/usr/bin/env bash
# `make test`: formatting, lints, unit and integration tests against real PostgreSQL, Redis and
# RabbitMQ, then the whole stack behind the gateway driven by Playwright in headless Chromium.
# Starts whatever servers it needs and stops, on the way out, everything it started.
set -euo pipefail

# The tests run a stack of their own, beside any `make up` site: its databases, Redis database,
# RabbitMQ vhost and ports (set before lib.sh reads them).
export MARQUEE_STACK=test
# Debug builds: the browser tests' stack shares its artifacts with `cargo test`.
export MARQUEE_BUILD=debug
export GATEWAY_PORT="${TEST_GATEWAY_PORT:-18080}" BFF_PORT="${TEST_BFF_PORT:-13000}"
export AUTH_PORT=18001 MOVIE_PORT=18002 BOOKING_PORT=18003 PAYMENT_PORT=18004 NOTIFICATION_PORT=18005
. "$(dirname "$0")/lib.sh"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The browser suite loads many pages from one address; the limits themselves have their own test.
export RATE_LIMIT_GENERAL="${TEST_RATE_LIMIT_GENERAL:-6000r/m}" RATE_BURST_GENERAL=200
export RATE_LIMIT_WEB=6000r/m RATE_BURST_WEB=500 RATE_LIMIT_SIGN_IN=600r/m RATE_BURST_SIGN_IN=100
# (Its tests of giving back seats book and pay through the API for many customers at once.)
export RATE_LIMIT_BOOKING=600r/m RATE_BURST_BOOKING=100
# Browser tests keep many pages open from one address; the security checks try the real limits.
export LIVE_SOCKETS_PER_ADDRESS=500

# The servers that are down now are the ones this run starts, and the only ones it stops: any
# already up serve someone else (a `make up` site, say) and keep running.
started_here=()
port_open "$PG_PORT" || started_here+=(postgres)
port_open "$REDIS_PORT" || started_here+=(redis)
port_open "$AMQP_PORT" || started_here+=(rabbitmq)

cleanup() {
    local status=$?
    "$ROOT/scripts/stack.sh" stop || true
    if [ "${#started_here[@]}" -gt 0 ]; then "$ROOT/scripts/infra.sh" stop "${started_here[@]}" || true; fi
    exit "$status"
}
trap cleanup EXIT

step() { log "[$1] $2"; }

step 1/10 "installing the toolchain (skipped when present)"
"$ROOT/scripts/bootstrap.sh"

step 2/10 "formatting"
cargo fmt --all -- --check

step 3/10 "deployment files: Kubernetes overlays and docker-compose.yml, checked offline"
"$ROOT/scripts/check-deploy.sh"

step 4/10 "lints (server and browser code), monitoring rules and dashboard"
"$ROOT/scripts/check-monitoring.sh"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy -p marquee-frontend --target wasm32-unknown-unknown --locked -- -D warnings

step 5/10 "starting PostgreSQL, Redis and RabbitMQ"
# (With MARQUEE_STACK=test: also the test stack's RabbitMQ vhost.)
"$ROOT/scripts/infra.sh" start
# The test stack's own databases, empty on every run (the dev stack's are never touched); a
# test stack left over from an interrupted run is stopped first, as it would use them.
"$ROOT/scripts/stack.sh" stop
"$ROOT/scripts/databases.sh" --fresh
# Its Redis database too: holds, caches and login throttles of an earlier run would leak in.
if [ -z "$MARQUEE_EXTERNAL_REDIS" ]; then
    redis-cli -p "$REDIS_PORT" -n "$(redis_db)" FLUSHDB >/dev/null
fi
export_stack_env

step 6/10 "unit and integration tests"
# sqlx::test makes a fresh database per test through a role that may create them.
DATABASE_URL="$(admin_database_url)" cargo test --locked --no-fail-fast

step 7/10 "building and starting the stack"
"$ROOT/scripts/stack.sh" build
"$ROOT/scripts/stack.sh" start
"$ROOT/scripts/stack.sh" wait

step 8/10 "browser tests through the gateway"
export BASE_URL="http://$GATEWAY_HOST:$GATEWAY_PORT"
# Where bootstrap.sh found Chromium when it is not Debian's /usr/bin/chromium (Ubuntu).
if [ -z "${CHROMIUM_PATH:-}" ] && [ -s "$DATA_DIR/chromium-path" ]; then
    CHROMIUM_PATH="$(cat "$DATA_DIR/chromium-path")"
    export CHROMIUM_PATH
fi
(cd "$ROOT" && npx playwright test --config end2end/playwright.config.ts)

step 9/10 "security checks against the running stack"
"$ROOT/scripts/security.sh"

step 10/10 "fuzzing every service from its OpenAPI document"
"$ROOT/scripts/fuzz-api.sh"
log "all tests passed"
