#!/usr/bin/env bash
# `make bench`: load figures for a running stack (start it with `make up` first), measured by
# the Rust load generator in bench/ (marquee-bench). Not part of `make test`: numbers on a shared
# machine are for comparison between runs, not pass/fail; but the invariants checked after the
# load (no double booking, no lost event) are, and a violation fails the run.
# Usage: scripts/bench.sh [scenario ...]   (browse seat_map contention journey bookings ws_fanout chaos)
#        BENCH_SCALE=quick scripts/bench.sh   (the whole run in under five minutes, once built)
# See docs/PERFORMANCE.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export PATH="$HOME/.cargo/bin:$PATH"
export BENCH_SCALE="${BENCH_SCALE:-full}"

# The stack must be up: the bench measures it, it does not start it.
for port in "$AUTH_PORT" "$MOVIE_PORT" "$BOOKING_PORT" "$PAYMENT_PORT" "$NOTIFICATION_PORT" "$BFF_PORT"; do
    curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$port/health/live" ||
        die "nothing answers on port $port: start the stack with make up"
done

# The baselines' tools: pgbench comes with PostgreSQL's client, redis-benchmark with Redis's.
command -v pgbench >/dev/null || {
    log "installing pgbench (postgresql-client)"
    as_root apt-get install -y -qq postgresql-client >/dev/null
}
command -v redis-benchmark >/dev/null || {
    log "installing redis-benchmark (redis-tools)"
    as_root apt-get install -y -qq redis-tools >/dev/null
}

# A scratch database for pgbench, beside the stack's (marquee_pgbench for the dev stack), made
# once by the role that may create databases; pgbench's tables are set up in it on first use.
admin="$(admin_database_url)"
pgbench_database="$(service_database pgbench)"
psql "$admin" -v ON_ERROR_STOP=1 -qtA -v database="$pgbench_database" <<'SQL'
SELECT format('CREATE DATABASE %I', :'database')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
SQL
admin_base="${admin%%\?*}"
admin_query="${admin#"$admin_base"}"
export PGBENCH_DATABASE_URL="${admin_base%/*}/$pgbench_database$admin_query"

# The services' own database URLs (read-only use: the invariants), REDIS_URL, and the rest of
# the stack's environment, as the stack itself gets it.
export_stack_env
export AUTH_URL="http://127.0.0.1:$AUTH_PORT"
export MOVIE_URL="http://127.0.0.1:$MOVIE_PORT"
export BOOKING_URL="http://127.0.0.1:$BOOKING_PORT"
export PAYMENT_URL="http://127.0.0.1:$PAYMENT_PORT"
export NOTIFICATION_URL="http://127.0.0.1:$NOTIFICATION_PORT"
export BFF_URL="http://127.0.0.1:$BFF_PORT"
export BENCH_OUT_DIR="${BENCH_OUT_DIR:-$DATA_DIR/bench}"

# The chaos scenario's breaks. The booking service's supervisor (scripts/supervise.sh) starts it
# again after the kill; the pid is read when the break happens. Redis runs without persistence,
# so a restart loses every key anyway; FLUSHALL says so plainly. Both restarts act on the
# project's own servers (the whole server: a test stack running beside it is disrupted too), and
# are left out when existing servers were named (REDIS_URL / AMQP_URL).
infra="$(printf '%q' "$ROOT/scripts/infra.sh")"
export CHAOS_KILL_BOOKING="kill -9 \"\$(cat $(printf '%q' "$STACK_DIR/run/booking.process.pid"))\""
if [ -z "$MARQUEE_EXTERNAL_REDIS" ]; then
    export CHAOS_RESTART_REDIS="redis-cli -p $REDIS_PORT FLUSHALL >/dev/null; $infra stop redis && $infra start redis"
else
    unset CHAOS_RESTART_REDIS
fi
if [ -z "$MARQUEE_EXTERNAL_AMQP" ]; then
    export CHAOS_RESTART_RABBITMQ="$infra stop rabbitmq && $infra start rabbitmq"
else
    unset CHAOS_RESTART_RABBITMQ
fi

# A thousand live sockets (ws_fanout) need as many file descriptors, and a few more.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

log "building marquee-bench (release)"
(cd "$ROOT" && cargo build --release -q -p marquee-bench)

log "benchmarking the $STACK stack ($BENCH_SCALE scale); results in $BENCH_OUT_DIR"
exec "$CARGO_TARGET_DIR/release/marquee-bench" "$@"
