#!/usr/bin/env bats
# shellcheck disable=SC2154 # stderr and stderr_lines are set by bats' run --separate-stderr
# scripts/scale.sh against a moto_server started on a free 127.0.0.1 port.
# moto makes instances InService (and removes them) immediately.

bats_require_minimum_version 1.5.0

load moto_helper

SCALE="$BATS_TEST_DIRNAME/../scale.sh"

setup_file() {
  if ! command -v moto_server >/dev/null 2>&1; then
    export SCALE_SKIP="moto_server is not on PATH (pip install 'moto[server]==5.2.1')"
    return 0
  fi
  if ! command -v aws >/dev/null 2>&1; then
    export SCALE_SKIP="the AWS CLI (aws) is not on PATH"
    return 0
  fi
  start_moto "$BATS_FILE_TMPDIR"
  use_moto_env "$(cat "$BATS_FILE_TMPDIR/moto.port")"
  aws ec2 create-launch-template --launch-template-name bf-test-worker \
    --launch-template-data '{"ImageId":"ami-12c6146b","InstanceType":"t3.micro"}' >/dev/null
}

teardown_file() {
  stop_moto "$BATS_FILE_TMPDIR"
}

setup() {
  if [ -n "${SCALE_SKIP:-}" ]; then
    skip "$SCALE_SKIP"
  fi
  unset BENCHFLEET_ASG_NAME BENCHFLEET_MAX_HOSTS BENCHFLEET_SCALE_TIMEOUT
  export BENCHFLEET_SCALE_POLL=0.2
  ASG="bf-test-$BATS_TEST_NUMBER"
}

# make_asg NAME MAX [DESIRED]
make_asg() {
  # shellcheck disable=SC2016 # $Latest is the launch template version, not a shell variable
  aws autoscaling create-auto-scaling-group --auto-scaling-group-name "$1" \
    --launch-template 'LaunchTemplateName=bf-test-worker,Version=$Latest' \
    --min-size 0 --max-size "$2" --desired-capacity "${3:-0}" --availability-zones us-east-1a
}

desired_of() {
  aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$1" \
    --query 'AutoScalingGroups[0].DesiredCapacity' --output text
}

in_service_of() {
  aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$1" \
    --query "length(AutoScalingGroups[0].Instances[?LifecycleState=='InService'])" --output text
}

instances_of() {
  aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$1" \
    --query 'length(AutoScalingGroups[0].Instances)' --output text
}

@test "up 3 sets the desired capacity and waits until 3 instances are InService" {
  make_asg "$ASG" 5
  run -0 "$SCALE" up 3 --asg "$ASG"
  [[ $output == *"scaling ASG $ASG from 0 to 3 hosts"* ]]
  [[ $output == *"done: ASG $ASG has 3/3 instances InService"* ]]
  [ "$(desired_of "$ASG")" = 3 ]
  [ "$(in_service_of "$ASG")" = 3 ]
}

@test "up takes the group from BENCHFLEET_ASG_NAME and options before the command" {
  make_asg "$ASG" 5
  BENCHFLEET_ASG_NAME=$ASG run -0 "$SCALE" --region us-east-1 up 2
  [[ $output == *"scaling ASG $ASG from 0 to 2 hosts"* ]]
  [ "$(in_service_of "$ASG")" = 2 ]
}

@test "up to the current size only waits" {
  make_asg "$ASG" 5 2
  run -0 "$SCALE" up 2 --asg="$ASG"
  [[ $output == *"already at desired capacity 2"* ]]
  [[ $output == *"2/2 instances InService"* ]]
}

@test "down sets the desired capacity to 0 and waits until no instances remain" {
  make_asg "$ASG" 5 3
  [ "$(instances_of "$ASG")" = 3 ]
  run -0 "$SCALE" down --asg "$ASG"
  [[ $output == *"scaling ASG $ASG from 3 to 0 hosts"* ]]
  [[ $output == *"has no instances left"* ]]
  [ "$(desired_of "$ASG")" = 0 ]
  [ "$(instances_of "$ASG")" = 0 ]
}

