#!/usr/bin/env bats
# scripts/terraform-check.sh: fmt -check, offline init + validate in a temp copy, and a plan
# against a local moto_server whose JSON is checked by plan_assertions.py.

bats_require_minimum_version 1.5.0

load moto_helper

CHECK="$BATS_TEST_DIRNAME/../terraform-check.sh"
SKIP_LINE="SKIP terraform validate: AWS provider 5.100.0 cache not found ("

setup() {
  if ! command -v terraform >/dev/null 2>&1; then
    skip "terraform is not on PATH"
  fi
}

# copy_config DIR: the repo's terraform/ without local state or .terraform/.
copy_config() {
  mkdir -p "$1"
  tar -C "$REPO_ROOT/terraform" --exclude=.terraform --exclude='*.tfstate*' \
    --exclude=.terraform.lock.hcl -cf - . | tar -C "$1" -xf -
}

# plan_against_moto ARGS...: terraform-check.sh --plan-endpoint <a fresh moto_server> --plan-json plan.json ARGS,
# skipping the test where moto_server or the provider cache is missing; leaves bats' $status and $output.
plan_against_moto() {
  if ! command -v moto_server >/dev/null 2>&1; then
    skip "moto_server is not on PATH (pip install 'moto[server]==5.2.1')"
  fi
  start_moto "$BATS_TEST_TMPDIR"
  local port
  port=$(cat "$BATS_TEST_TMPDIR/moto.port")
  run "$CHECK" --plan-endpoint "http://127.0.0.1:$port" --plan-json "$BATS_TEST_TMPDIR/plan.json" "$@"
  stop_moto "$BATS_TEST_TMPDIR"
  echo "$output"
  if [[ $output == *"$SKIP_LINE"* ]]; then
    skip "AWS provider 5.100.0 cache not found"
  fi
}

@test "terraform-check.sh: fmt clean, offline init + validate clean (or SKIP without the provider cache)" {
  local had_dot_terraform=false had_lock=false
  [ -e "$REPO_ROOT/terraform/.terraform" ] && had_dot_terraform=true
  [ -e "$REPO_ROOT/terraform/.terraform.lock.hcl" ] && had_lock=true
  run -0 "$CHECK"
  echo "$output"
  [[ $output == *"ok: formatting"* ]]
  [[ $output == *"Success! The configuration is valid."* || $output == *"$SKIP_LINE"* ]]
  # Never leaves .terraform/ or a lock file in the repo.
  [ "$had_dot_terraform" = true ] || [ ! -e "$REPO_ROOT/terraform/.terraform" ]
  [ "$had_lock" = true ] || [ ! -e "$REPO_ROOT/terraform/.terraform.lock.hcl" ]
}

@test "terraform-check.sh: prints SKIP and exits 0 when the provider cache is absent" {
  BENCHFLEET_TF_PLUGIN_DIR=$BATS_TEST_TMPDIR/no-plugins run -0 "$CHECK"
  [[ $output == *"$SKIP_LINE"* ]]
}

@test "terraform-check.sh: fails on unformatted files" {
  copy_config "$BATS_TEST_TMPDIR/tf"
  printf 'locals {\nbadly   =    "formatted"\n}\n' >"$BATS_TEST_TMPDIR/tf/zz_bad.tf"
  BENCHFLEET_TF_DIR=$BATS_TEST_TMPDIR/tf run -1 "$CHECK"
  [[ $output == *"FAIL terraform fmt"* ]]
}

@test "terraform-check.sh: fails on an invalid configuration" {
  copy_config "$BATS_TEST_TMPDIR/tf"
  printf 'output "broken" {\n  value = var.does_not_exist\n}\n' >"$BATS_TEST_TMPDIR/tf/zz_broken.tf"
  BENCHFLEET_TF_DIR=$BATS_TEST_TMPDIR/tf run "$CHECK"
  if [[ $output == *"$SKIP_LINE"* ]]; then
    skip "AWS provider 5.100.0 cache not found"
  fi
  [ "$status" -eq 1 ]
  [[ $output == *"FAIL terraform validate"* ]]
  [[ $output == *"does_not_exist"* ]]
}

@test "terraform/ sources: desired capacity ignored, no password variable, IMDSv2 everywhere" {
  grep -Eq 'ignore_changes *= *\[desired_capacity\]' "$REPO_ROOT/terraform/workers.tf"
  run ! grep -Eiq '^variable "[^"]*password' "$REPO_ROOT"/terraform/*.tf
  grep -q 'manage_master_user_password *= *true' "$REPO_ROOT/terraform/database.tf"
  [ "$(grep -c 'http_tokens *= *"required"' "$REPO_ROOT"/terraform/*.tf | awk -F: '{ n += $2 } END { print n }')" -eq 3 ]
  [ -s "$REPO_ROOT/terraform/README.md" ]
}

@test "terraform plan against moto_server meets the requirements (plan_assertions.py)" {
  plan_against_moto
  [ "$status" -eq 0 ]
  [[ $output =~ Plan:\ [0-9]+\ to\ add ]]
  run python3 "$BATS_TEST_DIRNAME/plan_assertions.py" "$BATS_TEST_TMPDIR/plan.json"
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "terraform plan with build_worker_image=true plans the Image Builder pipeline of the worker AMI" {
  local jar=$BATS_TEST_TMPDIR/worker-1.0.0-exec.jar
  printf 'a stand-in for the worker jar\n' >"$jar"
  plan_against_moto --plan-var build_worker_image=true --plan-var "worker_jar_source=$jar"
  [ "$status" -eq 0 ]
  [[ $output =~ Plan:\ [0-9]+\ to\ add ]]
  run python3 "$BATS_TEST_DIRNAME/plan_assertions.py" "$BATS_TEST_TMPDIR/plan.json"
  echo "$output"
  [ "$status" -eq 0 ]
  # the jar's etag is its MD5, as md5sum computes it: terraform uploads exactly that file
  run python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); print(next(r["values"]["etag"]
    for r in p["planned_values"]["root_module"]["resources"] if r["address"] == "aws_s3_object.worker_jar[0]"))' \
    "$BATS_TEST_TMPDIR/plan.json"
  [ "$output" = "$(md5sum "$jar" | cut -d' ' -f1)" ]
}

@test "terraform plan with build_worker_image=true but no worker_jar_source fails naming the variable" {
  plan_against_moto --plan-var build_worker_image=true
  [ "$status" -eq 1 ]
  [[ $output == *"build_worker_image needs worker_jar_source"* ]]
}

@test "terraform-check.sh refuses a --plan-var that is not NAME=VALUE" {
  run -2 "$CHECK" --plan-endpoint http://127.0.0.1:1 --plan-var build_worker_image
  [[ $output == *"--plan-var needs NAME=VALUE"* ]]
}

teardown() {
  stop_moto "$BATS_TEST_TMPDIR"
}
