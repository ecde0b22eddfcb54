#!/usr/bin/env python3
"""Checks Marquee's dashboard and alert rules against the metrics the services serve.

Usage: check_monitoring.py MONITORING_DIR COMPOSE_FILE WORK_DIR

- The Grafana dashboard (grafana/dashboards/*.json) is a dashboard Grafana can load: JSON, a
  schemaVersion, a `datasource` variable every panel and query uses, unique panel ids, panels
  that fit the 24-column grid without overlapping, a PromQL expression in every query.
- Every expression of the dashboard (panels, annotations, variables) is valid PromQL: each one
  goes into a throwaway recording rule file in WORK_DIR, which `promtool check rules` parses.
- Every metric the dashboard and the alert rules name is one the services serve (CONTRACT
  below, or one Prometheus makes itself), with labels that metric has, and label values it can
  take where the contract lists them; every `by (...)` label and every `{{label}}` of a
  legend is one of those labels.
- Every alert has a severity, a summary and a description naming the service, and
  alerts.test.yml shows it both firing and not firing.
- The Compose scrape targets use the ports docker-compose.yml gives the services.

Exits 1 naming each problem.
"""

import glob
import json
import os
import re
import subprocess
import sys

import yaml

SERVICES = {"auth", "movie", "booking", "payment", "notification", "bff"}
ANY = None  # a label whose values are not listed

# The metrics Marquee's processes serve, with their labels (and the values a label can take
# where they are fixed). Every one also has `service` (SERVICES), and Prometheus adds `job` and
# `instance` when it scrapes.
CONTRACT = {
    "http_requests_total": {"method": ANY, "route": ANY, "status": ANY},
    "http_request_duration_seconds": {"method": ANY, "route": ANY, "status": ANY},
    "circuit_breaker_state": {"target": ANY},
    "dead_letter_messages": {"queue": ANY},
    "events_published_total": {"event_type": ANY},
    "events_consumed_total": {
        "event_type": ANY,
        "outcome": {"handled", "duplicate", "retried", "dead_lettered"},
    },
    "outbox_pending": {},
    "outbox_lag_seconds": {},
    "holds_total": {"event": {"created", "expired", "released"}},
    "bookings_total": {"status": {"pending", "confirmed", "cancelled", "expired", "refunded"}},
    "seats_sold_total": {},
    "admissions_total": {},
    # api_types::tickets::refusal::ALL
    "admissions_refused_total": {
        "reason": {
            "forged", "unknown_booking", "not_confirmed", "already_admitted",
            "wrong_cinema", "too_early", "too_late", "replaced",
        }
    },
    "box_office_tickets_sold_total": {},
    "payments_total": {"outcome": {"succeeded", "declined", "failed"}},
    "payments_amount_total": {"outcome": {"succeeded", "declined", "failed"}},
    "refunds_total": {"outcome": {"succeeded", "rejected", "failed"}},
    "refunds_amount_total": {},
    "emails_total": {"outcome": {"sent", "failed"}},
    "websocket_viewers": {"kind": {"seat_map", "lobby"}},
    # The process collector of every registry (service_kit::metrics).
    "process_resident_memory_bytes": {},
    "process_virtual_memory_bytes": {},
    "process_cpu_seconds_total": {},
    "process_open_fds": {},
    "process_max_fds": {},
    "process_threads": {},
    "process_start_time_seconds": {},
}
HISTOGRAMS = {"http_request_duration_seconds"}
COMMON_LABELS = {"service": SERVICES, "job": SERVICES, "instance": ANY}
# Series Prometheus makes itself: a target's health, and the alerts it evaluates.
PROMETHEUS_OWN = {
    "up": {"job": ANY, "instance": ANY},
    "ALERTS": {"alertname": ANY, "alertstate": {"pending", "firing"}, "severity": ANY,
               "service": SERVICES, "job": SERVICES, "instance": ANY, "queue": ANY,
               "target": ANY},
}

# What Grafana puts in place of its variables before the query reaches Prometheus, for the
# syntax check (any value of the right kind will do).
GRAFANA_VARIABLES = {
    "__rate_interval": "1m", "__interval": "15s", "__range": "3h",
    "__interval_ms": "15000", "__range_s": "10800", "__range_ms": "10800000",
}

problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