@test "status prints desired/min/max, instances by state and health, spot interruptions" {
  make_asg "$ASG" 5 2
  run -0 "$SCALE" status --asg "$ASG"
  [[ $output == *"ASG $ASG (region us-east-1, endpoint http://127.0.0.1:"* ]]
  [[ $output == *"desired: 2  min: 0  max: 5"* ]]
  [[ $output == *"instances: 2 (2 InService)"* ]]
  [[ $output =~ InService\ /\ Healthy\ +2 ]]
  [[ $output == *"pending spot interruptions: none (0 spot instances)"* ]]
  local id
  for id in $(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$ASG" \
    --query 'AutoScalingGroups[0].Instances[].InstanceId' --output text); do
    [[ $output =~ $id.*InService.*Healthy.*on-demand ]]
  done
}

@test "status of an empty group" {
  make_asg "$ASG" 5
  run -0 "$SCALE" status --asg "$ASG"
  [[ $output == *"desired: 0  min: 0  max: 5"* ]]
  [[ $output == *"(no instances)"* ]]
}

@test "status marks spot instances" {
  make_asg "$ASG" 5
  local subnet id
  subnet=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1a \
    --query 'Subnets[0].SubnetId' --output text)
  id=$(aws ec2 run-instances --image-id ami-12c6146b --instance-type t3.micro --count 1 \
    --subnet-id "$subnet" --instance-market-options MarketType=spot \
    --query 'Instances[0].InstanceId' --output text)
  aws autoscaling attach-instances --auto-scaling-group-name "$ASG" --instance-ids "$id"
  run -0 "$SCALE" status --asg "$ASG"
  [[ $output =~ $id.*InService.*Healthy.*spot ]]
  [[ $output == *"pending spot interruptions: none (1 spot instances)"* ]]
}

@test "--dry-run up prints the plan and changes nothing" {
  make_asg "$ASG" 5
  run -0 "$SCALE" up 4 --dry-run --asg "$ASG"
  [[ $output == *"scaling ASG $ASG from 0 to 4 hosts"* ]]
  [[ $output == *"dry run: would run aws autoscaling set-desired-capacity --auto-scaling-group-name $ASG --desired-capacity 4"* ]]
  [[ $output == *"nothing changed"* ]]
  [ "$(desired_of "$ASG")" = 0 ]
  [ "$(instances_of "$ASG")" = 0 ]
}

@test "--dry-run down prints the plan and changes nothing" {
  make_asg "$ASG" 5 2
  run -0 "$SCALE" -n down --asg "$ASG"
  [[ $output == *"scaling ASG $ASG from 2 to 0 hosts"* ]]
  [[ $output == *"nothing changed"* ]]
  [ "$(desired_of "$ASG")" = 2 ]
  [ "$(in_service_of "$ASG")" = 2 ]
}

@test "N above the group's MaxSize is rejected and nothing changes" {
  make_asg "$ASG" 5
  run -1 --separate-stderr "$SCALE" up 6 --asg "$ASG"
  [[ $stderr == *"cannot scale ASG '$ASG' to 6 hosts: its MaxSize is 5"* ]]
  [ "$(desired_of "$ASG")" = 0 ]
}

@test "N above BENCHFLEET_MAX_HOSTS (default 200) is rejected before any AWS call" {
  run -2 --separate-stderr "$SCALE" up 201 --asg "$ASG"
  [[ $stderr == *"N=201 is above the maximum of 200 hosts (BENCHFLEET_MAX_HOSTS)"* ]]
  BENCHFLEET_MAX_HOSTS=4 run -2 --separate-stderr "$SCALE" up 5 --asg "$ASG"
  [[ $stderr == *"N=5 is above the maximum of 4 hosts"* ]]
}

@test "negative N is rejected" {
  run -2 --separate-stderr "$SCALE" up -1 --asg "$ASG"
  [[ $stderr == *"N must be a whole number between 0 and 200 (got '-1')"* ]]
}

