#!/usr/bin/env bash
# Fetches and builds the local servers once; later runs reuse $POE_CACHE. Safe to run repeatedly.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }
need java "Java 17+ runs Kafka"
need mvn "Maven resolves the Kafka jars from Maven Central"
need go "Go builds FerretDB and MinIO"
need python3 "Python runs SecantusDB, the local MongoDB-API server"
need patch "the project's patches to SecantusDB and FerretDB are applied at install"
mkdir -p "$POE_CACHE/bin"
# One install at a time per cache: two checkouts (or a test run and the fault suite) starting at
# once would otherwise build the same virtualenv or binary over each other.
exec 9>"$POE_CACHE/.install.lock"
flock 9

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
# FerretDB v1.24.2 with the project's patches (infra/ferretdb/patches, docs/database.md): the module
# the Go proxy serves is copied, patched and built through a `replace` in a throw-away copy of
# infra/ferretdb, so the checkout stays as committed.
build_ferretdb() {
  local out
  out=$(ferretdb_bin)
  [ -x "$out" ] && return 0
  log "building FerretDB with the project's patches (first run only; cached as $out)"
  local work mod
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' RETURN
  cp -r "$POE_ROOT/infra/ferretdb" "$work/launcher"
  rm -rf "$work/launcher/patches"
  mod=$(cd "$work/launcher" && go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$mod" ] || die "go mod download found no FerretDB module"
  cp -r "$mod" "$work/ferretdb"
  chmod -R u+w "$work/ferretdb"
  for p in "$POE_ROOT"/infra/ferretdb/patches/*.patch; do
    patch -s -p1 -d "$work/ferretdb" <"$p" || die "patch $p does not apply"
  done
  (cd "$work/launcher" && go mod edit -replace "github.com/FerretDB/FerretDB=$work/ferretdb" &&
    CGO_ENABLED=0 go build -trimpath -o "$out.tmp" .) >&2
  mv "$out.tmp" "$out"
}

# SecantusDB (PyPI, pinned in infra/secantus/requirements.txt) in a virtualenv of its own, with the
# project's patches (infra/secantus/patches, docs/database.md).
install_secantus() {
  local venv
  venv=$(secantus_venv)
  [ -f "$venv/.complete" ] && return 0
  log "installing SecantusDB into $venv (first run only)"
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$POE_ROOT/infra/secantus/requirements.txt" >&2 ||
    { rm -rf "$venv"; die "installing SecantusDB failed"; }
  local site p
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  for p in "$POE_ROOT"/infra/secantus/patches/*.patch; do
    patch -s -p1 -d "$site" <"$p" || { rm -rf "$venv"; die "patch $p does not apply"; }
  done
  touch "$venv/.complete"
}

build_ferretdb &
ferret_job=$!
install_secantus &
secantus_job=$!
build_go MinIO minio "$(minio_bin)" github.com/minio/minio
# Gives the documents service its own MinIO user (scripts/infra/up.sh); same module, no new downloads.
build_go "MinIO admin tool" minio "$(minio_admin_bin)" ./admin
wait "$ferret_job"
wait "$secantus_job"
