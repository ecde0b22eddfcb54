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

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# Holding seats, the booking service's hot path: the showtime's seating from the catalog, which
# of the seats are booked, the Redis hold script and the live-feed announcement. One customer
# holds the same free seat again and again (allowed: it keeps its hold), so every request does
# the whole path and the seat map is left as it was.
bench_holds() {
    local token showtime seat script
    token="$(curl -fsS -d username=customer -d password=marquee-demo \
        "http://127.0.0.1:$AUTH_PORT/token" | json_field '["access_token"]')"
    showtime="$(curl -fsS "http://127.0.0.1:$MOVIE_PORT/showtimes?limit=500" |
        json_field '[-1]["id"]')"
    seat="$(curl -fsS "http://127.0.0.1:$MOVIE_PORT/showtimes/$showtime/seats" | python3 -c \
        'import json,sys; print(next(s["id"] for s in json.load(sys.stdin)["seats"] if s["status"] == "available"))')"
    script="$(mktemp --suffix=.lua)"
    cat >"$script" <<LUA
wrk.method = "POST"
wrk.body = '{"showtime_id": "$showtime", "seat_ids": ["$seat"]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
    for connections in 1 8; do
        log "booking service, POST /holds (one seat, $connections connection(s), $DURATION)"
        wrk -t1 -c"$connections" -d"$DURATION" --latency -s "$script" \
            "http://127.0.0.1:$BOOKING_PORT/holds" | sed -n '/Latency Distribution/,/Requests\/sec/p'
    done
    local hold
    hold="$(curl -fsS -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$BOOKING_PORT/holds?showtime_id=$showtime" | json_field '[0]["id"]')"
    curl -fsS -X DELETE -H "Authorization: Bearer $token" "http://127.0.0.1:$BOOKING_PORT/holds/$hold"
    rm -f "$script"
}

bench "movie service, catalog list" "http://127.0.0.1:$MOVIE_PORT/movies"
bench "movie service, liveness (plumbing only)" "http://127.0.0.1:$MOVIE_PORT/health/live"
bench "BFF, server-rendered home page" "http://127.0.0.1:$BFF_PORT/"
bench_holds