@test "non-numeric N is rejected" {
  local n
  for n in abc 3.5 "" 1e3 0x10; do
    run -2 --separate-stderr "$SCALE" up "$n" --asg "$ASG"
    [[ $stderr == *"N must be a whole number between 0 and 200 (got '$n')"* ]]
  done
  run -2 --separate-stderr "$SCALE" up --asg "$ASG"
  [[ $stderr == *"up needs the number of hosts"* ]]
}

@test "missing ASG name is a clear error" {
  run -1 --separate-stderr "$SCALE" up 3
  [[ $stderr == *"no Auto Scaling group name: pass --asg NAME or set BENCHFLEET_ASG_NAME"* ]]
  run -1 --separate-stderr "$SCALE" status
  [[ $stderr == *"no Auto Scaling group name"* ]]
}

@test "unknown ASG: clear error naming the group, non-zero" {
  run -1 --separate-stderr "$SCALE" up 1 --asg no-such-group
  [[ $stderr == *"Auto Scaling group 'no-such-group' not found (region us-east-1"* ]]
  [[ $stderr == *"Check --asg / BENCHFLEET_ASG_NAME"* ]]
  [ "${#stderr_lines[@]}" -eq 1 ]
  run -1 --separate-stderr "$SCALE" status --asg no-such-group
  [[ $stderr == *"'no-such-group' not found"* ]]
  run -1 --separate-stderr "$SCALE" down --asg no-such-group
  [[ $stderr == *"'no-such-group' not found"* ]]
}

@test "--region is passed to the CLI (group not found in another region)" {
  make_asg "$ASG" 5
  run -1 --separate-stderr "$SCALE" status --asg "$ASG" --region eu-west-1
  [[ $stderr == *"'$ASG' not found (region eu-west-1"* ]]
}

@test "AWS CLI error: one line naming the group, the AWS error and what to check" {
  local closed
  closed=$(free_port)
  AWS_ENDPOINT_URL="http://127.0.0.1:$closed" AWS_MAX_ATTEMPTS=1 \
    run -1 --separate-stderr "$SCALE" up 2 --asg "$ASG"
  [ "${#stderr_lines[@]}" -eq 1 ]
  [[ $stderr == "scale.sh: error: aws autoscaling describe-auto-scaling-groups failed for Auto Scaling group '$ASG'"* ]]
  [[ $stderr == *"Could not connect to the endpoint URL"* ]]
  [[ $stderr == *"Check AWS credentials"*"IAM permission autoscaling:DescribeAutoScalingGroups"* ]]
}

@test "timeout while waiting exits 3 with what to check" {
  make_asg "$ASG" 5 1
  local id
  id=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$ASG" \
    --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)
  aws autoscaling set-instance-protection --auto-scaling-group-name "$ASG" \
    --instance-ids "$id" --protected-from-scale-in
  BENCHFLEET_SCALE_TIMEOUT=1 run -3 --separate-stderr "$SCALE" down --asg "$ASG"
  [[ $output == *"waiting for ASG $ASG: 1 instances left"* ]]
  [[ $stderr == *"timed out after 1s waiting for ASG '$ASG' to have no instances"* ]]
}

@test "unknown argument: usage on stderr, exit 2" {
  run -2 --separate-stderr "$SCALE" up 3 --bogus --asg "$ASG"
  [[ $stderr == *"unknown option: --bogus"* ]]
  [[ $stderr == *"Usage: scale.sh up N | down | status"* ]]
  [ -z "$output" ]
  run -2 --separate-stderr "$SCALE" frobnicate --asg "$ASG"
  [[ $stderr == *"unknown command: frobnicate"* ]]
  run -2 --separate-stderr "$SCALE" down extra --asg "$ASG"
  [[ $stderr == *"unexpected argument: extra"* ]]
  run -2 --separate-stderr "$SCALE"
  [[ $stderr == *"missing command"* ]]
}

@test "--help and -h print usage on stdout" {
  run -0 "$SCALE" --help
  [[ $output == *"Usage: scale.sh up N | down | status [--dry-run] [--asg NAME] [--region R]"* ]]
  [[ $output == *"BENCHFLEET_SCALE_TIMEOUT"* ]]
  run -0 "$SCALE" -h
  [[ $output == *"Usage: scale.sh"* ]]
}
