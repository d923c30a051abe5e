#!/bin/bash
# benchfleet-resolve-secrets ROLE [USER] — installed on the hosts by the user data (see
# templates/*-user-data.sh.tftpl); the unit runs it as root (ExecStartPre=+) on every start.
#
# Resolves the secrets named in /etc/benchfleet/ROLE.env into /run/benchfleet/ROLE-secrets.env
# (tmpfs; readable only by USER, default benchfleet), which benchfleet-exec exports to the service:
#   BENCHFLEET_DB_SECRET_ARN     -> BENCHFLEET_DB_USER, BENCHFLEET_DB_PASSWORD
#   BENCHFLEET_SECRET_<NAME>_ARN -> <NAME>        (for every name in BENCHFLEET_SECRET_NAMES)
# Secret values never touch a persistent disk, the Terraform state or the user data.
# Needs the AWS CLI and python3 on the AMI; without them it writes no file and the application
# has to read the ARNs itself. A failed lookup fails the start (systemd retries the unit).
set -euo pipefail

role=${1:?usage: benchfleet-resolve-secrets worker|manager [user]}
user=${2:-benchfleet}
conf_dir=${BENCHFLEET_CONF_DIR:-/etc/benchfleet}
run_dir=${BENCHFLEET_RUN_DIR:-/run/benchfleet}
conf=$conf_dir/$role.env
out=$run_dir/$role-secrets.env

umask 077
mkdir -p "$run_dir"
chmod 0755 "$run_dir"
rm -f "$out"

if ! command -v aws >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  echo "benchfleet-resolve-secrets: the AWS CLI or python3 is missing; the application must read the secret ARNs itself" >&2
  exit 0
fi

tmp=$(mktemp "$run_dir/.secrets.XXXXXX")
trap 'rm -f "$tmp"' EXIT

setting() {
  sed -n "s/^$1=//p" "$conf" | head -n 1
}

region=$(setting AWS_REGION)

fetch() {
  aws secretsmanager get-secret-value --region "$region" --secret-id "$1" \
    --query SecretString --output text
}

# Writes NAME='value' lines that bash can source (shlex.quote). Values travel in the environment,
# never on a command line that other users could see.
emit_lines() {
  python3 -c '
import json, os, shlex
if os.environ["BF_KIND"] == "db":
    secret = json.loads(os.environ["BF_VALUE"])
    print("BENCHFLEET_DB_USER=" + shlex.quote(str(secret["username"])))
    print("BENCHFLEET_DB_PASSWORD=" + shlex.quote(str(secret["password"])))
else:
    print(os.environ["BF_NAME"] + "=" + shlex.quote(os.environ["BF_VALUE"]))
'
}

db_arn=$(setting BENCHFLEET_DB_SECRET_ARN)
if [ -n "$db_arn" ]; then
  value=$(fetch "$db_arn")
  BF_KIND=db BF_VALUE=$value emit_lines >>"$tmp"
fi

names=$(setting BENCHFLEET_SECRET_NAMES)
for name in ${names//,/ }; do
  if [[ ! $name =~ ^[A-Z][A-Z0-9_]*$ ]]; then
    echo "benchfleet-resolve-secrets: invalid secret name '$name' in $conf" >&2
    exit 1
  fi
  arn=$(setting "BENCHFLEET_SECRET_${name}_ARN")
  if [ -z "$arn" ]; then
    echo "benchfleet-resolve-secrets: no BENCHFLEET_SECRET_${name}_ARN in $conf" >&2
    exit 1
  fi
  value=$(fetch "$arn")
  BF_KIND=named BF_NAME=$name BF_VALUE=$value emit_lines >>"$tmp"
done

if [ "$(id -u)" -eq 0 ]; then
  chown "$user" "$tmp"
fi
chmod 0400 "$tmp"
mv -f "$tmp" "$out"
echo "benchfleet-resolve-secrets: wrote $out"
