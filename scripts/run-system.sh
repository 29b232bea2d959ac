#!/usr/bin/env bash
# Runs the whole system on this machine: the servers (Kafka, FerretDB, MinIO), topics and bucket,
# the four services and the demo data; prints where to reach it. Ctrl-C stops everything it started.
#   --detach   start everything and return (stop later with: npm run stop:all)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/infra/lib.sh

detach=0
[ "${1:-}" = "--detach" ] && detach=1

[ -d node_modules ] || npm ci --no-audit --no-fund
echo "[system] building"
npm run --silent build

bash scripts/infra/up.sh
set -a; source "$ENV_FILE"; set +a
# MinIO's root keys are up.sh's alone: no service process gets them (docs/security.md).
unset MINIO_ROOT_USER MINIO_ROOT_PASSWORD
node dist/scripts/provision.js

# The key the gateway signs caller identities with; made once per checkout, never committed.
SERVICES_ENV="$POE_LOCAL/services.env"
if [ ! -f "$SERVICES_ENV" ]; then
  (umask 077; echo "INTERNAL_AUTH_SECRET=$(openssl rand -hex 32)" >"$SERVICES_ENV")
fi
set -a; source "$SERVICES_ENV"; set +a

GATEWAY_PORT="${GATEWAY_PORT:-3000}"
CLAIMS_PORT="${CLAIMS_PORT:-3001}"
DOCUMENTS_PORT="${DOCUMENTS_PORT:-3002}"
REVIEW_PORT="${REVIEW_PORT:-3003}"
export CLAIMS_URL="http://127.0.0.1:$CLAIMS_PORT" DOCUMENTS_URL="http://127.0.0.1:$DOCUMENTS_PORT" REVIEW_URL="http://127.0.0.1:$REVIEW_PORT"

start_service() {
  local name=$1 port=$2; shift 2
  local marker="dist/apps/$name/src/main.js"
  if pid=$(server_pid "$name" "$marker"); then
    echo "[system] $name already running (pid $pid)"
    return
  fi
  port_open "$port" && die "port $port for $name is taken by a process this project did not start"
  echo "$marker" >"$RUN_DIR/$name.marker"
  [ -f "$LOG_DIR/$name.log" ] && mv "$LOG_DIR/$name.log" "$LOG_DIR/$name.log.1"
  env "$@" PORT="$port" setsid nohup node "$marker" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}
ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/ready"; }

start_service claims "$CLAIMS_PORT"
start_service documents "$DOCUMENTS_PORT"
start_service review "$REVIEW_PORT"
start_service gateway "$GATEWAY_PORT" AUTH_MODE=dev DEMO_USERS_FILE=demo/users.json DEV_SIGNING_KEY_FILE="$POE_LOCAL/dev-signing-key.json"
wait_ready claims "$LOG_DIR/claims.log" ready "$CLAIMS_PORT"
wait_ready documents "$LOG_DIR/documents.log" ready "$DOCUMENTS_PORT"
wait_ready review "$LOG_DIR/review.log" ready "$REVIEW_PORT"
wait_ready gateway "$LOG_DIR/gateway.log" ready "$GATEWAY_PORT"

node dist/scripts/demo/load-demo-data.js

G="http://127.0.0.1:$GATEWAY_PORT"
cat <<INFO

poe-claims is running.
  Gateway (the public API):  $G/api/v1
  API docs (OpenAPI):         $G/docs        (JSON: $G/docs-json, events: $G/docs/asyncapi.yaml)
  Health / readiness:        $G/health  $G/ready
  Logs:                      $LOG_DIR/<service>.log

A demo token (users: alice, bob = partner Northwind; carol, dave = partner Contoso; rita = reviewer;
svc-payments = service account):
  TOKEN=\$(curl -s -X POST $G/api/v1/auth/dev-token -H 'content-type: application/json' \\
          -d '{"username":"bob"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s $G/api/v1/me -H "authorization: Bearer \$TOKEN"

INFO

if [ $detach = 1 ]; then
  echo "Stop it with: npm run stop:all"
  exit 0
fi
echo "Press Ctrl-C to stop everything."
trap 'echo; bash scripts/stop-system.sh; exit 0' INT TERM
while :; do sleep 3600 & wait $!; done
