#!/usr/bin/env bash
# Builds and runs Marquee's own processes: the five services, the BFF and the nginx gateway.
# Usage: scripts/stack.sh build|start|stop|stop-all|wait|logs
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
NGINX_DIR="$STACK_DIR/nginx"
# The servers' logs (infra.sh), before this stack's own directories take the names.
INFRA_LOG_DIR="$LOG_DIR"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"

build() {
    local release_flags=()
    if [ "$BUILD" = release ]; then
        # The size-tuned bundle (profile wasm-release and scripts/wasm-release-env.sh, wasm-opt
        # from node_modules), its files named by their content's hash, and gzip and brotli
        # copies made once here, served as such by the BFF's /pkg rather than compressed again
        # on every download.
        release_flags=(--release --precompress)
        export LEPTOS_HASH_FILES=true
    else
        export LEPTOS_HASH_FILES=false
    fi
    export LEPTOS_SITE_ROOT="$SITE_ROOT"
    log "building the browser bundle and styles ($BUILD)"
    # --split: each group of pages is a set of chunks of its own (app/src/routes.rs); the lazy
    # routes need it in every build, debug included.
    (
        cd "$ROOT"
        # (In this subshell only: the servers below are built as usual.)
        if [ "$BUILD" = release ]; then . scripts/wasm-release-env.sh; fi
        cargo leptos build --frontend-only --split "${release_flags[@]}"
    )
    if [ "$BUILD" = release ]; then
        log "making the bundle's gzip copies smaller (zopfli)"
        "$ROOT/scripts/regzip.sh" "$SITE_ROOT/pkg"
    else
        log "compressing the browser bundle"
        find "$SITE_ROOT/pkg" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) \
            -exec gzip --keep --force -9 {} \;
    fi
    # One cargo invocation for every server binary: one feature resolution, so dependencies
    # are compiled once (and, in debug, shared with `cargo test`).
    log "building the BFF and the services ($BUILD)"
    local profile=()
    [ "$BUILD" = release ] && profile=(--release)
    (cd "$ROOT" && cargo build "${profile[@]}" --bins -p marquee-server \
        -p auth-service -p movie-service -p booking-service -p payment-service -p notification-service)
}

# start_process NAME COMMAND...: runs COMMAND in the background under a supervisor that
# restarts it when it dies (scripts/supervise.sh), logging to logs/NAME.log.
start_process() {
    local name="$1"
    shift
    if pid_alive "$RUN_DIR/$name.pid"; then log "$name already running"; return; fi
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    setsid "$ROOT/scripts/supervise.sh" "$name" "$RUN_DIR" "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/$name.pid"
}

# stop_process NAME: stops the supervisor and its process politely, then the whole group firmly.
stop_process() {
    local name="$1" file="$RUN_DIR/$1.pid" pid
    pid_alive "$file" || { rm -f "$file" "$RUN_DIR/$name.process.pid"; return 0; }
    pid="$(cat "$file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$file" "$RUN_DIR/$name.process.pid"
    log "stopped $name"
}

# What runs, since when, and how often it was restarted.
status() {
    local name pid restarts
    for name in "${SERVICES[@]}" bff; do
        if pid_alive "$RUN_DIR/$name.process.pid"; then
            pid="$(cat "$RUN_DIR/$name.process.pid")"
            restarts="$(cat "$RUN_DIR/$name.restarts" 2>/dev/null || echo 0)"
            printf '%-13s up (pid %s, since %s), restarted %s time(s)\n' "$name" "$pid" \
                "$(ps -o lstart= -p "$pid" | xargs)" "$restarts"
        elif pid_alive "$RUN_DIR/$name.pid"; then
            printf '%-13s restarting (restarted %s time(s))\n' "$name" \
                "$(cat "$RUN_DIR/$name.restarts" 2>/dev/null || echo 0)"
        else
            printf '%-13s down\n' "$name"
        fi
    done
    if pid_alive "$NGINX_DIR/nginx.pid"; then echo "gateway       up on $GATEWAY_HOST:$GATEWAY_PORT"; else echo "gateway       down"; fi
}

