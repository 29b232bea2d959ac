#!/usr/bin/env bash
# Starts Kafka (KRaft), FerretDB and MinIO on 127.0.0.1 and waits until each answers.
# Idempotent: a server that already runs (by our pid file) is left alone.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$POE_ROOT/scripts/infra/install.sh"
mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"

# Local credentials are generated once per checkout: nothing secret is committed.
if [ ! -f "$ENV_FILE" ]; then
  umask 077
  cat >"$ENV_FILE" <<ENV
KAFKA_BROKERS=127.0.0.1:$POE_KAFKA_PORT
MONGO_URL=mongodb://127.0.0.1:$POE_MONGO_PORT/
S3_ENDPOINT=http://127.0.0.1:$POE_MINIO_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY=poe-$(openssl rand -hex 6)
S3_SECRET_KEY=$(openssl rand -hex 24)
S3_BUCKET=poe-documents
ENV
  umask 022
fi
# shellcheck disable=SC1090
set -a; source "$ENV_FILE"; set +a

# start NAME MARKER LOGFILE COMMAND...: runs COMMAND detached in its own session, records its pid.
start() {
  local name=$1 marker=$2 logfile=$3; shift 3
  if pid=$(server_pid "$name" "$marker"); then
    log "$name already running (pid $pid)"
    return 1
  fi
  port_check_free "$name"
  echo "$marker" >"$RUN_DIR/$name.marker"
  # Each start gets a fresh log (the previous one is kept as .1), so readiness reads this start only.
  [ -f "$logfile" ] && mv "$logfile" "$logfile.1"
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
  log "$name started (pid $!, log $logfile)"
}
port_check_free() {
  local p
  case $1 in kafka) p=$POE_KAFKA_PORT ;; ferretdb) p=$POE_MONGO_PORT ;; minio) p=$POE_MINIO_PORT ;; esac
  if port_open "$p"; then die "port $p for $1 is taken by a process this project did not start; set POE_${1^^}_PORT or stop it"; fi
}

# --- Kafka, KRaft combined mode, one node ---
kafka_dir="$DATA_DIR/kafka"
kafka_log="$LOG_DIR/kafka.log"
kafka_props="$RUN_DIR/kafka.properties"
cat >"$kafka_props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$POE_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$POE_KAFKA_PORT,CONTROLLER://127.0.0.1:$POE_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$POE_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$kafka_dir
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=168
PROPS
kafka_cp="$KAFKA_LIBS/*"
kafka_java=(java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -Dlog4j2.configurationFile="$POE_ROOT/infra/kafka/log4j2.properties" -cp "$kafka_cp")
if [ ! -f "$kafka_dir/meta.properties" ]; then
  log "formatting Kafka storage in $kafka_dir"
  "${kafka_java[@]}" kafka.tools.StorageTool format -t "$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
    -c "$kafka_props" >>"$LOG_DIR/kafka-format.log" 2>&1 || die "formatting Kafka storage failed; its log: $LOG_DIR/kafka-format.log"
fi
start kafka "kafka.Kafka $kafka_props" "$kafka_log" "${kafka_java[@]}" kafka.Kafka "$kafka_props" || true

# --- FerretDB v1, SQLite backend ---
mkdir -p "$DATA_DIR/ferretdb"
start ferretdb "$(ferretdb_bin)" "$LOG_DIR/ferretdb.log" "$(ferretdb_bin)" \
  --listen-addr "127.0.0.1:$POE_MONGO_PORT" --handler sqlite --sqlite-url "file:$DATA_DIR/ferretdb/" || true

# --- MinIO ---
# The root credentials only start the server and create the documents service's own user (after
# readiness, below); the services get that user's keys as S3_ACCESS_KEY / S3_SECRET_KEY, limited to
# the bucket's key prefixes. An infra.env from before this (S3_* were the root's) is converted once.
if [ -z "${MINIO_ROOT_USER:-}" ]; then
  umask 077
  { grep -v -e '^S3_ACCESS_KEY=' -e '^S3_SECRET_KEY=' "$ENV_FILE"
    printf 'S3_ACCESS_KEY=poe-documents-%s\nS3_SECRET_KEY=%s\n' "$(openssl rand -hex 4)" "$(openssl rand -hex 24)"
    printf 'MINIO_ROOT_USER=%s\nMINIO_ROOT_PASSWORD=%s\n' "$S3_ACCESS_KEY" "$S3_SECRET_KEY"
  } >"$ENV_FILE.new"
  mv "$ENV_FILE.new" "$ENV_FILE"
  umask 022
  # shellcheck disable=SC1090
  set -a; source "$ENV_FILE"; set +a
fi
# Key prefixes the documents user may use: the service's default, the tests' and the benchmarks'.
MINIO_DOCUMENTS_PREFIXES=(documents/ t/ bench/)
mkdir -p "$DATA_DIR/minio"
MINIO_BROWSER=off \
  start minio "$(minio_bin)" "$LOG_DIR/minio.log" "$(minio_bin)" server --quiet \
  --address "127.0.0.1:$POE_MINIO_PORT" --console-address "127.0.0.1:$POE_MINIO_CONSOLE_PORT" "$DATA_DIR/minio" || true

kafka_ready() { port_open "$POE_KAFKA_PORT" && grep -q "Kafka Server started" "$kafka_log"; }
ferretdb_ready() { port_open "$POE_MONGO_PORT"; }
minio_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$POE_MINIO_PORT/minio/health/ready"; }
wait_ready ferretdb "$LOG_DIR/ferretdb.log" ferretdb_ready
wait_ready minio "$LOG_DIR/minio.log" minio_ready
MINIO_ENDPOINT="127.0.0.1:$POE_MINIO_PORT" "$(minio_admin_bin)" "$S3_BUCKET" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" \
  "${MINIO_DOCUMENTS_PREFIXES[@]}" >>"$LOG_DIR/minio-admin.log" 2>&1 ||
  die "creating the documents service's MinIO user failed; its log: $LOG_DIR/minio-admin.log"
wait_ready kafka "$kafka_log" kafka_ready
log "ready: Kafka 127.0.0.1:$POE_KAFKA_PORT, FerretDB mongodb://127.0.0.1:$POE_MONGO_PORT, MinIO http://127.0.0.1:$POE_MINIO_PORT (settings: $ENV_FILE)"
