#!/usr/bin/env bash
# Stops the four services and then the servers, each by the pid file its start wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/infra/lib.sh
bash scripts/infra/down.sh gateway claims documents review
bash scripts/infra/down.sh