render_gateway_config() {
    mkdir -p "$NGINX_DIR/tmp"
    local user_directive=""
    # nginx's workers drop to `nobody` when started as root; they must reach their temp files.
    if [ "$(id -u)" -eq 0 ] && ! runuser -u nobody -- test -x "$NGINX_DIR" 2>/dev/null; then
        user_directive="user root;"
    fi
    local template
    template="$(cat "$ROOT/gateway/nginx.conf")"
    local AUTH_UPSTREAM="127.0.0.1:$AUTH_PORT" MOVIE_UPSTREAM="127.0.0.1:$MOVIE_PORT" \
        BOOKING_UPSTREAM="127.0.0.1:$BOOKING_PORT" PAYMENT_UPSTREAM="127.0.0.1:$PAYMENT_PORT" \
        NOTIFICATION_UPSTREAM="127.0.0.1:$NOTIFICATION_PORT" BFF_UPSTREAM="127.0.0.1:$BFF_PORT"
    local name
    for name in NGINX_DIR GATEWAY_HOST GATEWAY_PORT GATEWAY_MAX_BODY AUTH_UPSTREAM MOVIE_UPSTREAM \
        BOOKING_UPSTREAM PAYMENT_UPSTREAM NOTIFICATION_UPSTREAM BFF_UPSTREAM RATE_LIMIT_GENERAL \
        RATE_BURST_GENERAL RATE_LIMIT_BOOKING RATE_BURST_BOOKING RATE_LIMIT_WEB RATE_BURST_WEB \
        RATE_LIMIT_SIGN_IN RATE_BURST_SIGN_IN LIVE_SOCKETS_PER_ADDRESS REAL_IP_FROM; do
        template="${template//\$\{$name\}/${!name}}"
    done
    template="${template//\$\{NGINX_USER\}/$user_directive}"
    printf '%s\n' "$template" >"$NGINX_DIR/nginx.conf"
}

nginx_cmd() { nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" "$@"; }

start() {
    export_stack_env
    [ -x "$BIN_DIR/movie-service" ] && [ -x "$BIN_DIR/marquee-server" ] ||
        die "not built yet: run 'make up' (or scripts/stack.sh build)"
    mkdir -p "$LOG_DIR" "$RUN_DIR"
    log "applying migrations and loading demo data"
    local service
    for service in "${SERVICES[@]}"; do
        "$BIN_DIR/$service-service" seed >>"$LOG_DIR/$service.log" 2>&1 ||
            die "preparing the $service database failed; see $LOG_DIR/$service.log"
    done
    # Every process's allocator (mimalloc) commits memory as it is used and gives back what is
    # freed at once: the BFF idles at about 21 MB rather than 30, flat under load
    # (docs/PERFORMANCE.md).
    export MIMALLOC_ARENA_EAGER_COMMIT=0 MIMALLOC_PURGE_DELAY=0
    for service in "${SERVICES[@]}"; do
        start_process "$service" "$BIN_DIR/$service-service" serve
    done
    (cd "$ROOT" && start_process bff "$BIN_DIR/marquee-server")
    render_gateway_config
    nginx_cmd -t -q || die "the rendered gateway configuration is invalid: $NGINX_DIR/nginx.conf"
    if pid_alive "$NGINX_DIR/nginx.pid"; then
        nginx_cmd -s reload
    else
        nginx_cmd
    fi
}

healthy() { curl -fsS -o /dev/null --max-time 3 "$1"; }

wait_healthy() {
    local service upper port_var
    for service in "${SERVICES[@]}"; do
        upper="$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]')"
        port_var="${upper}_PORT"
        wait_for "$service-service" 60 healthy "http://127.0.0.1:${!port_var}/health" ||
            die "$service-service is not healthy: $(curl -sS "http://127.0.0.1:${!port_var}/health" 2>&1); see $LOG_DIR/$service.log"
    done
    wait_for "BFF" 60 healthy "http://127.0.0.1:$BFF_PORT/health" ||
        die "the BFF is not healthy; see $LOG_DIR/bff.log"
    wait_for "gateway" 30 healthy "http://$GATEWAY_HOST:$GATEWAY_PORT/gateway/health" ||
        die "the gateway is not answering; see $NGINX_DIR/error.log"
    log "all health checks are green"
}

stop_gateway() {
    if pid_alive "$NGINX_DIR/nginx.pid"; then
        nginx_cmd -s quit 2>/dev/null || true
        for _ in $(seq 1 25); do pid_alive "$NGINX_DIR/nginx.pid" || break; sleep 0.2; done
        log "stopped the gateway ${NGINX_DIR##*/}"
    fi
}

# A second gateway in front of this stack, on GATEWAY_PORT, with the RATE_* limits of the
# caller's environment: the security checks try the production limits on it while the browser
# tests' gateway has raised ones.
second_gateway() {
    local name="$1"
    [[ "$name" =~ ^[a-z0-9-]+$ ]] || die "a gateway's name is plain lowercase: $name"
    NGINX_DIR="$STACK_DIR/nginx-$name"
    case "$2" in
        start) export_stack_env; render_gateway_config; nginx_cmd -t -q && nginx_cmd ;;
        stop) stop_gateway ;;
        *) die "usage: $0 gateway NAME start|stop" ;;
    esac
}

