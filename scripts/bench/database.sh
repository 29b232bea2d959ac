#!/usr/bin/env bash
# npm run bench:db: the MongoDB-API server candidates side by side, on the same data in one run
# (docs/database.md). Starts each on its own port under a throw-away folder: SecantusDB with and
# without the project's patch, FerretDB v1.24.2 with and without the project's patches (SQLite),
# and FerretDB v1.24.2 on PostgreSQL 15 (Debian's postgresql-15; left out if it is not installed).
# DB_BENCH_SIZES (default 2000,20000,100000) and DB_BENCH_SECONDS (per operation) bound the run.
source "$(dirname "${BASH_SOURCE[0]}")/../infra/lib.sh"
bash "$POE_ROOT/scripts/infra/install.sh"

work=$(mktemp -d /tmp/poe-bench-db.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${pg_bin:-}" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bg() { "$@" >>"$work/servers.log" 2>&1 & pids+=($!); }
wait_port() { for _ in $(seq 1 200); do port_open "$1" && return 0; sleep 0.2; done; die "nothing listens on $1; see $work/servers.log"; }

# The unpatched builds, cached beside the patched ones.
plain_secantus="$POE_CACHE/secantus-plain-$(content_hash "$POE_ROOT/infra/secantus/requirements.txt")"
if [ ! -f "$plain_secantus/.complete" ]; then
  log "installing unpatched SecantusDB into $plain_secantus"
  rm -rf "$plain_secantus" && python3 -m venv "$plain_secantus" &&
    "$plain_secantus/bin/pip" install -q --disable-pip-version-check -r "$POE_ROOT/infra/secantus/requirements.txt" &&
    touch "$plain_secantus/.complete"
fi
plain_ferretdb="$POE_CACHE/bin/poe-ferretdb-plain-$(content_hash "$POE_ROOT"/infra/ferretdb/{go.mod,go.sum,main.go})"
if [ ! -x "$plain_ferretdb" ]; then
  log "building unpatched FerretDB as $plain_ferretdb"
  (cd "$POE_ROOT/infra/ferretdb" && CGO_ENABLED=0 go build -trimpath -o "$plain_ferretdb.tmp" .) && mv "$plain_ferretdb.tmp" "$plain_ferretdb"
fi

servers=()
mkdir -p "$work/s1" "$work/s2" "$work/f1" "$work/f2"
bg "$(secantus_venv)/bin/secantusd-py" --host 127.0.0.1 --port 37101 --storage-path "$work/s1" --sync-on-commit --log-level WARNING
servers+=("secantus-patched=mongodb://127.0.0.1:37101/")
bg "$plain_secantus/bin/secantusd-py" --host 127.0.0.1 --port 37102 --storage-path "$work/s2" --sync-on-commit --log-level WARNING
servers+=("secantus-0.7.0b3=mongodb://127.0.0.1:37102/")
bg "$(ferretdb_bin)" --listen-addr 127.0.0.1:37103 --handler sqlite --sqlite-url "file:$work/f1/"
servers+=("ferretdb-sqlite-patched=mongodb://127.0.0.1:37103/")
bg "$plain_ferretdb" --listen-addr 127.0.0.1:37104 --handler sqlite --sqlite-url "file:$work/f2/"
servers+=("ferretdb-sqlite-v1.24.2=mongodb://127.0.0.1:37104/")

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -n "$pg_bin" ] && id postgres >/dev/null 2>&1; then
  mkdir -p "$work/pg" && chown postgres "$work" "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U poe --locale=C -E UTF8 >>"$work/servers.log" 2>&1
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -o "-p 37110 -k $work -c listen_addresses=127.0.0.1" start >/dev/null
  "$pg_bin/psql" -h 127.0.0.1 -p 37110 -U poe -d postgres -qc 'create database ferretdb' >/dev/null
  bg "$plain_ferretdb" --listen-addr 127.0.0.1:37105 --handler postgresql --postgresql-url "postgres://poe@127.0.0.1:37110/ferretdb"
  servers+=("ferretdb-pg15-v1.24.2=mongodb://127.0.0.1:37105/")
else
  log "PostgreSQL not installed (apt-get install postgresql-15): FerretDB on PostgreSQL left out"
fi
for p in 37101 37102 37103 37104; do wait_port "$p"; done
[ -n "$pg_bin" ] && wait_port 37105

cd "$POE_ROOT"
DB_BENCH_SERVERS=$(IFS=,; echo "${servers[*]}") npx ts-node --transpile-only scripts/bench/database.bench.ts
