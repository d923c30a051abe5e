#!/usr/bin/env bash
# Single entry point for the scripts/ and terraform/ tests: runs `bats scripts/test` and exits
# with bats' status. Installs nothing. Needs bats (>= 1.5); uses shellcheck, terraform (with the
# cached AWS provider), the AWS CLI and moto_server when present and skips what they cover if not.
#
# Usage: scripts/test/run.sh [extra bats options, e.g. --timing or --filter 'status']
# Prints bats' TAP output, then one summary line: "bats: N passed, N failed, N skipped".
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/../.." && pwd)

if ! command -v bats >/dev/null 2>&1; then
  cat >&2 <<'MSG'
bats is not installed. Install it, then run this again:
  Debian/Ubuntu:  sudo apt-get install -y bats shellcheck
  macOS:          brew install bats-core shellcheck
  npm:            npm install -g bats
MSG
  exit 1
fi

cd "$repo_root"
log=$(mktemp "${TMPDIR:-/tmp}/benchfleet-bats.XXXXXX")
trap 'rm -f "$log"' EXIT

status=0
bats --tap "$@" scripts/test | tee "$log" || status=$?
# With pipefail the pipeline's status is bats' unless tee itself failed.

skipped=$(grep -Ec '^ok [0-9]+ .*# skip' "$log" || true)
passed=$(($(grep -Ec '^ok [0-9]+' "$log" || true) - skipped))
failed=$(grep -Ec '^not ok [0-9]+' "$log" || true)
echo "bats: $passed passed, $failed failed, $skipped skipped"
exit "$status"
