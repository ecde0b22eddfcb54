#!/usr/bin/env bash
# supervise.sh NAME RUN_DIR COMMAND...: runs COMMAND, and runs it again whenever it exits,
# until this supervisor is told to stop (TERM). A process that keeps dying is restarted after
# a wait that doubles each time (1 s up to 30 s); one that ran a minute starts the count again.
# RUN_DIR/NAME.process.pid holds the current process, RUN_DIR/NAME.restarts how many restarts.
# stack.sh starts one supervisor per process of `make up` (and of the test stack).
set -uo pipefail
name="$1" run_dir="$2"
shift 2

stopping=0 child=""
on_term() {
    stopping=1
    [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap on_term TERM INT

restarts=0 delay=1
echo 0 >"$run_dir/$name.restarts"
while true; do
    started=$SECONDS
    "$@" &
    child=$!
    echo "$child" >"$run_dir/$name.process.pid"
    # `wait` returns early when a signal arrives; wait again until the process has ended.
    wait "$child"
    status=$?
    while kill -0 "$child" 2>/dev/null; do
        wait "$child"
        status=$?
    done
    rm -f "$run_dir/$name.process.pid"
    [ "$stopping" = 1 ] && exit 0
    if [ $((SECONDS - started)) -ge 60 ]; then delay=1; fi
    restarts=$((restarts + 1))
    echo "$restarts" >"$run_dir/$name.restarts"
    printf '%s supervise: %s exited (status %s); restart %s in %s s\n' \
        "$(date -u +%FT%TZ)" "$name" "$status" "$restarts" "$delay"
    sleep "$delay" &
    child=$!
    wait "$child"
    [ "$stopping" = 1 ] && exit 0
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
done
