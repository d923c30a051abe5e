#!/usr/bin/env bash
# terraform-check.sh — check terraform/ without touching AWS or the network:
#   1. terraform fmt -check -recursive (read-only, on the repo's files)
#   2. terraform init -backend=false -plugin-dir=<cached AWS provider 5.100.0> + terraform validate,
#      in a temporary copy, so no .terraform/ or lock file is ever left in the repo.
#   3. optional (--plan-endpoint URL): terraform plan against a local AWS emulator such as
#      moto_server (every AWS endpoint of the provider pointed at URL, dummy credentials);
#      --plan-json FILE also writes the plan as JSON (terraform show -json) to FILE;
#      --plan-var NAME=VALUE (repeatable) sets a variable of that plan (e.g. build_worker_image=true).
#
# Usage: scripts/terraform-check.sh [--plan-endpoint http://127.0.0.1:PORT [--plan-json FILE] [--plan-var N=V]...]
#
# Environment:
#   BENCHFLEET_TF_PLUGIN_DIR  directory that contains registry.terraform.io/hashicorp/aws/5.100.0/...
#                             (default: searched for, see find_plugin_dir)
#   BENCHFLEET_TF_DIR         configuration to check (default: terraform/ of this repo)
# If terraform or the cached provider is missing the validate step prints SKIP and exits 0.
set -euo pipefail

PROG=$(basename "$0")
PROVIDER_VERSION=5.100.0
repo_root=$(cd "$(dirname "$0")/.." && pwd)
tf_dir=${BENCHFLEET_TF_DIR:-$repo_root/terraform}

plan_endpoint=""
plan_json=""
plan_vars=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help)
      sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    --plan-endpoint)
      [ $# -ge 2 ] || {
        echo "$PROG: --plan-endpoint needs a URL" >&2
        exit 2
      }
      plan_endpoint=$2
      shift
      ;;
    --plan-json)
      [ $# -ge 2 ] || {
        echo "$PROG: --plan-json needs a file name" >&2
        exit 2
      }
      plan_json=$2
      shift
      ;;
    --plan-var)
      [[ $# -ge 2 && $2 =~ ^[a-z_][a-z0-9_]*= ]] || {
        echo "$PROG: --plan-var needs NAME=VALUE" >&2
        exit 2
      }
      plan_vars+=(-var "$2")
      shift
      ;;
    *)
      echo "$PROG: unknown argument: $1 (usage: $PROG [--plan-endpoint URL [--plan-json FILE] [--plan-var N=V]...])" >&2
      exit 2
      ;;
  esac
  shift
done

if [ -n "$plan_endpoint" ] && [[ ! $plan_endpoint =~ ^http://(127\.[0-9]+\.[0-9]+\.[0-9]+|localhost|\[::1\]):[0-9]+/?$ ]]; then
  echo "$PROG: --plan-endpoint must be a local emulator URL (http://127.0.0.1:PORT), got '$plan_endpoint'" >&2
  exit 2
fi

if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIP terraform fmt/validate: terraform is not on PATH (install Terraform >= 1.5)"
  exit 0
fi

# No version checks, no CLI config (its absence only causes a warning), no prompts.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
work=$(mktemp -d "${TMPDIR:-/tmp}/benchfleet-tf.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/terraformrc"
export TF_CLI_CONFIG_FILE=$work/terraformrc

echo "== terraform fmt -check -recursive terraform/"
if ! terraform -chdir="$tf_dir" fmt -check -recursive -diff -no-color; then
  echo "FAIL terraform fmt: run 'terraform -chdir=terraform fmt -recursive'" >&2
  exit 1
fi
echo "ok: formatting"

# The plugin dir is the parent of registry.terraform.io/hashicorp/aws/<version>/<os_arch>/.
find_plugin_dir() {
  local candidate binary
  if [ -n "${BENCHFLEET_TF_PLUGIN_DIR:-}" ]; then
    printf '%s\n' "$BENCHFLEET_TF_PLUGIN_DIR"
    return 0
  fi
  for candidate in /opt/tf-plugins "$HOME/.terraform.d/plugins" \
    "$HOME/.local/share/terraform/plugins" /usr/local/share/terraform/plugins \
    /usr/share/terraform/plugins; do
    if compgen -G "$candidate/registry.terraform.io/hashicorp/aws/$PROVIDER_VERSION/*/terraform-provider-aws_v${PROVIDER_VERSION}*" >/dev/null; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  binary=$(find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
    -name "terraform-provider-aws_v${PROVIDER_VERSION}*" -path '*registry.terraform.io*' -print 2>/dev/null | head -n 1 || true)
  if [ -n "$binary" ]; then
    # .../<plugin dir>/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_...
    dirname "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$binary")")")")")"
    return 0
  fi
  return 1
}

