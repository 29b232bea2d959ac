#!/usr/bin/env bash
# npm run bench:scale: the whole system at 1,000 / 10,000 / 100,000 claims (docs/scale-benchmark.md).
# Starts the local servers if they are not running (and stops them again after); the benchmark
# starts its own four services on them, in their own databases and topics, and removes them after.
# Knobs: SCALE_BENCH_SIZES, SCALE_BENCH_SECONDS, SCALE_BENCH_CONCURRENCY, ... (scripts/bench/scale.ts).
source "$(dirname "${BASH_SOURCE[0]}")/../infra/lib.sh"
started=0
if ! bash "$POE_ROOT/scripts/infra/status.sh" >/dev/null 2>&1; then
  bash "$POE_ROOT/scripts/infra/up.sh"
  started=1
fi
cleanup() { [ $started = 1 ] && bash "$POE_ROOT/scripts/infra/down.sh" || true; }
trap cleanup EXIT
cd "$POE_ROOT"
# Topics and ACLs (the tests' principal the bench signs in as may use t.* only), as the test setup makes them.
# In a subshell: the bench's own environment (e.g. MONGO_URL) still wins over infra.env.
# shellcheck disable=SC1090
( set -a; source "$ENV_FILE"; set +a
  KAFKA_SASL_USERNAME=poe-admin KAFKA_SASL_PASSWORD="$KAFKA_ADMIN_PASSWORD" \
    npx ts-node --transpile-only -r tsconfig-paths/register scripts/provision.ts )
npx ts-node --transpile-only -r tsconfig-paths/register scripts/bench/scale.ts