# ---------------------------------------------------------------- a PromQL reader
# Enough of PromQL to find the metrics an expression reads, the matchers on them, and the
# labels it groups by. (promtool checks the syntax; this only reads names.)
KEYWORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
    "bool", "offset", "atan2", "inf", "nan",
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
    "bottomk", "topk", "quantile", "limitk", "limit_ratio",
}
LABEL_LISTS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
TOKEN = re.compile(
    r"""\s+|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)"""
    r"""|(?P<duration>\[[^\]]*\])"""
    r"""|(?P<number>(?:0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(?:[smhdwy]|ms)?)"""
    r"""|(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"""
    r"""|(?P<op>=~|!~|!=|==|<=|>=|[-+*/%^<>=(){},])"""
)


def tokens(expr):
    position = 0
    out = []
    while position < len(expr):
        match = TOKEN.match(expr, position)
        if not match:
            raise ValueError(f"cannot read {expr[position:position + 20]!r}")
        position = match.end()
        kind = match.lastgroup
        if kind is None:
            continue
        text = match.group(kind)
        if kind == "string":
            text = text[1:-1]
        out.append((kind, text))
    return out


def read(expr):
    """The selectors ([(metric or None, [(label, op, value)])]) and grouping labels of expr."""
    items = tokens(expr)
    selectors, grouping = [], set()
    i = 0
    while i < len(items):
        kind, text = items[i]
        following = items[i + 1] if i + 1 < len(items) else (None, None)
        if kind == "name" and text in LABEL_LISTS and following == ("op", "("):
            i += 2
            while i < len(items) and items[i] != ("op", ")"):
                if items[i][0] == "name":
                    grouping.add(items[i][1])
                i += 1
        elif kind == "name" and following == ("op", "("):
            pass  # a function or an aggregation
        elif kind == "name" and text not in KEYWORDS:
            matchers = []
            if following == ("op", "{"):
                i, matchers = read_matchers(items, i + 2)
            selectors.append((text, matchers))
        elif (kind, text) == ("op", "{"):
            i, matchers = read_matchers(items, i + 1)
            names = [value for label, op, value in matchers if label == "__name__" and op == "="]
            selectors.append((names[0] if names else None, matchers))
        i += 1
    return selectors, grouping


def read_matchers(items, i):
    matchers = []
    while i < len(items) and items[i] != ("op", "}"):
        if items[i][0] == "name" and i + 2 < len(items):
            matchers.append((items[i][1], items[i + 1][1], items[i + 2][1]))
            i += 3
        else:
            i += 1
    return i, matchers


def labels_of(metric):
    """The labels of a metric name (a histogram's _bucket, _sum and _count included), or None."""
    if metric in PROMETHEUS_OWN:
        return dict(PROMETHEUS_OWN[metric])
    base, extra = metric, {}
    for suffix in ("_bucket", "_sum", "_count"):
        if metric.endswith(suffix) and metric[: -len(suffix)] in HISTOGRAMS:
            base = metric[: -len(suffix)]
            if suffix == "_bucket":
                extra = {"le": ANY}
    if base in HISTOGRAMS and base == metric:
        return None  # no such series: a histogram is read through _bucket, _sum and _count
    if base not in CONTRACT:
        return None
    return {**COMMON_LABELS, **CONTRACT[base], **extra}


def check_expr(where, expr, legend=None):
    """Checks the metrics, labels and values expr uses; returns the labels it may show."""
    try:
        selectors, grouping = read(expr)
    except ValueError as error:
        problem(where, f"unreadable expression ({error}): {expr}")
        return set()
    if not selectors:
        problem(where, f"reads no metric: {expr}")
    known = set()
    for metric, matchers in selectors:
        if metric is None:
            problem(where, f"a selector without a metric name: {expr}")
            continue
        labels = labels_of(metric)
        if labels is None:
            problem(where, f"metric {metric} is not one Marquee serves (see CONTRACT in scripts/check_monitoring.py)")
            continue
        known |= set(labels)
        for label, op, value in matchers:
            if label == "__name__":
                continue
            if label not in labels:
                problem(where, f"{metric} has no label {label} (it has {', '.join(sorted(labels))})")
                continue
            allowed = labels[label]
            if allowed is ANY:
                continue
            if op in ("=", "!="):
                values = [value]
            elif re.fullmatch(r"[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)*", value):
                values = value.split("|")  # a plain list of alternatives
            else:
                continue
            for each in values:
                if each not in allowed:
                    problem(where, f'{metric}{{{label}{op}"{value}"}}: {each} is not a value of {label} ({", ".join(sorted(allowed))})')
    # Labels made by label_replace are legitimate too.
    made = set(re.findall(r'label_replace\([^,]+,\s*"([^"]+)"', expr))
    for label in sorted(grouping - known - made):
        problem(where, f"groups by {label}, which none of its metrics has")
    shown = (grouping | made) if grouping else known | made
    for label in re.findall(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}", legend or ""):
        if label not in shown:
            problem(where, f"the legend names {{{{{label}}}}}, which the expression's result has not")
    return known


