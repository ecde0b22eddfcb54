# Shared settings and helpers for Marquee's scripts. Source it; do not run it.
# Every setting can be overridden from the environment (or a `.env` file at the top level).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -f "$ROOT/.env" ]; then
    set -a
    # shellcheck disable=SC1091
    . "$ROOT/.env"
    set +a
fi

# Whether the caller named existing servers is decided once, by the first script, before any
# script exports the URLs of the project's own servers for Marquee's processes.
if [ -z "${MARQUEE_INFRA_DECIDED:-}" ]; then
    export MARQUEE_INFRA_DECIDED=1
    export MARQUEE_EXTERNAL_PG="${DATABASE_URL:+1}"
    export MARQUEE_EXTERNAL_REDIS="${REDIS_URL:+1}"
    export MARQUEE_EXTERNAL_AMQP="${AMQP_URL:+1}"
fi

DATA_DIR="${MARQUEE_DATA_DIR:-$ROOT/.data}"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
# Marquee's own processes run as a named stack (`dev` for make up, `test` for make test), each
# with its own pid files, logs, gateway directory, databases, Redis database and RabbitMQ vhost
# (see service_database_url, redis_url, amqp_url), so tests never disturb a running site.
STACK="${MARQUEE_STACK:-dev}"
STACK_DIR="$DATA_DIR/stack-$STACK"
SECRETS_DIR="$DATA_DIR/secrets"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
# `release` (make up: optimised binaries and the size-tuned browser bundle) or `debug` (make dev
# and make test: quick to rebuild; the tests share its artifacts).
BUILD="${MARQUEE_BUILD:-release}"
case "$BUILD" in release | debug) ;; *) echo "MARQUEE_BUILD is release or debug, not $BUILD" >&2; exit 1 ;; esac
BIN_DIR="$CARGO_TARGET_DIR/$BUILD"
# Each build's own browser bundle, so a test run's debug bundle never replaces a running site's.
SITE_ROOT="$CARGO_TARGET_DIR/site"
[ "$BUILD" = debug ] || SITE_ROOT="$CARGO_TARGET_DIR/site-$BUILD"

# Infrastructure the project starts for itself, on ports that do not clash with system services.
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
AMQP_PORT="${AMQP_PORT:-55672}"
AMQP_DIST_PORT="${AMQP_DIST_PORT:-55673}"

# Marquee's own processes.
GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
BFF_PORT="${BFF_PORT:-3000}"
AUTH_PORT="${AUTH_PORT:-8001}"
MOVIE_PORT="${MOVIE_PORT:-8002}"
BOOKING_PORT="${BOOKING_PORT:-8003}"
PAYMENT_PORT="${PAYMENT_PORT:-8004}"
NOTIFICATION_PORT="${NOTIFICATION_PORT:-8005}"
SERVICES=(auth movie booking payment notification)

RATE_LIMIT_GENERAL="${RATE_LIMIT_GENERAL:-60r/m}"
RATE_BURST_GENERAL="${RATE_BURST_GENERAL:-20}"
RATE_LIMIT_BOOKING="${RATE_LIMIT_BOOKING:-10r/m}"
RATE_BURST_BOOKING="${RATE_BURST_BOOKING:-5}"
RATE_LIMIT_WEB="${RATE_LIMIT_WEB:-120r/m}"
RATE_BURST_WEB="${RATE_BURST_WEB:-60}"
RATE_LIMIT_SIGN_IN="${RATE_LIMIT_SIGN_IN:-10r/m}"
RATE_BURST_SIGN_IN="${RATE_BURST_SIGN_IN:-10}"
LIVE_SOCKETS_PER_ADDRESS="${LIVE_SOCKETS_PER_ADDRESS:-20}"
GATEWAY_MAX_BODY="${GATEWAY_MAX_BODY:-1m}"
# Whose X-Forwarded-For the gateway believes (a load balancer's range); nobody's by default.
REAL_IP_FROM="${REAL_IP_FROM:-192.0.2.1/32}"

