#!/usr/bin/env bash
# Starts Kafka (KRaft), the MongoDB-API servers (SecantusDB, the default, and the patched FerretDB
# the integration tests also run on) and MinIO on 127.0.0.1 and waits until each answers.
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
MONGO_URL_FERRETDB=mongodb://127.0.0.1:$POE_FERRETDB_PORT/
S3_ENDPOINT=http://127.0.0.1:$POE_MINIO_PORT
S3_REGION=us-east-1
S3_ACCESS_KEY=poe-$(openssl rand -hex 6)
S3_SECRET_KEY=$(openssl rand -hex 24)
S3_BUCKET=poe-documents
ENV
  umask 022
fi
# The addresses follow this run's ports (POE_*_PORT may differ from the run that wrote the file);
# the credentials stay. A file written before the second database server gets its address too.
{ grep -v -e '^KAFKA_BROKERS=' -e '^MONGO_URL=' -e '^MONGO_URL_FERRETDB=' -e '^S3_ENDPOINT=' "$ENV_FILE"
  echo "KAFKA_BROKERS=127.0.0.1:$POE_KAFKA_PORT"
  echo "MONGO_URL=mongodb://127.0.0.1:$POE_MONGO_PORT/"
  echo "MONGO_URL_FERRETDB=mongodb://127.0.0.1:$POE_FERRETDB_PORT/"
  echo "S3_ENDPOINT=http://127.0.0.1:$POE_MINIO_PORT"
} >"$ENV_FILE.new"
chmod 600 "$ENV_FILE.new" && mv "$ENV_FILE.new" "$ENV_FILE"
# shellcheck disable=SC1090
set -a; source "$ENV_FILE"; set +a

# start NAME MARKER LOGFILE COMMAND...: runs COMMAND detached in its own session, records its pid.
start() {
  local name=$1 marker=$2 logfile=$3; shift 3
  if pid=$(server_pid "$name" "$marker"); then
    log "$name already running (pid $pid)"
    return 1
  fi
  # Ours, but an older build (a pin or patch changed since it started): replace it.
  local previous old
  previous=$(cat "$RUN_DIR/$name.marker" 2>/dev/null || true)
  if [ -n "$previous" ] && [ "$previous" != "$marker" ] && old=$(server_pid "$name" "$previous"); then
    log "$name (pid $old) is an older build; stopping it to start the current one"
    kill -TERM "$old"
    for _ in $(seq 1 100); do kill -0 "$old" 2>/dev/null || break; sleep 0.2; done
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
  case $1 in kafka) p=$POE_KAFKA_PORT ;; mongo) p=$POE_MONGO_PORT ;; ferretdb) p=$POE_FERRETDB_PORT ;; minio) p=$POE_MINIO_PORT ;; esac
  if port_open "$p"; then die "port $p for $1 is taken by a process this project did not start; set POE_${1^^}_PORT or stop it"; fi
}

# --- Kafka, KRaft combined mode, one node, SASL/SCRAM on the client listener, ACLs ---
# One SCRAM principal per service, one for the broker itself, one (super user) for provisioning and
# one for the tests' own topics (t.*). Passwords are made once per checkout into infra.env.
KAFKA_PRINCIPALS=(broker admin claims documents review tests)
kafka_secret_added=0
for who in "${KAFKA_PRINCIPALS[@]}"; do
  var="KAFKA_${who^^}_PASSWORD"
  if [ -z "${!var:-}" ]; then
    (umask 077; echo "$var=$(openssl rand -hex 24)" >>"$ENV_FILE")
    kafka_secret_added=1
  fi
done
grep -q '^KAFKA_SASL_MECHANISM=' "$ENV_FILE" || (umask 077; echo "KAFKA_SASL_MECHANISM=scram-sha-512" >>"$ENV_FILE")
if [ "$kafka_secret_added" = 1 ]; then
  # shellcheck disable=SC1090
  set -a; source "$ENV_FILE"; set +a
