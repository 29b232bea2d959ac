#!/usr/bin/env bash
# Fetches and builds the local servers once; later runs reuse $POE_CACHE. Safe to run repeatedly.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }
need java "Java 17+ runs Kafka"
need mvn "Maven resolves the Kafka jars from Maven Central"
need go "Go builds FerretDB and MinIO"
mkdir -p "$POE_CACHE/bin"

if [ ! -f "$KAFKA_LIBS/.complete" ]; then
  log "resolving Apache Kafka $KAFKA_VERSION from Maven Central"
  rm -rf "$KAFKA_LIBS"
  mvn -B -q -f "$POE_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIBS" -DincludeScope=runtime >&2
  touch "$KAFKA_LIBS/.complete"
fi

build_go() {
  local name=$1 dir=$2 out=$3 pkg=$4
  [ -x "$out" ] && return 0
  log "building $name (first run only; cached as $out)"
  (cd "$POE_ROOT/infra/$dir" && CGO_ENABLED=0 go build -trimpath -o "$out.tmp" "$pkg") >&2
  mv "$out.tmp" "$out"
}
build_go FerretDB ferretdb "$(ferretdb_bin)" . &
ferret_job=$!
build_go MinIO minio "$(minio_bin)" github.com/minio/minio
# Gives the documents service its own MinIO user (scripts/infra/up.sh); same module, no new downloads.
build_go "MinIO admin tool" minio "$(minio_admin_bin)" ./admin
wait "$ferret_job"
