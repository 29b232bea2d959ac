#!/usr/bin/env bash
# OpenAPI-driven fuzzing of the gateway with schemathesis (PyPI), as every demo role in turn.
# Needs the system running (npm run start:all -- --detach). Fails on any 5xx.
#   EXAMPLES=40 (cases per operation and phase), GATEWAY=http://127.0.0.1:3000
set -euo pipefail
cd "$(dirname "$0")/.."
G="${GATEWAY:-http://127.0.0.1:3000}"
command -v st >/dev/null 2>&1 || python3 -m pip install -q 'schemathesis>=4,<5'
mkdir -p .local/fuzz
status=0
for user in bob alice carol rita svc-payments; do
  token=$(curl -fsS -X POST "$G/api/v1/auth/dev-token" -H 'content-type: application/json' \
    -d "{\"username\":\"$user\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  echo "== $user"
  st run "$G/docs-json" -H "Authorization: Bearer $token" -c not_a_server_error -n "${EXAMPLES:-40}" \
    --request-timeout 10 --report junit --report-junit-path ".local/fuzz/$user.xml" >".local/fuzz/$user.log" 2>&1 || status=1
  grep -E ' generated|failure' ".local/fuzz/$user.log" | tail -n 2
done
exit $status