# ---------------------------------------------------------------- the dashboard
def substitute(where, expr):
    def value(match):
        name = match.group(1) or match.group(2)
        if name in GRAFANA_VARIABLES:
            return GRAFANA_VARIABLES[name]
        if name == "service":
            return "auth"
        problem(where, f"unknown dashboard variable ${name}")
        return "x"

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", value, expr)


def check_dashboard(path, records):
    name = os.path.relpath(path)
    try:
        with open(path, encoding="utf-8") as file:
            dashboard = json.load(file)
    except (OSError, json.JSONDecodeError) as error:
        problem(name, f"not a JSON document: {error}")
        return
    for key in ("uid", "title", "panels", "schemaVersion", "templating"):
        if key not in dashboard:
            problem(name, f"has no {key}")
    if not isinstance(dashboard.get("schemaVersion"), int) or dashboard.get("schemaVersion", 0) < 36:
        problem(name, "schemaVersion must be a number, 36 (Grafana 9) or later")
    variables = {each.get("name"): each for each in dashboard.get("templating", {}).get("list", [])}
    source = variables.get("datasource", {})
    if source.get("type") != "datasource" or source.get("query") != "prometheus":
        problem(name, "needs a variable `datasource` of type datasource for Prometheus")
    for variable in variables.values():
        if variable.get("type") != "query":
            continue
        check_datasource(f"{name}: variable {variable.get('name')}", variable.get("datasource"))
        query = variable.get("query")
        query = query.get("query", "") if isinstance(query, dict) else query or ""
        found = re.fullmatch(r"\s*label_values\(\s*(.+?)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*", query)
        if not found:
            problem(name, f"variable {variable.get('name')}: expected label_values(metric, label), got {query!r}")
            continue
        where = f"{name}: variable {variable.get('name')}"
        expr = substitute(where, found.group(1))
        known = check_expr(where, expr)
        if found.group(2) not in known:
            problem(where, f"{found.group(2)} is not a label of {found.group(1)}")
        records.append((where, expr))

    for index, annotation in enumerate(dashboard.get("annotations", {}).get("list", [])):
        if annotation.get("builtIn"):
            continue
        where = f"{name}: annotation {annotation.get('name', index)}"
        check_datasource(where, annotation.get("datasource"))
        if not annotation.get("expr"):
            problem(where, "has no expr")
            continue
        expr = substitute(where, annotation["expr"])
        check_expr(where, expr)
        records.append((where, expr))

    panels = []
    for panel in dashboard.get("panels", []):
        panels.append(panel)
        panels.extend(panel.get("panels", []))  # the panels of a collapsed row
    ids, cells = set(), {}
    for panel in panels:
        title = panel.get("title", "?")
        where = f"{name}: panel {panel.get('id')} {title!r}"
        if not isinstance(panel.get("id"), int) or panel["id"] in ids:
            problem(where, "needs an id of its own")
        ids.add(panel.get("id"))
        if not panel.get("type"):
            problem(where, "has no type")
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("h", "w", "x", "y")):
            problem(where, "needs a gridPos with h, w, x, y")
        elif grid["x"] < 0 or grid["w"] < 1 or grid["x"] + grid["w"] > 24:
            problem(where, "does not fit the 24 columns")
        elif panel in dashboard.get("panels", []):
            for x in range(grid["x"], grid["x"] + grid["w"]):
                for y in range(grid["y"], grid["y"] + grid["h"]):
                    if (x, y) in cells:
                        problem(where, f"overlaps panel {cells[(x, y)]}")
                        break
                    cells[(x, y)] = title
                else:
                    continue
                break
        if panel.get("type") == "row":
            continue
        check_datasource(where, panel.get("datasource"))
        targets = panel.get("targets") or []
        if not targets:
            problem(where, "has no query")
        refs = set()
        for target in targets:
            ref = target.get("refId")
            target_where = f"{where} query {ref}"
            if not ref or ref in refs:
                problem(target_where, "needs a refId of its own")
            refs.add(ref)
            check_datasource(target_where, target.get("datasource"))
            if not (target.get("expr") or "").strip():
                problem(target_where, "has no expr")
                continue
            expr = substitute(target_where, target["expr"])
            check_expr(target_where, expr, target.get("legendFormat"))
            records.append((target_where, expr))


