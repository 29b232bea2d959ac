#!/usr/bin/env bash
# Runs the whole system on this machine: the servers (Kafka, FerretDB, MinIO), topics and bucket,
# the four services and the demo data; prints where to reach it. Ctrl-C stops everything it started.
#   --detach        start everything and return (stop later with: npm run stop:all)
#   --instances N   N instances each of claims, documents and review (default 1), instance i on
#                   its service's port + 10*(i-1); the gateway spreads requests over them
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/infra/lib.sh

detach=0
instances=1
while [ $# -gt 0 ]; do
  case "$1" in
    --detach) detach=1 ;;
    --instances)
      instances="${2:-}"
      shift
      ;;
    --instances=*) instances="${1#--instances=}" ;;
    *) die "unknown option $1 (known: --detach, --instances N)" ;;
  esac
  shift
done
[[ "$instances" =~ ^[1-9]$ ]] || die "--instances takes 1 to 9, got '$instances'"

[ -d node_modules ] || npm ci --no-audit --no-fund
echo "[system] building"
npm run --silent build

bash scripts/infra/up.sh
set -a; source "$ENV_FILE"; set +a
# MinIO's root keys are up.sh's alone: no service process gets them (docs/security.md).
unset MINIO_ROOT_USER MINIO_ROOT_PASSWORD
# Kafka: provisioning (topics, ACLs) as the admin principal; each service gets only its own
# principal's password, none of them the others' (libs/platform/src/kafka-acls.ts).
declare -A kafka_password=([claims]="$KAFKA_CLAIMS_PASSWORD" [documents]="$KAFKA_DOCUMENTS_PASSWORD" [review]="$KAFKA_REVIEW_PASSWORD")
KAFKA_SASL_USERNAME=poe-admin KAFKA_SASL_PASSWORD="$KAFKA_ADMIN_PASSWORD" node dist/scripts/provision.js
unset KAFKA_BROKER_PASSWORD KAFKA_ADMIN_PASSWORD KAFKA_CLAIMS_PASSWORD KAFKA_DOCUMENTS_PASSWORD KAFKA_REVIEW_PASSWORD KAFKA_TESTS_PASSWORD

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

# instance_name SERVICE I / instance_port BASE I: the first instance keeps today's name and port.
instance_name() { if [ "$2" = 1 ]; then echo "$1"; else echo "$1-$2"; fi; }
instance_port() { echo $(($1 + 10 * ($2 - 1))); }
# service_urls BASE: the comma-separated URLs of a service's instances, as the gateway takes them.
service_urls() {
  local urls="" i
  for i in $(seq 1 "$instances"); do urls="${urls:+$urls,}http://127.0.0.1:$(instance_port "$1" "$i")"; done
  echo "$urls"
}
export CLAIMS_URL DOCUMENTS_URL REVIEW_URL
CLAIMS_URL=$(service_urls "$CLAIMS_PORT")
DOCUMENTS_URL=$(service_urls "$DOCUMENTS_PORT")
REVIEW_URL=$(service_urls "$REVIEW_PORT")

start_service() {
  local name=$1 port=$2; shift 2
  local marker="dist/apps/${name%-[0-9]}/src/main.js"
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

backends=()
for i in $(seq 1 "$instances"); do
  for svc in claims:"$CLAIMS_PORT" documents:"$DOCUMENTS_PORT" review:"$REVIEW_PORT"; do
    name=$(instance_name "${svc%%:*}" "$i")
    port=$(instance_port "${svc#*:}" "$i")
    start_service "$name" "$port" KAFKA_SASL_USERNAME="poe-${svc%%:*}" KAFKA_SASL_PASSWORD="${kafka_password[${svc%%:*}]}"
    backends+=("$name:$port")
  done
done
start_service gateway "$GATEWAY_PORT" AUTH_MODE=dev DEMO_USERS_FILE=demo/users.json DEV_SIGNING_KEY_FILE="$POE_LOCAL/dev-signing-key.json"
for b in "${backends[@]}"; do wait_ready "${b%%:*}" "$LOG_DIR/${b%%:*}.log" ready "${b#*:}"; done
wait_ready gateway "$LOG_DIR/gateway.log" ready "$GATEWAY_PORT"

# The demo data goes straight to the first instances (the loader takes one URL per service).
CLAIMS_URL="http://127.0.0.1:$CLAIMS_PORT" REVIEW_URL="http://127.0.0.1:$REVIEW_PORT" \
  node dist/scripts/demo/load-demo-data.js

G="http://127.0.0.1:$GATEWAY_PORT"
cat <<INFO

poe-claims is running.
  Gateway (the public API):  $G/api/v1
  API docs (OpenAPI):         $G/docs        (JSON: $G/docs-json, events: $G/docs/asyncapi.yaml)
  Health / readiness:        $G/health  $G/ready
  Logs:                      $LOG_DIR/<service>.log
  Instances per service:     $instances (claims $CLAIMS_URL; documents $DOCUMENTS_URL; review $REVIEW_URL)

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