stop() {
    stop_gateway
    local extra
    for extra in "$STACK_DIR"/nginx-*/; do
        [ -d "$extra" ] || continue
        (NGINX_DIR="${extra%/}" && stop_gateway)
    done
    stop_process bff
    local service
    for service in "${SERVICES[@]}"; do
        stop_process "$service"
    done
}

# Every stack that has run (make clean uses it: a `make test` stack may be left over).
stop_all() {
    local dir
    for dir in "$DATA_DIR"/stack-*/; do
        [ -d "$dir" ] || continue
        dir="${dir%/}"
        MARQUEE_STACK="${dir##*/stack-}" "$ROOT/scripts/stack.sh" stop
    done
}

# The stack's processes, its gateway's access and error logs, and the servers' logs
# (PostgreSQL's sits behind the postgres-home link when infra.sh moved it out, as root).
logs() {
    mkdir -p "$LOG_DIR"
    local files=() file
    shopt -s nullglob
    for file in "$LOG_DIR"/*.log "$NGINX_DIR"/access.log "$NGINX_DIR"/error.log \
        "$INFRA_LOG_DIR"/*.log "$INFRA_LOG_DIR"/rabbitmq/*.log "$DATA_DIR"/postgres-home/postgres.log; do
        [ -f "$file" ] && files+=("$file")
    done
    shopt -u nullglob
    [ "${#files[@]}" -gt 0 ] || die "no logs yet in $DATA_DIR: start Marquee with 'make up'"
    exec tail -n 40 -F "${files[@]}"
}

case "${1:-}" in
    build) build ;;
    start) start ;;
    wait) export_stack_env; wait_healthy ;;
    stop) stop ;;
    stop-all) stop_all ;;
    status) status ;;
    logs) logs ;;
    create-admin)
        export_stack_env
        [ -n "${2:-}" ] && [ -n "${3:-}" ] || die "usage: make create-admin EMAIL=... USERNAME=..."
        # Typed at a terminal without echo; piped in, the binary reads it from stdin itself.
        if [ -z "${AUTH_ADMIN_PASSWORD:-}" ] && [ -t 0 ]; then
            read -rsp "Password for $3 (at least 8 characters): " AUTH_ADMIN_PASSWORD
            echo >&2
            export AUTH_ADMIN_PASSWORD
        fi
        exec "$BIN_DIR/auth-service" create-admin --email "$2" --username "$3" ;;
    render-gateway) render_gateway_config; echo "$NGINX_DIR/nginx.conf" ;;
    gateway) second_gateway "${2:-}" "${3:-}" ;;
    *) die "usage: $0 build|start|stop|stop-all|wait|status|logs" ;;
esac
