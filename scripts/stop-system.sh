#!/usr/bin/env bash
# Stops the gateway and every instance of the services (claims, claims-2, ...), then the servers,
# each by the pid file its start wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/infra/lib.sh
instances=()
for f in "$RUN_DIR"/*.marker; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .marker)
  [[ "$name" =~ ^(claims|documents|review)(-[0-9])?$ ]] && instances+=("$name")
done
bash scripts/infra/down.sh gateway "${instances[@]}"
bash scripts/infra/down.sh
