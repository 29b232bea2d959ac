#!/usr/bin/env bash
# The README's walk-through as a test: every ```bash block under "First claim in 10 requests",
# run verbatim against the system `npm run start:all` started (fresh demo data), in one shell.
# curl is wrapped to fail on an HTTP error; a "not yet" answer is retried as its Retry-After says
# (the README tells a person the same), anything that stays refused fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq is needed (the README uses it)" >&2; exit 1; }
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
  echo 'set -eo pipefail'
  echo 'curl() { command curl --fail-with-body --retry 3 --retry-all-errors --max-time 30 "$@"; }'
  awk '/^## First claim in 10 requests/ {on=1} on && /^```bash$/ {inblock=1; next} inblock && /^```$/ {inblock=0; next} inblock' README.md
} >"$script"
steps=$(grep -c '^curl\|^[A-Z]*=\$(curl' "$script" || true)
if bash "$script" >/dev/null; then
  echo "readme: 1 passed, 0 failed ($steps curl commands of the walk-through)"
else
  echo "readme: 0 passed, 1 failed (the walk-through stopped; run bash -x on: $script)" >&2
  trap - EXIT
  exit 1
fi
