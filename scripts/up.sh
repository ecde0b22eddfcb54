#!/usr/bin/env bash
# `make up`: installs what is missing, starts the servers, builds and starts Marquee.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/infra.sh" start
"$ROOT/scripts/databases.sh"
"$ROOT/scripts/stack.sh" build
# A fresh start, so processes always run what was just built.
"$ROOT/scripts/stack.sh" stop
"$ROOT/scripts/stack.sh" start
"$ROOT/scripts/stack.sh" wait

cat <<MSG

  Marquee is running:  http://$GATEWAY_HOST:$GATEWAY_PORT

  API through the gateway:  http://$GATEWAY_HOST:$GATEWAY_PORT/api/{auth,movies,bookings,payments,notifications}/health
  API documents:            http://$GATEWAY_HOST:$GATEWAY_PORT/api/<service>/docs/  (OpenAPI: .../openapi.json)
  BFF directly:             http://127.0.0.1:$BFF_PORT
  Demo accounts (password: marquee-demo):
    customer / customer@marquee.local    staff / staff@marquee.local    admin / admin@marquee.local
  Another admin:  make create-admin EMAIL=you@example.com USERNAME=you
  Test cards (simulated, no money moves):  4242 4242 4242 4242 is charged, 4000 0000 0000 0002 is declined
  Emails (never sent outside):  $STACK_DIR/mail/*.eml  (set SMTP_URL to use a local SMTP catcher)

  Logs: make logs    Metrics and alerts: make monitor    Stop: make down

MSG