log() { printf '\033[1;36m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# The stack's name goes into directory, database and vhost names: keep it to plain characters.
[[ "$STACK" =~ ^[a-z0-9][a-z0-9_-]*$ ]] || die "MARQUEE_STACK=$STACK: use lower-case letters, digits, _ and -"

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: retries COMMAND until it succeeds.
wait_for() {
    local what="$1" seconds="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || { warn "$what did not come up within ${seconds}s"; return 1; }
        sleep 0.3
    done
}

# A secret generated once and kept in the data directory.
secret() {
    local file="$SECRETS_DIR/$1"
    if [ ! -s "$file" ]; then
        mkdir -p "$SECRETS_DIR"
        chmod 700 "$SECRETS_DIR"
        head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file"
        chmod 600 "$file"
    fi
    cat "$file"
}

# The URL of a role that may create databases. A DATABASE_URL from the environment means an
# existing server is used instead of the project's own.
admin_database_url() {
    if [ -n "$MARQUEE_EXTERNAL_PG" ]; then
        printf '%s' "$DATABASE_URL"
    else
        printf 'postgres://postgres:%s@127.0.0.1:%s/postgres' "$(secret postgres-admin)" "$PG_PORT"
    fi
}

# service_database SERVICE: the stack's database of the service. The `dev` stack keeps the
# plain names (so the data of earlier `make up` runs stays); any other stack has databases of
# its own, e.g. marquee_movie_test, owned by the same per-service role.
service_database() {
    if [ "$STACK" = dev ]; then printf 'marquee_%s' "$1"; else printf 'marquee_%s_%s' "$1" "$STACK"; fi
}

# service_database_url SERVICE: the URL the service itself connects with (its own role).
service_database_url() {
    local service="$1" admin rest hostpart
    admin="$(admin_database_url)"
    rest="${admin#*://}"
    hostpart="${rest#*@}"
    hostpart="${hostpart%%/*}"
    printf 'postgres://marquee_%s:%s@%s/%s' "$service" "$(secret "db-$service")" "$hostpart" \
        "$(service_database "$service")"
}

# The stack's Redis database index on the project's own server: 0 for `dev` (as always), 1 for
# `test`, another one (2-15) for any other stack; MARQUEE_REDIS_DB picks one by hand.
redis_db() {
    if [ -n "${MARQUEE_REDIS_DB:-}" ]; then printf '%s' "$MARQUEE_REDIS_DB"; return; fi
    case "$STACK" in
        dev) printf 0 ;;
        test) printf 1 ;;
        *) printf '%s' $(($(printf '%s' "$STACK" | cksum | cut -d' ' -f1) % 14 + 2)) ;;
    esac
}
# Key spaces are per database; pub/sub channels are not, but theirs are named by random ids.
redis_url() {
    if [ -n "$MARQUEE_EXTERNAL_REDIS" ]; then printf '%s' "$REDIS_URL"; else printf 'redis://127.0.0.1:%s/%s' "$REDIS_PORT" "$(redis_db)"; fi
}