fi
kafka_dir="$DATA_DIR/kafka"
kafka_log="$LOG_DIR/kafka.log"
kafka_props="$RUN_DIR/kafka.properties"
# The controller listener cannot use SCRAM (its users live in the metadata it serves): PLAIN with
# the broker's password from this file, which is mode 600 like infra.env.
(umask 077; cat >"$kafka_props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$POE_KAFKA_CONTROLLER_PORT
listeners=SASL_PLAINTEXT://127.0.0.1:$POE_KAFKA_PORT,CONTROLLER://127.0.0.1:$POE_KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$POE_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="poe-broker" password="$KAFKA_BROKER_PASSWORD";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="poe-broker" password="$KAFKA_BROKER_PASSWORD" user_poe-broker="$KAFKA_BROKER_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:poe-broker;User:poe-admin
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
)
kafka_cp="$KAFKA_LIBS/*"
kafka_java=(java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -Dlog4j2.configurationFile="$POE_ROOT/infra/kafka/log4j2.properties" -cp "$kafka_cp")
# The SCRAM users are written into the storage when it is formatted. Storage formatted for other
# passwords (or before SASL) cannot be used: it is formatted again (local data; topics are
# recreated by provisioning).
kafka_users_hash=$(for who in "${KAFKA_PRINCIPALS[@]}"; do var="KAFKA_${who^^}_PASSWORD"; echo "$who=${!var}"; done | sha256sum | cut -c1-16)
if [ -f "$kafka_dir/meta.properties" ] && [ "$(cat "$DATA_DIR/kafka.scram-users" 2>/dev/null)" != "$kafka_users_hash" ]; then
  if server_pid kafka "kafka.Kafka $kafka_props" >/dev/null; then
    die "Kafka runs with storage formatted for other SASL users; stop it (scripts/infra/down.sh kafka) and run up.sh again"
  fi
  log "Kafka storage in $kafka_dir was formatted without this checkout's SASL users: formatting it again"
  rm -rf "$kafka_dir"
fi
if [ ! -f "$kafka_dir/meta.properties" ]; then
  log "formatting Kafka storage in $kafka_dir"
  scram=()
  for who in "${KAFKA_PRINCIPALS[@]}"; do
    var="KAFKA_${who^^}_PASSWORD"
    scram+=(--add-scram "SCRAM-SHA-512=[name=poe-$who,password=${!var}]")
  done
  "${kafka_java[@]}" kafka.tools.StorageTool format -t "$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
    -c "$kafka_props" "${scram[@]}" >>"$LOG_DIR/kafka-format.log" 2>&1 || die "formatting Kafka storage failed; its log: $LOG_DIR/kafka-format.log"
  echo "$kafka_users_hash" >"$DATA_DIR/kafka.scram-users"
fi
start kafka "kafka.Kafka $kafka_props" "$kafka_log" "${kafka_java[@]}" kafka.Kafka "$kafka_props" || true

# --- The MongoDB-API server: SecantusDB (WiredTiger), every commit synced before it is acknowledged ---
mkdir -p "$DATA_DIR/secantus"
secantusd="$(secantus_venv)/bin/secantusd-py"
start mongo "$secantusd" "$LOG_DIR/mongo.log" "$secantusd" --host 127.0.0.1 --port "$POE_MONGO_PORT" \
  --storage-path "$DATA_DIR/secantus" --sync-on-commit --log-level WARNING || true

# --- The second server: FerretDB v1 (SQLite) with the project's patches, for the portability run ---
mkdir -p "$DATA_DIR/ferretdb"
start ferretdb "$(ferretdb_bin)" "$LOG_DIR/ferretdb.log" "$(ferretdb_bin)" \
  --listen-addr "127.0.0.1:$POE_FERRETDB_PORT" --handler sqlite --sqlite-url "file:$DATA_DIR/ferretdb/" || true

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
mongo_ready() { port_open "$POE_MONGO_PORT"; }
ferretdb_ready() { port_open "$POE_FERRETDB_PORT"; }
minio_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$POE_MINIO_PORT/minio/health/ready"; }
wait_ready mongo "$LOG_DIR/mongo.log" mongo_ready
wait_ready ferretdb "$LOG_DIR/ferretdb.log" ferretdb_ready
wait_ready minio "$LOG_DIR/minio.log" minio_ready
MINIO_ENDPOINT="127.0.0.1:$POE_MINIO_PORT" "$(minio_admin_bin)" "$S3_BUCKET" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" \
  "${MINIO_DOCUMENTS_PREFIXES[@]}" >>"$LOG_DIR/minio-admin.log" 2>&1 ||
  die "creating the documents service's MinIO user failed; its log: $LOG_DIR/minio-admin.log"
wait_ready kafka "$kafka_log" kafka_ready
log "ready: Kafka 127.0.0.1:$POE_KAFKA_PORT, SecantusDB mongodb://127.0.0.1:$POE_MONGO_PORT (FerretDB :$POE_FERRETDB_PORT), MinIO http://127.0.0.1:$POE_MINIO_PORT (settings: $ENV_FILE)"
