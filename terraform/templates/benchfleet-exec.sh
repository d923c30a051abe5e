#!/bin/bash
# benchfleet-exec SECRETS_FILE COMMAND [ARGS...] — installed on the hosts by the user data.
# Exports the variables of SECRETS_FILE (written by benchfleet-resolve-secrets; skipped if absent)
# and replaces itself with COMMAND, so the service gets its secrets as environment variables
# without them ever being in a unit file, an env file on disk or a command line.
set -euo pipefail

secrets=${1:?usage: benchfleet-exec SECRETS_FILE COMMAND [ARGS...]}
shift
if [ -r "$secrets" ]; then
  set -a
  # shellcheck source=/dev/null
  . "$secrets"
  set +a
fi
exec "$@"
