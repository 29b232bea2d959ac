#!/usr/bin/env bash
# The full test suite: type check, lint, unit tests, then integration and end-to-end tests against
# the real Kafka, SecantusDB and MinIO (started here if they are not running; left running after),
# the integration tests once more on the patched FerretDB,
# then the fault suite on servers of its own (stopped after).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund

echo "== type check"
npx tsc --noEmit -p tsconfig.json
echo "== lint"
npm run --silent lint

echo "== local servers"
bash scripts/infra/up.sh

# run_jest LABEL ARGS...: jest with a JSON report, one closing line of counts; a failure sets status.
status=0
run_jest() {
  local label=$1 results; shift
  results=$(mktemp)
  # Two workers: the machine has two cores and the servers need some of them too.
  npx jest --ci --maxWorkers=2 --json --outputFile="$results" "$@" || status=1
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`${process.argv[2]}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
    if (r.numTotalTests === 0) { console.error("jest ran no test"); process.exit(1); }
  ' "$results" "$label" || status=1
  rm -f "$results"
}

echo "== jest: unit, integration, end-to-end"
run_jest jest "$@"

# Portable code, proven twice (docs/database.md): the integration tests again, on the second
# MongoDB-API server (the patched FerretDB that up.sh starts beside SecantusDB).
if [ $# -eq 0 ] && [ "${POE_SKIP_SECOND_DB:-0}" != 1 ]; then
  echo "== jest: integration tests on the second database server (FerretDB)"
  MONGO_URL=$(sed -n 's/^MONGO_URL_FERRETDB=//p' "${POE_LOCAL:-.local}/infra.env") run_jest ferretdb --selectProjects int
fi

# Last, on its own servers: load + restarts + kill -9 + outages, then the consistency checks
# (docs/faults.md). POE_SKIP_FAULTS=1 leaves it out of a quick local run.
if [ "${POE_SKIP_FAULTS:-0}" != 1 ] && [ $# -eq 0 ]; then
  echo "== fault suite"
  bash scripts/faults/run.sh || status=1
fi
exit $status
