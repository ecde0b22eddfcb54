#!/usr/bin/env bash
# `make bench`: load figures for a running stack (start it with `make up` first). Not part of
# `make test`: numbers on a shared two-core machine are for comparison between runs, not pass/fail.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

command -v wrk >/dev/null || { log "installing wrk"; as_root apt-get install -y -qq wrk >/dev/null; }
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"

bench() {
    local name="$1" url="$2"
    curl -fsS -o /dev/null "$url" || die "$url does not answer: is the stack up (make up)?"
    log "$name: $url ($CONNECTIONS connections, $DURATION)"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" | sed -n '/Latency Distribution/,/Transfer/p'
}

bench "movie service, catalog list" "http://127.0.0.1:$MOVIE_PORT/movies"
bench "movie service, liveness (plumbing only)" "http://127.0.0.1:$MOVIE_PORT/health/live"
bench "BFF, server-rendered home page" "http://127.0.0.1:$BFF_PORT/"