# The stack's RabbitMQ vhost on the project's own server (infra.sh start creates it): the
# default `/` for `dev`, `marquee-<stack>` otherwise, so one stack's consumers never take
# another's events.
amqp_vhost() {
    if [ "$STACK" = dev ]; then printf '/'; else printf 'marquee-%s' "$STACK"; fi
}
# url_encode TEXT: TEXT percent-encoded for one segment of a URL's path (`/` becomes %2f).
url_encode() {
    local text="$1" char i
    for ((i = 0; i < ${#text}; i++)); do
        char="${text:i:1}"
        case "$char" in
            [A-Za-z0-9._~-]) printf '%s' "$char" ;;
            *) printf '%%%02x' "'$char" ;;
        esac
    done
}
amqp_url() {
    if [ -n "$MARQUEE_EXTERNAL_AMQP" ]; then printf '%s' "$AMQP_URL"; else printf 'amqp://guest:guest@127.0.0.1:%s/%s' "$AMQP_PORT" "$(url_encode "$(amqp_vhost)")"; fi
}

# The services that use the broker, each as a user of its own (infra.sh creates them).
AMQP_SERVICES=(movie booking payment notification)
amqp_service_user() { printf 'marquee-%s' "$1"; }
# The routing keys (event types) a service may publish, as a regular expression.
amqp_events_of() {
    case "$1" in
        movie) printf '^showtime\\.' ;;
        booking) printf '^booking\\.' ;;
        payment) printf '^payment\\.' ;;
        *) printf '^$' ;;
    esac
}
# amqp_service_url SERVICE: the URL the service connects with (AMQP_URL for an existing broker).
amqp_service_url() {
    if [ -n "$MARQUEE_EXTERNAL_AMQP" ]; then printf '%s' "$AMQP_URL"; return; fi
    printf 'amqp://%s:%s@127.0.0.1:%s/%s' "$(amqp_service_user "$1")" "$(secret "amqp-$1")" \
        "$AMQP_PORT" "$(url_encode "$(amqp_vhost)")"
}

# Environment for Marquee's processes and tests.
export_stack_env() {
    local service upper port_var
    for service in "${SERVICES[@]}"; do
        upper="$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]')"
        port_var="${upper}_PORT"
        export "${port_var}=${!port_var}"
        export "${upper}_DATABASE_URL=$(service_database_url "$service")"
        export "${upper}_SERVICE_URL=http://127.0.0.1:${!port_var}"
    done
    for service in "${AMQP_SERVICES[@]}"; do
        upper="$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]')"
        export "${upper}_AMQP_URL=$(amqp_service_url "$service")"
    done
    REDIS_URL="$(redis_url)"
    AMQP_URL="$(amqp_url)"
    export REDIS_URL AMQP_URL BFF_PORT GATEWAY_PORT
    # Development mail goes to a folder (or to SMTP_URL, a local catcher), never outside.
    export MAIL_DIR="${MAIL_DIR:-$STACK_DIR/mail}"
    export PUBLIC_URL="${PUBLIC_URL:-http://$GATEWAY_HOST:$GATEWAY_PORT}"
    # The demo catalog keeps a week of showtimes ahead while the stack runs for days.
    export DEMO_DATA="${DEMO_DATA:-on}"
    # Browser pages on any other origin may call the API, as the original allowed (a
    # production deployment lists its origins instead; see docs/DEPLOY.md).
    export CORS_ORIGINS="${CORS_ORIGINS:-*}"
    export LEPTOS_SITE_ROOT="$SITE_ROOT"
    export LEPTOS_OUTPUT_NAME=marquee
    # A release bundle's files carry their content's hash in their names (listed in hash.txt
    # beside the BFF's binary), so the gateway lets browsers keep them for a year.
    if [ "$BUILD" = release ]; then export LEPTOS_HASH_FILES=true; else export LEPTOS_HASH_FILES=false; fi
}

# access_token USER PASSWORD: an access token from this stack's auth service (checks and fuzzing).
access_token() {
    curl -s --data-urlencode "username=$1" --data-urlencode "password=$2" \
        "http://127.0.0.1:$AUTH_PORT/token" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# new_customer_token: registers a fresh customer on this stack and prints its access token.
new_customer_token() {
    local user="customer$RANDOM$RANDOM"
    curl -sf -o /dev/null -H 'content-type: application/json' \
        "http://127.0.0.1:$AUTH_PORT/register" \
        -d "{\"email\":\"$user@example.com\",\"username\":\"$user\",\"password\":\"customer-pass-12\"}"
    access_token "$user" customer-pass-12
}

# (The file may vanish between the test and the read while a process exits.)
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

# stop_pidfile FILE NAME: stops the process politely, then firmly.
stop_pidfile() {
    local file="$1" name="$2" pid
    pid_alive "$file" || { rm -f "$file"; return 0; }
    pid="$(cat "$file")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$file"
    log "stopped $name"
}
