#!/usr/bin/env bash
# `make monitor`: Prometheus beside `make up`'s stack, scraping the five services and the BFF
# (GET /metrics on their own ports) and evaluating deploy/monitoring/alerts.yml. It runs as a
# plain process of this checkout (not the system's prometheus service), with its data in
# .data/monitoring, listening on 127.0.0.1.
#
# Usage: scripts/monitor.sh [start]   install Prometheus when missing, render its config, start it
#        scripts/monitor.sh stop      stop it
#        scripts/monitor.sh status    is it running, and what each target says
#        scripts/monitor.sh reload    render the config again and make Prometheus re-read it
#                                     and the alert rules (after editing deploy/monitoring/)
#        scripts/monitor.sh render FILE   write the scrape config for the local ports to FILE
#        scripts/monitor.sh install   install Debian's prometheus package (prometheus, promtool)
#
# Settings: PROMETHEUS_PORT (9090; when it is taken and was not set, the next free one up to
# 9099), PROMETHEUS_HOST (127.0.0.1), PROMETHEUS_RETENTION (7d), MONITOR_STACK (`dev`: the
# ports of make up, from scripts/lib.sh and its variables; `test`: make test's 18001-18005 and
# 13000, as scripts/test.sh sets them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MONITORING_DIR="${MONITORING_DIR:-$ROOT/deploy/monitoring}"
MON_DIR="$DATA_DIR/monitoring"
PID_FILE="$MON_DIR/prometheus.pid"
PORT_FILE="$MON_DIR/port"
PROMETHEUS_HOST="${PROMETHEUS_HOST:-127.0.0.1}"
PROMETHEUS_RETENTION="${PROMETHEUS_RETENTION:-7d}"
MONITOR_STACK="${MONITOR_STACK:-dev}"
case "$MONITOR_STACK" in
    dev) ;;
    # The same ports as scripts/test.sh.
    test)
        AUTH_PORT=18001 MOVIE_PORT=18002 BOOKING_PORT=18003 PAYMENT_PORT=18004 NOTIFICATION_PORT=18005
        BFF_PORT="${TEST_BFF_PORT:-13000}"
        ;;
    *) die "MONITOR_STACK is dev (make up's stack) or test (make test's), not $MONITOR_STACK" ;;
esac

# Debian's package, as scripts/bootstrap.sh installs the others: without its recommendations
# (they would add a system-wide node exporter and its helpers), and without starting the
# system's prometheus service (RUNLEVEL=1); this script runs its own.
install_prometheus() {
    if command -v prometheus >/dev/null && command -v promtool >/dev/null; then return 0; fi
    log "installing Prometheus (Debian's prometheus package)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
        apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    command -v prometheus >/dev/null && command -v promtool >/dev/null ||
        die "the prometheus package did not bring prometheus and promtool"
}