if ! plugin_dir=$(find_plugin_dir) ||
  ! compgen -G "$plugin_dir/registry.terraform.io/hashicorp/aws/$PROVIDER_VERSION/*/terraform-provider-aws_v${PROVIDER_VERSION}*" >/dev/null; then
  if [ -n "${BENCHFLEET_TF_PLUGIN_DIR:-}" ]; then
    looked="under BENCHFLEET_TF_PLUGIN_DIR=$BENCHFLEET_TF_PLUGIN_DIR"
  else
    looked="under /opt/tf-plugins, ~/.terraform.d/plugins and the whole filesystem; set BENCHFLEET_TF_PLUGIN_DIR to point at it"
  fi
  echo "SKIP terraform validate: AWS provider $PROVIDER_VERSION cache not found (no registry.terraform.io/hashicorp/aws/$PROVIDER_VERSION $looked)"
  exit 0
fi

# Temporary copy without any local state, lock file or .terraform/.
copy=$work/terraform
mkdir -p "$copy"
tar -C "$tf_dir" --exclude=.terraform --exclude='*.tfstate*' --exclude=.terraform.lock.hcl \
  --exclude='*.tfvars' --exclude='*.tfvars.json' -cf - . | tar -C "$copy" -xf -
export TF_DATA_DIR=$copy/.terraform

echo "== terraform init -backend=false -plugin-dir=$plugin_dir (offline, in a temp copy)"
if ! terraform -chdir="$copy" init -backend=false -input=false -no-color -plugin-dir="$plugin_dir" >"$work/init.log" 2>&1; then
  cat "$work/init.log" >&2
  echo "FAIL terraform init" >&2
  exit 1
fi
echo "ok: init"

echo "== terraform validate"
if ! terraform -chdir="$copy" validate -no-color; then
  echo "FAIL terraform validate" >&2
  exit 1
fi

if [ -z "$plan_endpoint" ]; then
  exit 0
fi

# --- optional plan against a local emulator --------------------------------------------------
echo "== terraform plan against $plan_endpoint"
endpoint=${plan_endpoint%/}
cat >"$copy/zz_local_emulator_override.tf" <<EOF
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  s3_use_path_style           = true

  endpoints {
    autoscaling    = "$endpoint"
    cloudwatch     = "$endpoint"
    cloudwatchlogs = "$endpoint"
    ec2            = "$endpoint"
    iam            = "$endpoint"
    imagebuilder   = "$endpoint"
    rds            = "$endpoint"
    s3             = "$endpoint"
    secretsmanager = "$endpoint"
    sns            = "$endpoint"
    sqs            = "$endpoint"
    ssm            = "$endpoint"
    sts            = "$endpoint"
  }
}
EOF
cat >"$copy/check.auto.tfvars" <<'EOF'
worker_ami_id = "ami-12c6146b"
harbor_image  = "registry.example.internal/harbor:check"
alarm_emails  = ["ops@example.org"]
worker_secret_arns = {
  ANTHROPIC_API_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:benchfleet/anthropic-AbCdEf"
}
EOF
# Keep real AWS settings of the caller away from the emulator run.
if ! env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
  AWS_ENDPOINT_URL="$endpoint" AWS_EC2_METADATA_DISABLED=true \
  terraform -chdir="$copy" plan -input=false -no-color -lock=false "${plan_vars[@]}" -out="$work/plan.out" >"$work/plan.log" 2>&1; then
  cat "$work/plan.log" >&2
  echo "FAIL terraform plan against $endpoint" >&2
  exit 1
fi
grep -E '^Plan:' "$work/plan.log" || true
if [ -n "$plan_json" ]; then
  terraform -chdir="$copy" show -json -no-color "$work/plan.out" >"$plan_json"
  echo "plan JSON written to $plan_json"
fi
echo "ok: plan"
