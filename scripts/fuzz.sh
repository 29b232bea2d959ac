#!/usr/bin/env bash
# OpenAPI-driven fuzzing of the gateway with schemathesis (PyPI), as every demo role in turn.
# Needs the system running (npm run start:all -- --detach). Fails on any 5xx and on any answer
# that breaks the published OpenAPI document (status, content type, body schema, headers).
#   FUZZ_QUICK=1     bounded run for CI: a few cases per operation, no stateful phase (~2 min)
#   EXAMPLES=40      cases per operation and phase (full run; quick: 3)
#   FUZZ_ROLES="bob alice carol rita svc-payments"   GATEWAY=http://127.0.0.1:3000   FUZZ_SEED=<int>
set -euo pipefail
cd "$(dirname "$0")/.."
G="${GATEWAY:-http://127.0.0.1:3000}"
# schemathesis from PyPI (the version pinned in scripts/fuzz/requirements.txt) into a venv of its own,
# cached outside the clone under a name that changes with the pin; no system pip needed.
PIN=$(grep -E '^schemathesis==' scripts/fuzz/requirements.txt)
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/poe-claims/schemathesis-${PIN#schemathesis==}"
if ! "$VENV/bin/st" --version >/dev/null 2>&1; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r scripts/fuzz/requirements.txt
fi
export PATH="$VENV/bin:$PATH"
# scripts/fuzz/hooks.py: skips header cases HTTP itself makes valid (see there).
export PYTHONPATH="$PWD/scripts/fuzz${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks

# Every check schemathesis has (conformance of status, content type, body schema and headers; no
# 5xx; schema-invalid input refused; stateful: created resources readable, deleted ones gone, auth
# not ignored), except those that cannot hold for this API by design:
# - positive_data_acceptance: a body valid by the schema can still break a business rule (campaign
#   window, remaining funds, the claim's state, a cursor this API never issued) and is then refused
#   with 409/422, as documented;
# (An undeclared method on a known path is 405 with Allow, so unsupported_method and
# allow_header_conformance run too.)
EXCLUDED="${FUZZ_EXCLUDE_CHECKS:-positive_data_acceptance}"
if [ "${FUZZ_QUICK:-}" = 1 ]; then
  EXAMPLES="${EXAMPLES:-3}"
  PHASES="examples,fuzzing"
else
  EXAMPLES="${EXAMPLES:-40}"
  PHASES="examples,coverage,fuzzing,stateful"
fi
SEED_ARGS=()
[ -n "${FUZZ_SEED:-}" ] && SEED_ARGS=(--seed "$FUZZ_SEED")

out=.local/fuzz
mkdir -p "$out"
# Refusals of schema-invalid input may also be 412 (the claim's If-Match is checked before its rules)
# and 413 (body over the limit), besides schemathesis' default 4xx list.
cat >"$out/schemathesis.toml" <<'TOML'
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "412", "413", "415", "422", "428", "429"]
TOML
started=$(date +%s)
status=0
total=0
summary=""
for user in ${FUZZ_ROLES:-bob alice carol rita svc-payments}; do
  token=$(curl -fsS -X POST "$G/api/v1/auth/dev-token" -H 'content-type: application/json' \
    -d "{\"username\":\"$user\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  t0=$(date +%s)
  rc=0
  st --config-file "$out/schemathesis.toml" run "$G/docs-json" -H "Authorization: Bearer $token" --checks all --exclude-checks "$EXCLUDED" --phases "$PHASES" \
    -n "$EXAMPLES" "${SEED_ARGS[@]}" --request-timeout 10 --no-color \
    --report junit,ndjson --report-junit-path "$out/$user.xml" --report-ndjson-path "$out/$user.ndjson" \
    >"$out/$user.log" 2>&1 || rc=$?
  # "Test cases:" block of the summary: "N generated, N passed" or "N generated, M found K unique failures".
  line=$(grep -E '^ *[0-9]+ generated' "$out/$user.log" | tail -n 1 | sed -E 's/^ +//')
  cases=$(sed -E 's/^([0-9]+) generated.*/\1/' <<<"${line:-0 generated}")
  total=$((total + cases))
  [ "$rc" = 0 ] || status=1
  summary+=$(printf '%-13s %6s cases  %4ss  %s' "$user" "$cases" "$(($(date +%s) - t0))" \
    "$([ "$rc" = 0 ] && echo ok || echo "FAILED: ${line:-no summary, see $out/$user.log}")")$'\n'
  if [ "$rc" != 0 ]; then
    # The failures, each with the operation and the check that broke, for the log of the run.
    sed -n '/^_* .* _*$/,/^=* SUMMARY/p' "$out/$user.log" | grep -E '^_{3,}|^[0-9]+\. |^- |^\[' | head -n 60
  fi
done
echo
echo "schemathesis $(st --version | awk '{print $NF}'): checks all except $EXCLUDED"
echo "phases: $PHASES, up to $EXAMPLES cases per operation and phase; logs and reports in $out/"
printf '%s' "$summary"
echo "total         $(printf '%6s' "$total") cases  $(($(date +%s) - started))s  $([ $status = 0 ] && echo ok || echo FAILED)"
exit $status
