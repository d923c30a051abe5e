#!/bin/sh
# Usage: prepare-launcher.sh BENCHFLEET_JAR DEST SPEC
# Lays out benchfleet's command line in DEST (replacing it): the jar extracted with Spring Boot's jarmode tools (plain
# jars on a class path, which the JVM can archive), the `benchfleet` launcher beside it, and a class-data-sharing
# archive (benchfleet.jsa) the JVM records while one `plan --spec SPEC` runs without a database (the plan then uses the
# spec's estimates), so later commands start with those classes already parsed and verified. The archive belongs to
# this JVM (JAVA_HOME, else java on the PATH) and these jars; the launcher works without it, only slower to start.
set -eu
if [ "$#" -ne 3 ]; then
  echo "usage: prepare-launcher.sh BENCHFLEET_JAR DEST SPEC" >&2
  exit 2
fi
jar=$1 dest=$2 spec=$3
here=$(cd "$(dirname "$0")" && pwd)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
rm -rf "$dest"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dest" >/dev/null
cp "$here/benchfleet" "$dest/benchfleet"
chmod +x "$dest/benchfleet"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
if ! BENCHFLEET_DB_URL=jdbc:postgresql://127.0.0.1:1/no-database "$java" \
    "-XX:ArchiveClassesAtExit=$dest/benchfleet.jsa" -Xlog:cds=off,cds+dynamic=off \
    -jar "$dest/benchfleet.jar" plan --spec "$spec" --state-dir "$state" >"$state/training.log" 2>&1 \
    || [ ! -s "$dest/benchfleet.jsa" ]; then
  echo "warning: no class-data-sharing archive for $dest/benchfleet (the launcher works, starting slower):" \
    "$(tail -n 1 "$state/training.log")" >&2
  rm -f "$dest/benchfleet.jsa"
fi
