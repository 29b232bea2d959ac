#!/usr/bin/env bash
# Stops the servers that up.sh started, by their pid files; anything else is left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop() {
  local name=$1 pid
  local marker
  marker=$(cat "$RUN_DIR/$name.marker" 2>/dev/null) || { log "$name: not started by this project"; return 0; }
  if ! pid=$(server_pid "$name" "$marker"); then
    log "$name: not running"
    rm -f "$(pid_file "$name")"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) ignored SIGTERM for 20s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
  log "$name stopped"
}

# The broker last: services and tests may still be flushing to it while the others stop.
for name in "${@:-minio ferretdb mongo kafka}"; do
  for n in $name; do stop "$n"; done
done