def check_datasource(where, datasource):
    if not isinstance(datasource, dict) or datasource.get("uid") != "${datasource}":
        problem(where, 'must use the data source variable: {"type": "prometheus", "uid": "${datasource}"}')


def promtool_parses(records, work_dir):
    """Parses each expression with promtool, as a recording rule in a throwaway file."""
    rules = [{"record": f"dashboard:query_{number}", "expr": expr} for number, (_, expr) in enumerate(records)]
    path = os.path.join(work_dir, "dashboard-queries.rules.yml")
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"groups": [{"name": "dashboard", "rules": rules}]}, file, indent=1)
    result = subprocess.run(["promtool", "check", "rules", path], capture_output=True, text=True)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        for number, (where, expr) in enumerate(records):
            if re.search(rf'"dashboard:query_{number}"|rule {number + 1}\b', output):
                problem(where, f"not valid PromQL: {expr}")
        problem("promtool check rules (dashboard queries)", output.strip())
    return len(rules)


# ---------------------------------------------------------------- alerts and their tests
def check_alerts(directory):
    path = os.path.join(directory, "alerts.yml")
    with open(path, encoding="utf-8") as file:
        groups = yaml.safe_load(file)["groups"]
    alerts = []
    for group in groups:
        for rule in group["rules"]:
            name = rule.get("alert") or rule.get("record")
            where = f"{os.path.relpath(path)}: {name}"
            check_expr(where, rule["expr"])
            if "alert" not in rule:
                continue
            alerts.append(name)
            if rule.get("labels", {}).get("severity") not in ("critical", "warning", "info"):
                problem(where, "needs labels.severity: critical, warning or info")
            annotations = rule.get("annotations", {})
            for key in ("summary", "description"):
                if "$labels.service" not in annotations.get(key, ""):
                    problem(where, f"needs an annotation {key} that names {{{{ $labels.service }}}}")

    tests_path = os.path.join(directory, "alerts.test.yml")
    with open(tests_path, encoding="utf-8") as file:
        tests = yaml.safe_load(file).get("tests", [])
    firing, quiet = set(), set()
    for test in tests:
        for case in test.get("alert_rule_test", []):
            (firing if case.get("exp_alerts") else quiet).add(case.get("alertname"))
        for series in test.get("input_series", []):
            check_expr(f"{os.path.relpath(tests_path)}: {test.get('name')}", series["series"])
    for name in alerts:
        if name not in firing:
            problem(os.path.relpath(tests_path), f"no test shows {name} firing")
        if name not in quiet:
            problem(os.path.relpath(tests_path), f"no test shows {name} not firing")
    return alerts


def check_compose_targets(directory, compose_file):
    with open(os.path.join(directory, "prometheus.yml"), encoding="utf-8") as file:
        config = yaml.safe_load(file)
    with open(compose_file, encoding="utf-8") as file:
        compose = yaml.safe_load(file)["services"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    if set(jobs) != SERVICES:
        problem("prometheus.yml", f"needs one job per process ({', '.join(sorted(SERVICES))}), has {', '.join(sorted(jobs))}")
    for name, job in jobs.items():
        targets = [t for each in job.get("static_configs", []) for t in each.get("targets", [])]
        service = compose.get(name)
        if service is None:
            problem("prometheus.yml", f"job {name}: docker-compose.yml has no service {name}")
            continue
        port = str(service.get("environment", {}).get(f"{name.upper()}_PORT", ""))
        if targets != [f"{name}:{port}"]:
            problem("prometheus.yml", f"job {name} scrapes {targets}, but docker-compose.yml runs {name} on port {port or '?'}")


def main():
    directory, compose_file, work_dir = sys.argv[1:4]
    records = []
    dashboards = sorted(glob.glob(os.path.join(directory, "grafana", "dashboards", "*.json")))
    if not dashboards:
        problem(directory, "no dashboard in grafana/dashboards/")
    for path in dashboards:
        check_dashboard(path, records)
    parsed = promtool_parses(records, work_dir)
    alerts = check_alerts(directory)
    check_compose_targets(directory, compose_file)
    if problems:
        print("monitoring check failed:", file=sys.stderr)
        for each in problems:
            print(f"  - {each}", file=sys.stderr)
        sys.exit(1)
    print(f"  dashboards: {len(dashboards)}, queries parsed by promtool: {parsed}, "
          f"alerts: {len(alerts)} (each tested firing and not); every metric and label is Marquee's")


if __name__ == "__main__":
    main()