# render FILE: deploy/monitoring/prometheus.yml (written for Compose) with each process's
# target on 127.0.0.1 and its local port, and the alert rules by their absolute path.
render() {
    local output="$1" config name target port
    config="$(cat "$MONITORING_DIR/prometheus.yml")"
    local -A compose_targets=(
        [auth]=auth:8000 [movie]=movie:8000 [booking]=booking:8000 [payment]=payment:8000
        [notification]=notification:8000 [bff]=bff:3000
    )
    local -A local_ports=(
        [auth]="$AUTH_PORT" [movie]="$MOVIE_PORT" [booking]="$BOOKING_PORT" [payment]="$PAYMENT_PORT"
        [notification]="$NOTIFICATION_PORT" [bff]="$BFF_PORT"
    )
    for name in "${!compose_targets[@]}"; do
        target="\"${compose_targets[$name]}\""
        port="${local_ports[$name]}"
        [[ "$port" =~ ^[0-9]+$ ]] || die "the $name port is not a number: $port"
        [[ "$config" == *"$target"* ]] || die "$MONITORING_DIR/prometheus.yml has no target $target"
        config="${config//"$target"/"\"127.0.0.1:$port\""}"
    done
    # (The path goes into a double-quoted YAML string.)
    [[ "$MONITORING_DIR" != *[\"\\]* ]] || die "the checkout's path has a \" or a \\: $MONITORING_DIR"
    local rules_entry=$'\n  - alerts.yml\n'
    [[ "$config" == *"$rules_entry"* ]] ||
        die "$MONITORING_DIR/prometheus.yml does not list its rules as '  - alerts.yml'"
    local rules_path_entry=$'\n''  - "'"$MONITORING_DIR/alerts.yml"'"'$'\n'
    config="${config//"$rules_entry"/"$rules_path_entry"}"
    mkdir -p "$(dirname "$output")"
    {
        printf '# Rendered by scripts/monitor.sh from %s for the %s stack.\n' \
            "$MONITORING_DIR/prometheus.yml" "$MONITOR_STACK"
        printf '# Edit that file, then run scripts/monitor.sh reload.\n'
        printf '%s\n' "$config"
    } >"$output"
}

prometheus_port() { cat "$PORT_FILE" 2>/dev/null || printf '%s' "${PROMETHEUS_PORT:-9090}"; }
prometheus_url() { printf 'http://%s:%s' "$PROMETHEUS_HOST" "$(prometheus_port)"; }
ready() { curl -fsS -o /dev/null --max-time 2 "$(prometheus_url)/-/ready"; }
# Where the pages are: Debian's build has only the classic web UI, under /classic/ (the
# official build's newer UI has them at the top: /graph, /alerts).
ui_url() {
    if curl -fsS -o /dev/null --max-time 2 "$(prometheus_url)/classic/graph" 2>/dev/null; then
        printf '%s/classic' "$(prometheus_url)"
    else
        prometheus_url
    fi
}

# The port to listen on: PROMETHEUS_PORT as set, or 9090 and, when that is taken, the next
# free one up to 9099.
choose_port() {
    if [ -n "${PROMETHEUS_PORT:-}" ]; then
        port_open "$PROMETHEUS_PORT" && die "port $PROMETHEUS_PORT is taken: set PROMETHEUS_PORT to a free one"
        printf '%s' "$PROMETHEUS_PORT"
        return
    fi
    local port
    for port in $(seq 9090 9099); do
        port_open "$port" || { printf '%s' "$port"; return; }
    done
    die "ports 9090-9099 are all taken: set PROMETHEUS_PORT to a free one"
}

grafana_note() {
    cat <<MSG
  The dashboard (deploy/monitoring/grafana/dashboards/marquee.json) needs Grafana, which this
  script cannot install: no package of Grafana's server is in Debian's, PyPI's or npm's
  registries. To see it, either
    - in a Grafana you have (10.3 or later): Dashboards → New → Import, upload marquee.json and
      choose a Prometheus data source for $(prometheus_url); or
    - with Docker: docker compose --profile monitoring up  (the whole system in containers, with
      Prometheus on http://127.0.0.1:9090 and Grafana on http://127.0.0.1:3001, the dashboard
      already loaded; see README.md).
MSG
}

print_urls() {
    local url
    url="$(ui_url)"
    cat <<MSG

  Prometheus is watching Marquee's $MONITOR_STACK stack:  $(prometheus_url)

  Targets (is each process scraped):  $url/targets
  Graph (queries, e.g. sum by (service) (rate(http_requests_total[5m]))):  $url/graph
  Alerts (MarqueeServiceDown, MarqueeHighErrorRate, ...):  $url/alerts
  Rules:  $url/rules
  Scrape config: $MON_DIR/prometheus.yml (rendered from deploy/monitoring/prometheus.yml)
  Alert rules:   $MONITORING_DIR/alerts.yml (after a change: scripts/monitor.sh reload)
  Data and log:  $MON_DIR

MSG
    grafana_note
    cat <<MSG

  Status: scripts/monitor.sh status    Stop: scripts/monitor.sh stop

MSG
}

start() {
    install_prometheus
    mkdir -p "$MON_DIR/data"
    if pid_alive "$PID_FILE"; then
        log "Prometheus already running: reloading its configuration"
        reload
        print_urls
        return
    fi
    local port
    port="$(choose_port)"
    [ "$port" = "${PROMETHEUS_PORT:-9090}" ] || warn "port ${PROMETHEUS_PORT:-9090} is taken: Prometheus listens on $port"
    render "$MON_DIR/prometheus.yml"
    # (It checks the alert rules it names too.)
    promtool check config "$MON_DIR/prometheus.yml" >/dev/null ||
        die "the configuration or the alert rules are invalid: promtool check config $MON_DIR/prometheus.yml"
    local service upper port_var up=0
    for service in "${SERVICES[@]}" bff; do
        upper="$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]')"
        port_var="${upper}_PORT"
        if port_open "${!port_var}"; then up=$((up + 1)); fi
    done
    if [ "$up" -eq 0 ]; then
        warn "nothing answers on the $MONITOR_STACK stack's ports: its targets show as down (and MarqueeServiceDown fires) until it runs (make up)"
    fi
    log "starting Prometheus on $PROMETHEUS_HOST:$port"
    printf '%s' "$port" >"$PORT_FILE"
    setsid prometheus \
        --config.file="$MON_DIR/prometheus.yml" \
        --storage.tsdb.path="$MON_DIR/data" \
        --storage.tsdb.retention.time="$PROMETHEUS_RETENTION" \
        --web.listen-address="$PROMETHEUS_HOST:$port" \
        --web.enable-lifecycle \
        --web.page-title="Marquee · Prometheus" \
        >>"$MON_DIR/prometheus.log" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    if ! wait_for "Prometheus" 60 ready; then
        tail -n 20 "$MON_DIR/prometheus.log" >&2 || true
        stop
        die "Prometheus did not start; its log: $MON_DIR/prometheus.log"
    fi
    print_urls
}

reload() {
    pid_alive "$PID_FILE" || die "Prometheus is not running: scripts/monitor.sh start"
    render "$MON_DIR/prometheus.yml"
    promtool check config "$MON_DIR/prometheus.yml" >/dev/null ||
        die "not reloading an invalid configuration: promtool check config $MON_DIR/prometheus.yml"
    kill -HUP "$(cat "$PID_FILE")"
    log "Prometheus re-reads $MON_DIR/prometheus.yml and $MONITORING_DIR/alerts.yml"
}

stop() {
    pid_alive "$PID_FILE" || log "Prometheus is not running"
    stop_pidfile "$PID_FILE" Prometheus
    rm -f "$PORT_FILE"
}

status() {
    if ! pid_alive "$PID_FILE"; then
        echo "Prometheus    down (start it with make monitor)"
        return
    fi
    echo "Prometheus    up on $(prometheus_url) (pid $(cat "$PID_FILE"))"
    # Each target's health and last error, and the alerts that are pending or firing.
    local targets alerts
    targets="$(curl -fsS --max-time 3 "$(prometheus_url)/api/v1/targets?state=active" 2>/dev/null)" ||
        { warn "Prometheus does not answer yet"; return; }
    alerts="$(curl -fsS --max-time 3 "$(prometheus_url)/api/v1/alerts" 2>/dev/null)" || alerts='{"data":{"alerts":[]}}'
    python3 - "$targets" "$alerts" <<'PY'
import json, sys

targets = json.loads(sys.argv[1])["data"]["activeTargets"]
for target in sorted(targets, key=lambda each: each["labels"]["job"]):
    job = target["labels"]["job"]
    print(f"  {job:<13} {target['health']:<8} {target['scrapeUrl']}  {target.get('lastError') or ''}")
alerts = json.loads(sys.argv[2])["data"]["alerts"]
print(f"  alerts: {len(alerts) or 'none'}")
for alert in alerts:
    summary = alert["annotations"].get("summary", "")
    print(f"    {alert['state']:<8} {alert['labels']['alertname']}  {summary}")
PY
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    reload) reload ;;
    render) [ -n "${2:-}" ] || die "usage: $0 render FILE"; render "$2" ;;
    install) install_prometheus ;;
    *) die "usage: $0 start|stop|status|reload|render FILE|install" ;;
esac
