#!/usr/bin/env bash
# Prints each local server's state; exits 0 only when all four are running.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ok=0
for name in kafka mongo ferretdb minio; do
  marker=$(cat "$RUN_DIR/$name.marker" 2>/dev/null || echo '?')
  if pid=$(server_pid "$name" "$marker"); then
    rss=$(awk '/VmRSS/ {print int($2/1024) " MiB"}' "/proc/$pid/status")
    printf '%-9s running  pid %-8s rss %-9s log %s\n' "$name" "$pid" "$rss" "$LOG_DIR/$name.log"
  else
    printf '%-9s stopped\n' "$name"; ok=1
  fi
done
exit $ok
