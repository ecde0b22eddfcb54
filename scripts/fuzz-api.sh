#!/usr/bin/env bash
# `make test`'s API fuzzing: schemathesis generates requests from each service's own OpenAPI
# document (`/openapi.json`) and sends them to the running test stack, once as a signed-in
# customer and once as an admin. A 5xx, or an answer the document does not describe (status,
# content type, headers, body schema), fails the run. Bounded by FUZZ_SECONDS per service and
# role (20 by default: about four minutes in all).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export_stack_env
SCHEMATHESIS_VERSION=4.32.5
VENV="$DATA_DIR/tools/schemathesis"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
REPORTS="$STACK_DIR/fuzz"

if [ "$("$VENV/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]; then
    log "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

customer_token="$(new_customer_token)"
# The demo admin (the test stack loads the demo accounts).
admin_token="$(access_token admin@marquee.local marquee-demo)"

rm -rf "$REPORTS" && mkdir -p "$REPORTS"
failed=()
for service in "${SERVICES[@]}"; do
    upper="$(printf '%s' "$service" | tr '[:lower:]' '[:upper:]')"
    port_var="${upper}_PORT"
    base="http://127.0.0.1:${!port_var}"
    for role in customer admin; do
        token_var="${role}_token"
        log "fuzzing the $service service as $role for ${FUZZ_SECONDS}s"
        # Signing out would end the session the rest of the run uses. One worker: with two, the
        # generator's threads failed now and then in Python 3.11's ast module ("AST constructor
        # recursion depth mismatch"), a fault of the tool, not of the API.
        if ! "$VENV/bin/st" run "$base/openapi.json" --url "$base" \
            --header "Authorization: Bearer ${!token_var}" \
            --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
            --exclude-path /logout \
            --max-time "$FUZZ_SECONDS" --workers 1 --seed 42 \
            --report junit --report-junit-path "$REPORTS/$service-$role.xml" \
            --output-truncate true >"$REPORTS/$service-$role.log" 2>&1; then
            failed+=("$service as $role")
            tail -n 60 "$REPORTS/$service-$role.log" >&2
        fi
    done
done

if [ "${#failed[@]}" -gt 0 ]; then
    die "the API contradicted its document or failed: ${failed[*]} (reports in $REPORTS)"
fi
log "every service answered as its OpenAPI document says"
