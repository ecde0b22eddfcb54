#!/usr/bin/env bash
# Checks the monitoring files in deploy/monitoring/ (make test runs it; it needs no running
# stack): the scrape config as `make monitor` renders it and as Compose mounts it, the alert
# rules and their unit tests (alerts.test.yml), and the Grafana dashboard: JSON Grafana can
# load, every query valid PromQL, and every metric and label one the services serve (see
# scripts/check_monitoring.py). Installs Debian's prometheus package for promtool if missing.
# MONITORING_DIR checks another copy of deploy/monitoring/. Exits non-zero on any failure.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export MONITORING_DIR="${MONITORING_DIR:-$ROOT/deploy/monitoring}"
"$ROOT/scripts/monitor.sh" install

# An interpreter with PyYAML: the one on PATH, else Debian's (with python3-yaml installed).
python=""
for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import yaml' 2>/dev/null; then python="$candidate"; break; fi
done
if [ -z "$python" ]; then
    log "installing python3-yaml"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
    python=/usr/bin/python3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
check() {
    local what="$1"
    shift
    if "$@" >"$work/output" 2>&1; then
        # (with what the tool said last: "SUCCESS: 6 rules found" and the like)
        local said
        said="$(sed -n 's/^[[:space:]]*\(..*\)/\1/p' "$work/output" | tail -n 1)"
        log "monitoring: $what${said:+: $said}"
    else
        warn "monitoring: $what FAILED"
        sed 's/^/    /' "$work/output" >&2
        failed=1
    fi
}

check "make monitor's scrape config renders" "$ROOT/scripts/monitor.sh" render "$work/prometheus.yml"
if [ -f "$work/prometheus.yml" ]; then
    check "make monitor's scrape config is valid (promtool check config)" promtool check config "$work/prometheus.yml"
fi
check "Compose's scrape config is valid (promtool check config)" promtool check config "$MONITORING_DIR/prometheus.yml"
check "alert rules are valid (promtool check rules)" promtool check rules "$MONITORING_DIR/alerts.yml"
check "alert rules pass their tests (promtool test rules)" promtool test rules "$MONITORING_DIR/alerts.test.yml"
check "dashboard and alerts use valid PromQL and only Marquee's metrics" \
    "$python" "$ROOT/scripts/check_monitoring.py" "$MONITORING_DIR" "$ROOT/docker-compose.yml" "$work"
[ "$failed" -eq 0 ] || die "the monitoring checks failed (above)"
log "monitoring checks passed"
