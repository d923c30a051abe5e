#!/usr/bin/env bash
# scale.sh — size the benchfleet worker Auto Scaling group by hand (what the manager's
# FleetScaler does automatically). Uses the AWS CLI (v2 recommended; v1 works too).
#
#   scripts/scale.sh up N     [--dry-run] [--asg NAME] [--region R]
#   scripts/scale.sh down     [--dry-run] [--asg NAME] [--region R]
#   scripts/scale.sh status   [--asg NAME] [--region R]
#
# Run `scripts/scale.sh --help` for details.
set -euo pipefail

PROG=$(basename "$0")

usage() {
  cat <<EOF
Usage: $PROG up N | down | status [--dry-run] [--asg NAME] [--region R]

Size the benchfleet worker Auto Scaling group with the AWS CLI.

Commands:
  up N      set the desired capacity to N (0..BENCHFLEET_MAX_HOSTS, and not above the
            group's MaxSize) and wait until N instances are InService
  down      set the desired capacity to 0 and wait until no instances remain
  status    desired/min/max, instances by lifecycle state and health, pending spot
            interruptions and recent scaling activities

Options:
  --dry-run, -n   print what would be done; change nothing (the group is still read)
  --asg NAME      Auto Scaling group name (default: \$BENCHFLEET_ASG_NAME;
                  \`terraform -chdir=terraform output -raw asg_name\` prints it)
  --region R      AWS region (default: \$AWS_REGION, then \$AWS_DEFAULT_REGION, then the CLI config)
  -h, --help      show this help

Environment:
  BENCHFLEET_ASG_NAME        group name when --asg is not given
  BENCHFLEET_MAX_HOSTS       upper bound for N (default 200)
  BENCHFLEET_SCALE_TIMEOUT   seconds to wait in up/down (default 900)
  BENCHFLEET_SCALE_POLL      seconds between polls while waiting (default 10)
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL and the other AWS CLI variables are honoured.

Exit status: 0 done; 1 AWS or configuration error; 2 bad command line; 3 timed out waiting.
EOF
}

# --- messages -----------------------------------------------------------------------------

err() {
  printf '%s: error: %s\n' "$PROG" "$*" >&2
}

# fail EXIT_CODE MESSAGE...
fail() {
  local code=$1
  shift
  err "$*"
  exit "$code"
}

usage_error() {
  err "$*"
  usage >&2
  exit 2
}

is_uint() {
  [[ $1 =~ ^[0-9]+$ ]]
}

# --- arguments ----------------------------------------------------------------------------

dry_run=false
asg_name=${BENCHFLEET_ASG_NAME:-}
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
positional=()

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    -n | --dry-run)
      dry_run=true
      ;;
    --asg)
      [ $# -ge 2 ] || usage_error "--asg needs a value"
      asg_name=$2
      shift
      ;;
    --asg=*)
      asg_name=${1#--asg=}
      ;;
    --region)
      [ $# -ge 2 ] || usage_error "--region needs a value"
      region=$2
      shift
      ;;
    --region=*)
      region=${1#--region=}
      ;;
    --)
      shift
      positional+=("$@")
      break
      ;;
    -[0-9]*)
      # A negative number is a (bad) N, not an option: let the N check explain it.
      positional+=("$1")
      ;;
    -*)
      usage_error "unknown option: $1"
      ;;
    *)
      positional+=("$1")
      ;;
  esac
  shift
done

[ ${#positional[@]} -gt 0 ] || usage_error "missing command (up N, down or status)"
command=${positional[0]}
target=""

max_hosts=${BENCHFLEET_MAX_HOSTS:-200}
if ! is_uint "$max_hosts" || [ "${#max_hosts}" -gt 6 ]; then
  fail 1 "BENCHFLEET_MAX_HOSTS must be a whole number (got '$max_hosts')"
fi
max_hosts=$((10#$max_hosts))

case $command in
  up)
    [ ${#positional[@]} -ge 2 ] || usage_error "up needs the number of hosts: $PROG up N"
    [ ${#positional[@]} -le 2 ] || usage_error "unexpected argument: ${positional[2]}"
    target=${positional[1]}
    if ! is_uint "$target" || [ "${#target}" -gt 6 ]; then
      fail 2 "N must be a whole number between 0 and $max_hosts (got '$target')"
    fi
    target=$((10#$target))
    if [ "$target" -gt "$max_hosts" ]; then
      fail 2 "N=$target is above the maximum of $max_hosts hosts (BENCHFLEET_MAX_HOSTS)"
    fi
    ;;
  down)
    [ ${#positional[@]} -le 1 ] || usage_error "unexpected argument: ${positional[1]}"
    target=0
    ;;
  status)
    [ ${#positional[@]} -le 1 ] || usage_error "unexpected argument: ${positional[1]}"
    ;;
  *)
    usage_error "unknown command: $command"
    ;;
esac

timeout_s=${BENCHFLEET_SCALE_TIMEOUT:-900}
is_uint "$timeout_s" || fail 1 "BENCHFLEET_SCALE_TIMEOUT must be a whole number of seconds (got '$timeout_s')"
timeout_s=$((10#$timeout_s))
poll_s=${BENCHFLEET_SCALE_POLL:-10}
if [[ ! $poll_s =~ ^[0-9]+(\.[0-9]+)?$ ]] || [[ $poll_s =~ ^0+(\.0+)?$ ]]; then
  fail 1 "BENCHFLEET_SCALE_POLL must be a positive number of seconds (got '$poll_s')"
fi

[ -n "$asg_name" ] ||
  fail 1 "no Auto Scaling group name: pass --asg NAME or set BENCHFLEET_ASG_NAME (terraform -chdir=terraform output -raw asg_name prints it)"

command -v aws >/dev/null 2>&1 ||
  fail 1 "the AWS CLI ('aws') is not on PATH: install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)"

# --- AWS CLI wrapper ----------------------------------------------------------------------

export AWS_PAGER=""
aws_region_args=()
if [ -n "$region" ]; then
  aws_region_args=(--region "$region")
fi

tmp_dir=$(mktemp -d "${TMPDIR:-/tmp}/benchfleet-scale.XXXXXX")
trap 'rm -rf "$tmp_dir"' EXIT

where() {
  local w="region ${region:-from the AWS CLI config}"
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
    w="$w, endpoint $AWS_ENDPOINT_URL"
  fi
  printf '%s' "$w"
}

# One line out of the CLI's error output.
aws_error_text() {
  tr '\n\r\t' '   ' <"$1" | sed -e 's/  */ /g' -e 's/^ //' -e 's/ $//' | cut -c1-400
}

# aws_out SERVICE OPERATION ARGS... : run the CLI, print its stdout; on failure print one
# line naming the group, the AWS error and what to check, and exit 1.
aws_out() {
  local service=$1 operation=$2
  if ! aws ${aws_region_args[@]+"${aws_region_args[@]}"} "$@" 2>"$tmp_dir/err"; then
    local msg action
    msg=$(aws_error_text "$tmp_dir/err")
    msg=${msg%.}
    # describe-auto-scaling-groups -> DescribeAutoScalingGroups (the IAM action name)
    action=$(awk -F- '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), substr($i, 2) }' <<<"$operation")
    fail 1 "aws $service $operation failed for Auto Scaling group '$asg_name' ($(where)): ${msg:-no error output}. Check AWS credentials (AWS_PROFILE / AWS_ACCESS_KEY_ID), AWS_REGION, AWS_ENDPOINT_URL and IAM permission $service:$action."
  fi
}

# Like aws_out, but for best-effort lookups: prints nothing and returns 1 on failure,
# leaving the one-line error in $tmp_dir/soft_err.
aws_soft() {
  if ! aws ${aws_region_args[@]+"${aws_region_args[@]}"} "$@" 2>"$tmp_dir/err"; then
    aws_error_text "$tmp_dir/err" >"$tmp_dir/soft_err"
    return 1
  fi
}

# Reads the group into: g_desired g_min g_max g_total g_inservice.
read_group() {
  local out
  out=$(aws_out autoscaling describe-auto-scaling-groups \
    --auto-scaling-group-names "$asg_name" \
    --query "AutoScalingGroups[0].[DesiredCapacity,MinSize,MaxSize,length(Instances),length(Instances[?LifecycleState=='InService'])]" \
    --output text)
  out=$(printf '%s' "$out" | tr -s ' \t\n' ' ')
  if [ -z "${out// /}" ] || [[ $out == None* ]]; then
    fail 1 "Auto Scaling group '$asg_name' not found ($(where)): describe-auto-scaling-groups returned no such group. Check --asg / BENCHFLEET_ASG_NAME (terraform -chdir=terraform output -raw asg_name), AWS_REGION and which account your credentials belong to."
  fi
  read -r g_desired g_min g_max g_total g_inservice <<<"$out"
  local v
  for v in "$g_desired" "$g_min" "$g_max" "$g_total" "$g_inservice"; do
    is_uint "$v" || fail 1 "unexpected answer from describe-auto-scaling-groups for '$asg_name' ($(where)): '$out'"
  done
}

# --- waiting ------------------------------------------------------------------------------

progress_end=""
progress() {
  if [ -t 1 ]; then
    printf '\r\033[K%s' "$*"
    progress_end=$'\n'
  else
    printf '%s\n' "$*"
  fi
}

# wait_until up|down TARGET
wait_until() {
  local mode=$1 want=$2 start=$SECONDS elapsed warned=false
  while :; do
    read_group
    elapsed=$((SECONDS - start))
    if [ "$mode" = up ] && [ "$g_inservice" -eq "$want" ]; then
      printf '%s' "$progress_end"
      echo "done: ASG $asg_name has $g_inservice/$want instances InService (${elapsed}s)"
      return 0
    fi
    if [ "$mode" = down ] && [ "$g_total" -eq 0 ]; then
      printf '%s' "$progress_end"
      echo "done: ASG $asg_name has no instances left (${elapsed}s)"
      return 0
    fi
    if [ "$g_desired" -ne "$want" ] && [ "$warned" = false ]; then
      printf '%s' "$progress_end"
      progress_end=""
      echo "note: desired capacity of $asg_name is now $g_desired, not $want: something else (the manager's FleetScaler?) changed it"
      warned=true
    fi
    if [ "$mode" = up ]; then
      progress "waiting for ASG $asg_name: $g_inservice/$want InService, $g_total instances, desired $g_desired (${elapsed}s of ${timeout_s}s)"
    else
      progress "waiting for ASG $asg_name: $g_total instances left, $g_inservice InService, desired $g_desired (${elapsed}s of ${timeout_s}s)"
    fi
    if [ "$elapsed" -ge "$timeout_s" ]; then
      printf '%s' "$progress_end"
      if [ "$mode" = up ]; then
        fail 3 "timed out after ${timeout_s}s waiting for ASG '$asg_name' to reach $want InService instances ($g_inservice InService, $g_total total, desired $g_desired). Check its scaling activities (aws autoscaling describe-scaling-activities --auto-scaling-group-name $asg_name), spot capacity for its instance types and instance health; raise BENCHFLEET_SCALE_TIMEOUT to wait longer."
      else
        fail 3 "timed out after ${timeout_s}s waiting for ASG '$asg_name' to have no instances ($g_total left, desired $g_desired). Instances may be draining in Terminating:Wait (lifecycle hook) or protected from scale-in; check aws autoscaling describe-scaling-activities --auto-scaling-group-name $asg_name; raise BENCHFLEET_SCALE_TIMEOUT to wait longer."
      fi
    fi
    sleep "$poll_s"
  done
}

# --- commands -----------------------------------------------------------------------------

scale_to() {
  local want=$1 mode=$2
  read_group
  if [ "$want" -gt "$g_max" ]; then
    fail 1 "cannot scale ASG '$asg_name' to $want hosts: its MaxSize is $g_max. Raise max_hosts in terraform/ (or aws autoscaling update-auto-scaling-group --max-size) first."
  fi
  if [ "$want" -lt "$g_min" ]; then
    fail 1 "cannot scale ASG '$asg_name' to $want hosts: its MinSize is $g_min. Lower it first (aws autoscaling update-auto-scaling-group --min-size 0)."
  fi

  if [ "$g_desired" -eq "$want" ]; then
    echo "ASG $asg_name is already at desired capacity $want ($g_inservice InService, $g_total instances)"
  else
    echo "scaling ASG $asg_name from $g_desired to $want hosts"
  fi

  if [ "$dry_run" = true ]; then
    if [ "$g_desired" -ne "$want" ]; then
      echo "dry run: would run aws autoscaling set-desired-capacity --auto-scaling-group-name $asg_name --desired-capacity $want"
    fi
    if [ "$mode" = up ]; then
      echo "dry run: would then wait up to ${timeout_s}s for $want instances InService; nothing changed"
    else
      echo "dry run: would then wait up to ${timeout_s}s until no instances remain; nothing changed"
    fi
    return 0
  fi

  if [ "$g_desired" -ne "$want" ]; then
    aws_out autoscaling set-desired-capacity \
      --auto-scaling-group-name "$asg_name" \
      --desired-capacity "$want" >/dev/null
  fi
  wait_until "$mode" "$want"
}

status() {
  read_group
  echo "ASG $asg_name ($(where))"
  echo "  desired: $g_desired  min: $g_min  max: $g_max"
  echo "  instances: $g_total ($g_inservice InService)"

  local instances
  instances=$(aws_out autoscaling describe-auto-scaling-groups \
    --auto-scaling-group-names "$asg_name" \
    --query "AutoScalingGroups[0].Instances[].[InstanceId,InstanceType || '-',AvailabilityZone || '-',LifecycleState || '-',HealthStatus || '-']" \
    --output text)

  if [ -z "$instances" ] || [ "$g_total" -eq 0 ]; then
    echo "  by lifecycle state and health: (no instances)"
  else
    echo "  by lifecycle state and health:"
    awk 'NF { print $4 " / " $5 }' <<<"$instances" | sort | uniq -c |
      awk '{ n = $1; $1 = ""; sub(/^ /, ""); printf "    %-40s %d\n", $0, n }'
  fi

  # Market (spot / on-demand) and pending spot interruptions: best effort, needs ec2 Describe*.
  local ids=() spot_ids=() id lifecycle line described="" spot_count=0
  if [ "$g_total" -gt 0 ]; then
    read -r -a ids <<<"$(awk 'NF { printf "%s ", $1 }' <<<"$instances")"
  fi
  local spot_note=""
  if [ ${#ids[@]} -gt 0 ]; then
    if described=$(aws_soft ec2 describe-instances --instance-ids ${ids[@]+"${ids[@]}"} \
      --query "Reservations[].Instances[].[InstanceId,InstanceLifecycle || 'on-demand']" \
      --output text); then
      while read -r id lifecycle; do
        [ -n "$id" ] || continue
        if [ "$lifecycle" = spot ]; then
          spot_count=$((spot_count + 1))
          spot_ids+=("$id")
        fi
      done <<<"$described"
    else
      spot_note="not visible (ec2 describe-instances: $(cat "$tmp_dir/soft_err"))"
    fi
  fi

  if [ ${#ids[@]} -gt 0 ]; then
    echo "  instances:"
    local itype az state health market
    while read -r id itype az state health; do
      [ -n "$id" ] || continue
      market=$(awk -v id="$id" '$1 == id { print ($2 == "spot") ? "spot" : "on-demand"; exit }' <<<"$described")
      printf '    %-20s %-14s %-12s %-22s %-10s %s\n' "$id" "$itype" "$az" "$state" "$health" "${market:-?}"
    done <<<"$instances"
  fi

  local pending=()
  if [ -z "$spot_note" ] && [ ${#spot_ids[@]} -gt 0 ]; then
    local requests spot_filter
    spot_filter="Name=instance-id,Values=$(IFS=,; printf '%s' "${spot_ids[*]}")"
    if requests=$(aws_soft ec2 describe-spot-instance-requests --filters "$spot_filter" \
      --query "SpotInstanceRequests[].[InstanceId || '-',Status.Code || '-',Status.UpdateTime || '-']" --output text); then
      while read -r line; do
        case $line in
          *marked-for-termination* | *marked-for-stop* | *marked-for-hibernation*) pending+=("$line") ;;
        esac
      done <<<"$requests"
    else
      spot_note="not visible (ec2 describe-spot-instance-requests: $(cat "$tmp_dir/soft_err"))"
    fi
  fi
  local terminating=0
  if [ "$g_total" -gt 0 ]; then
    terminating=$(awk '$4 ~ /^Terminating/ { n++ } END { print n + 0 }' <<<"$instances")
  fi

  if [ -n "$spot_note" ]; then
    echo "  pending spot interruptions: $spot_note"
  elif [ ${#pending[@]} -eq 0 ]; then
    echo "  pending spot interruptions: none ($spot_count spot instances)"
  else
    echo "  pending spot interruptions: ${#pending[@]}"
    for line in ${pending[@]+"${pending[@]}"}; do
      echo "    $line"
    done
  fi
  if [ "$terminating" -gt 0 ]; then
    echo "  terminating (scale-in, rebalancing or interruption): $terminating"
  fi

  local activities
  if activities=$(aws_soft autoscaling describe-scaling-activities --auto-scaling-group-name "$asg_name" \
    --max-items 3 --query 'Activities[].[StartTime,StatusCode,Description]' --output text); then
    if [ -n "$activities" ]; then
      echo "  recent scaling activities:"
      while IFS= read -r line; do
        if [ -z "$line" ] || [ "$line" = None ]; then
          continue
        fi
        printf '    %s\n' "$(tr '\t' ' ' <<<"$line")"
      done <<<"$activities"
    fi
  fi
}

case $command in
  up) scale_to "$target" up ;;
  down) scale_to 0 down ;;
  status) status ;;
esac
