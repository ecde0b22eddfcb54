#!/usr/bin/env bash
# Starts or stops the project's own PostgreSQL, Redis and RabbitMQ in the data directory, on
# their own ports. A server named by DATABASE_URL / REDIS_URL / AMQP_URL is used instead.
# Usage: scripts/infra.sh start|stop [postgres|redis|rabbitmq]...   (all three when none named)
#        scripts/infra.sh status
#        scripts/infra.sh clean   (stops the servers and deletes the data directory)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PG_DIR="$DATA_DIR/postgres"
PG_SOCKET_DIR="$DATA_DIR/postgres-socket"
PG_LOG="$LOG_DIR/postgres.log"
# As root, PostgreSQL runs as the `postgres` user, who may not be able to reach a checkout under
# a private home directory; its files then live in a directory of its own, named after the checkout.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null; then
    mkdir -p "$DATA_DIR"
    runuser -u postgres -- test -x "$DATA_DIR" 2>/dev/null || {
        PG_HOME="/var/tmp/marquee-postgres-$(printf '%s' "$DATA_DIR" | md5sum | cut -c1-12)"
        PG_DIR="$PG_HOME/data"
        PG_SOCKET_DIR="$PG_HOME/socket"
        PG_LOG="$PG_HOME/postgres.log"
        mkdir -p "$PG_HOME" && chown postgres:postgres "$PG_HOME"
        ln -sfn "$PG_HOME" "$DATA_DIR/postgres-home"
    }
fi
REDIS_DIR="$DATA_DIR/redis"
RABBIT_DIR="$DATA_DIR/rabbitmq"

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$dir" ] || die "PostgreSQL is not installed (run scripts/bootstrap.sh)"
    printf '%s/%s' "$dir" "$1"
}

# PostgreSQL refuses to run as root; it runs as the `postgres` system user then.
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
    if [ -n "$MARQUEE_EXTERNAL_PG" ]; then log "PostgreSQL: using DATABASE_URL"; return; fi
    mkdir -p "$PG_DIR" "$PG_SOCKET_DIR" "$LOG_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$PG_DIR" "$PG_SOCKET_DIR"
        touch "$PG_LOG" && chown postgres:postgres "$PG_LOG"
    fi
    chmod 700 "$PG_DIR"
    if [ ! -f "$PG_DIR/PG_VERSION" ]; then
        log "initialising PostgreSQL in $PG_DIR"
        local pwfile="$PG_SOCKET_DIR/.pw"
        secret postgres-admin >"$pwfile"
        [ "$(id -u)" -ne 0 ] || chown postgres "$pwfile"
        as_pg_owner "$(pg_bin initdb)" -D "$PG_DIR" -U postgres --pwfile="$pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$pwfile"
    fi
    if as_pg_owner "$(pg_bin pg_ctl)" -D "$PG_DIR" status >/dev/null 2>&1; then
        log "PostgreSQL already running on port $PG_PORT"
        return
    fi
    log "starting PostgreSQL on port $PG_PORT"
    as_pg_owner "$(pg_bin pg_ctl)" -D "$PG_DIR" -l "$PG_LOG" -w -t 60 \
        -o "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off" \
        start >/dev/null
}

stop_postgres() {
    [ -z "$MARQUEE_EXTERNAL_PG" ] || return 0
    [ -f "$PG_DIR/PG_VERSION" ] || return 0
    if as_pg_owner "$(pg_bin pg_ctl)" -D "$PG_DIR" status >/dev/null 2>&1; then
        as_pg_owner "$(pg_bin pg_ctl)" -D "$PG_DIR" -m fast -w stop >/dev/null
        log "stopped PostgreSQL"
    fi
}

start_redis() {
    if [ -n "$MARQUEE_EXTERNAL_REDIS" ]; then log "Redis: using REDIS_URL"; return; fi
    mkdir -p "$REDIS_DIR" "$RUN_DIR" "$LOG_DIR"
    if pid_alive "$RUN_DIR/redis.pid"; then log "Redis already running on port $REDIS_PORT"; return; fi
    log "starting Redis on port $REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --daemonize yes \
        --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --save "" --appendonly no
    wait_for "Redis" 20 redis-cli -p "$REDIS_PORT" ping
}

stop_redis() {
    [ -z "$MARQUEE_EXTERNAL_REDIS" ] || return 0
    stop_pidfile "$RUN_DIR/redis.pid" Redis
}

rabbit_env() {
    export HOME="$RABBIT_DIR" \
        RABBITMQ_NODENAME="marquee@localhost" \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_NODE_PORT="$AMQP_PORT" \
        RABBITMQ_DIST_PORT="$AMQP_DIST_PORT" \
        RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" \
        RABBITMQ_LOG_BASE="$LOG_DIR/rabbitmq" \
        RABBITMQ_PID_FILE="$RUN_DIR/rabbitmq.pid" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq"
}

start_rabbitmq() {
    if [ -n "$MARQUEE_EXTERNAL_AMQP" ]; then log "RabbitMQ: using AMQP_URL"; return; fi
    mkdir -p "$RABBIT_DIR/mnesia" "$RUN_DIR" "$LOG_DIR/rabbitmq"
    if pid_alive "$RUN_DIR/rabbitmq.pid"; then log "RabbitMQ already running on port $AMQP_PORT"; return; fi
    [ -f "$RABBIT_DIR/enabled_plugins" ] || echo '[].' >"$RABBIT_DIR/enabled_plugins"
    [ -f "$RABBIT_DIR/rabbitmq.conf" ] || printf 'log.console = false\nlog.file.level = warning\n' >"$RABBIT_DIR/rabbitmq.conf"
    log "starting RabbitMQ on port $AMQP_PORT"
    (rabbit_env && /usr/lib/rabbitmq/bin/rabbitmq-server -detached >>"$LOG_DIR/rabbitmq/start.log" 2>&1)
    wait_for "RabbitMQ" 90 port_open "$AMQP_PORT"
}

