# Shared settings and helpers for the local infrastructure scripts. Sourced, not run.
# Everything a run writes lives under $POE_LOCAL (ignored by git); downloads and builds that
# later runs can reuse live under $POE_CACHE (outside the work tree, so fresh clones reuse them).
set -euo pipefail

POE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
POE_LOCAL="${POE_LOCAL:-$POE_ROOT/.local}"
POE_CACHE="${POE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/poe-claims}"

POE_KAFKA_PORT="${POE_KAFKA_PORT:-19092}"
POE_KAFKA_CONTROLLER_PORT="${POE_KAFKA_CONTROLLER_PORT:-19093}"
POE_MONGO_PORT="${POE_MONGO_PORT:-27017}"
# The second MongoDB-API server (patched FerretDB): the integration tests run on it too (docs/database.md).
POE_FERRETDB_PORT="${POE_FERRETDB_PORT:-$((POE_MONGO_PORT + 1))}"
POE_MINIO_PORT="${POE_MINIO_PORT:-9000}"
POE_MINIO_CONSOLE_PORT="${POE_MINIO_CONSOLE_PORT:-9001}"
POE_READY_TIMEOUT="${POE_READY_TIMEOUT:-90}"

KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POE_ROOT/infra/kafka/pom.xml")"
KAFKA_LIBS="$POE_CACHE/kafka-$KAFKA_VERSION/libs"

RUN_DIR="$POE_LOCAL/run"
LOG_DIR="$POE_LOCAL/logs"
DATA_DIR="$POE_LOCAL/data"
ENV_FILE="$POE_LOCAL/infra.env"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# A build is cached under a name derived from the files that define it, so a changed pin rebuilds.
content_hash() { cat "$@" | sha256sum | cut -c1-16; }
ferretdb_bin() { echo "$POE_CACHE/bin/poe-ferretdb-$(content_hash "$POE_ROOT"/infra/ferretdb/{go.mod,go.sum,main.go} "$POE_ROOT"/infra/ferretdb/patches/*.patch)"; }
secantus_venv() { echo "$POE_CACHE/secantus-$(content_hash "$POE_ROOT/infra/secantus/requirements.txt" "$POE_ROOT"/infra/secantus/patches/*.patch)"; }
minio_bin() { echo "$POE_CACHE/bin/minio-$(content_hash "$POE_ROOT"/infra/minio/{go.mod,go.sum})"; }
minio_admin_bin() { echo "$POE_CACHE/bin/poe-minio-admin-$(content_hash "$POE_ROOT"/infra/minio/{go.mod,go.sum,admin/main.go})"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_file() { echo "$RUN_DIR/$1.pid"; }

# Alive means: the pid in our pid file runs and its command line still names what we started,
# so a recycled pid is never mistaken for (or killed as) one of our servers.
server_pid() {
  local name=$1 marker=$2 f pid
  f=$(pid_file "$name")
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# wait_ready NAME LOGFILE CHECK...: runs CHECK until it succeeds or the timeout passes.
wait_ready() {
  local name=$1 logfile=$2; shift 2
  local deadline=$((SECONDS + POE_READY_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ! server_pid "$name" "$(cat "$RUN_DIR/$name.marker" 2>/dev/null || echo '?')" >/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "$name exited before it was ready; its log: $logfile"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$logfile" >&2 || true
      die "$name was not ready after ${POE_READY_TIMEOUT}s; its log: $logfile"
    fi
    sleep 0.3
  done
}
