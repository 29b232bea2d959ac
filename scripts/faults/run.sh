#!/usr/bin/env bash
# The fault suite: builds the services, then runs scripts/faults/fault-suite.ts against its own
# Kafka, FerretDB and MinIO (ports 29092/29093, 27027, 9010/9011; override with FAULTS_*_PORT).
# Installs what it needs like the test suite does; exits non-zero if a check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/infra/install.sh
echo "== faults: building the services"
npm run --silent build
echo "== faults: load, faults, checks"
exec npx ts-node --transpile-only -r tsconfig-paths/register scripts/faults/fault-suite.ts