# A stack other than `dev` has a vhost of its own (amqp_vhost in lib.sh); guest (tests, tools)
# gets full rights there. Each service that uses the broker has a user of its own
# (amqp_service_user in lib.sh) that may touch only the event exchanges and its own queues
# (named `<service>.…`), and publish only its own events (topic permissions on the exchange:
# only payment may publish `payment.*`). Checked on every start, as the broker may have been
# started by another stack.
ensure_rabbitmq_vhost() {
    [ -z "$MARQUEE_EXTERNAL_AMQP" ] || return 0
    local vhost ctl=(/usr/lib/rabbitmq/bin/rabbitmqctl -n marquee@localhost -q)
    vhost="$(amqp_vhost)"
    (
        rabbit_env
        # The node accepts connections a moment before it accepts commands.
        wait_for "RabbitMQ" 60 "${ctl[@]}" await_startup
        if [ "$vhost" != / ]; then
            # (grep reads to the end: an early exit would fail rabbitmqctl's write under pipefail.)
            if ! "${ctl[@]}" list_vhosts name | grep -xF -- "$vhost" >/dev/null; then
                log "creating the RabbitMQ vhost $vhost"
                "${ctl[@]}" add_vhost "$vhost" >/dev/null
            fi
            "${ctl[@]}" set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
        fi
        local service user own events
        for service in "${AMQP_SERVICES[@]}"; do
            user="$(amqp_service_user "$service")"
            # (no `grep -q`: its early exit would fail rabbitmqctl's write under pipefail.)
            if "${ctl[@]}" list_users | grep "^$user[[:space:]]" >/dev/null; then
                "${ctl[@]}" change_password "$user" "$(secret "amqp-$service")" >/dev/null
            else
                "${ctl[@]}" add_user "$user" "$(secret "amqp-$service")" >/dev/null
            fi
            own="^(booking_events|booking_events\\.dead|$service\\..*)\$"
            "${ctl[@]}" set_permissions -p "$vhost" "$user" "$own" "$own" "$own" >/dev/null
            events="$(amqp_events_of "$service")"
            "${ctl[@]}" set_topic_permissions -p "$vhost" "$user" booking_events "$events" '.*' >/dev/null
        done
    )
}

stop_rabbitmq() {
    [ -z "$MARQUEE_EXTERNAL_AMQP" ] || return 0
    if pid_alive "$RUN_DIR/rabbitmq.pid"; then
        (rabbit_env && /usr/lib/rabbitmq/bin/rabbitmqctl -n marquee@localhost stop >/dev/null 2>&1) || true
        stop_pidfile "$RUN_DIR/rabbitmq.pid" RabbitMQ
    fi
    # epmd outlives the node; stop it too when no other Erlang node uses it.
    if command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then
        epmd -kill >/dev/null 2>&1 || true
    fi
}

status() {
    local name port
    for pair in "PostgreSQL:$PG_PORT" "Redis:$REDIS_PORT" "RabbitMQ:$AMQP_PORT"; do
        name="${pair%%:*}"
        port="${pair##*:}"
        if port_open "$port"; then echo "$name: up on $port"; else echo "$name: down"; fi
    done
}

# Stops everything and deletes the data directory, and PostgreSQL's own directory when it lives
# outside it (see the top): left behind, it would keep the old admin password, which no longer
# matches the one the next `make up` generates.
clean() {
    stop_rabbitmq
    stop_redis
    stop_postgres
    local pg_home=""
    [ ! -L "$DATA_DIR/postgres-home" ] || pg_home="$(readlink "$DATA_DIR/postgres-home")"
    [ -n "$pg_home" ] || pg_home="${PG_HOME:-}"
    case "$pg_home" in
        /var/tmp/marquee-postgres-*) rm -rf "$pg_home" && log "deleted $pg_home" ;;
        "") ;;
        *) warn "not deleting $pg_home (not a directory infra.sh made)" ;;
    esac
    case "$DATA_DIR" in
        "" | / | "$ROOT") die "refusing to delete MARQUEE_DATA_DIR=$DATA_DIR" ;;
    esac
    rm -rf "$DATA_DIR"
    log "deleted $DATA_DIR"
}

# The servers to act on: those named after the command, else all three.
command="${1:-}"
[ "$#" -eq 0 ] || shift
servers=("$@")
[ "${#servers[@]}" -gt 0 ] || servers=(postgres redis rabbitmq)
for server in "${servers[@]}"; do
    case "$server" in postgres | redis | rabbitmq) ;; *) die "unknown server $server: postgres, redis or rabbitmq" ;; esac
done
wants() { [[ " ${servers[*]} " == *" $1 "* ]]; }

case "$command" in
    start)
        if wants postgres; then start_postgres; fi
        if wants redis; then start_redis; fi
        if wants rabbitmq; then start_rabbitmq; ensure_rabbitmq_vhost; fi
        ;;
    stop)
        if wants rabbitmq; then stop_rabbitmq; fi
        if wants redis; then stop_redis; fi
        if wants postgres; then stop_postgres; fi
        ;;
    status) status ;;
    clean) clean ;;
    *) die "usage: $0 start|stop [postgres|redis|rabbitmq]... | status | clean" ;;
esac
