#!/usr/bin/env bats
# Lints with shellcheck: the scripts, the tests, the manager's launcher, and the user data rendered from the Terraform
# templates.

bats_require_minimum_version 1.5.0

REPO_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

setup() {
  if ! command -v shellcheck >/dev/null 2>&1; then
    skip "shellcheck is not on PATH (apt-get install -y shellcheck)"
  fi
}

@test "shellcheck: scripts/*.sh, scripts/test/*.sh and terraform/templates/*.sh" {
  run shellcheck -x "$REPO_ROOT"/scripts/*.sh "$REPO_ROOT"/scripts/test/*.sh "$REPO_ROOT"/terraform/templates/*.sh
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "shellcheck: bats tests and their helpers" {
  run shellcheck -x "$REPO_ROOT"/scripts/test/*.bats "$REPO_ROOT"/scripts/test/*.bash
  echo "$output"
  [ "$status" -eq 0 ]
}

# Renders terraform/templates/*.tftpl with sample values through Terraform's own templatefile()
# (a configuration without providers: init and apply need no network), then shellchecks them.
@test "shellcheck: user data rendered from terraform/templates/*.tftpl" {
  if ! command -v terraform >/dev/null 2>&1; then
    skip "terraform is not on PATH: cannot render the templates"
  fi
  local dir=$BATS_TEST_TMPDIR/render
  mkdir -p "$dir"
  cat >"$dir/main.tf" <<HCL
locals {
  templates = "$REPO_ROOT/terraform/templates"
  common = {
    region         = "us-east-1"
    queue_url      = "https://sqs.us-east-1.amazonaws.com/123456789012/benchfleet-prod-partitions"
    dlq_url        = "https://sqs.us-east-1.amazonaws.com/123456789012/benchfleet-prod-partitions-dlq"
    bucket         = "benchfleet-prod-artifacts-0123"
    runs_prefix    = "runs/"
    db_host        = "benchfleet-prod-db.abc.us-east-1.rds.amazonaws.com"
    db_port        = 5432
    db_name        = "benchfleet"
    db_secret_arn  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1234-AbCdEf"
    secret_arns    = { ANTHROPIC_API_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf", OPENAI_API_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:o-AbCdEf" }
    slots_per_host = 4
    harbor_image   = "123456789012.dkr.ecr.us-east-1.amazonaws.com/harbor:1.2.3"
    asg_name       = "benchfleet-prod-workers"
    java_bin       = "/usr/bin/java"
    db_username    = "benchfleet"
    resolve_secrets        = true
    resolve_secrets_script = file("$REPO_ROOT/terraform/templates/benchfleet-resolve-secrets.sh")
    exec_script            = file("$REPO_ROOT/terraform/templates/benchfleet-exec.sh")
  }
}

output "worker" {
  value = templatefile("\${local.templates}/worker-user-data.sh.tftpl", merge(local.common, {
    db_pool_size       = 3
    executor           = "docker"
    jobs_dir           = "/var/lib/benchfleet/jobs"
    drain_hook_name    = "benchfleet-drain"
    grace_seconds      = 600
    worker_grace_seconds = 600
    fail_on_pull_error = true
    java_opts          = "-Xms256m -Xmx1g"
    worker_jar         = "/opt/benchfleet/worker.jar"
    log_group          = "/benchfleet/prod/worker"
    # as workers.tf: the unit shared with the worker image recipe
    worker_unit = templatefile("\${local.templates}/benchfleet-worker.service.tftpl", {
      resolve_secrets = true, java_bin = "/usr/bin/java", worker_jar = "/opt/benchfleet/worker.jar",
      grace_seconds = 600 })
  }))
}

output "manager" {
  value = templatefile("\${local.templates}/manager-user-data.sh.tftpl", merge(local.common, {
    reports_prefix = "reports/"
    max_hosts      = 200
    java_opts      = "-XX:MaxRAMPercentage=60"
    manager_jar    = "/opt/benchfleet/manager.jar"
    serve_args     = ""
    log_group      = "/benchfleet/prod/manager"
    startup_overhead_s = 45
  }))
}
HCL
  export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE=$dir/terraformrc
  : >"$TF_CLI_CONFIG_FILE"
  run terraform -chdir="$dir" init -backend=false -input=false -no-color
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  run terraform -chdir="$dir" apply -auto-approve -input=false -no-color
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  terraform -chdir="$dir" output -raw worker >"$dir/worker-user-data.sh"
  terraform -chdir="$dir" output -raw manager >"$dir/manager-user-data.sh"

  # EC2 limits user data to 16 KiB.
  [ "$(wc -c <"$dir/worker-user-data.sh")" -le 16384 ]
  [ "$(wc -c <"$dir/manager-user-data.sh")" -le 16384 ]
  # The rendered env files carry the settings and the secret ARNs by name, never values.
  grep -qx 'BENCHFLEET_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/123456789012/benchfleet-prod-partitions' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_SQS_QUEUE=https://sqs.us-east-1.amazonaws.com/123456789012/benchfleet-prod-partitions' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_ARTIFACTS_LOCATION=s3://benchfleet-prod-artifacts-0123' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_WORKER_SLOTS=4' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_WORKER_EXECUTOR=docker' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_DB_URL=jdbc:postgresql://benchfleet-prod-db.abc.us-east-1.rds.amazonaws.com:5432/benchfleet?sslmode=require' "$dir/worker-user-data.sh"
  grep -qx 'ExecStartPre=+/usr/local/libexec/benchfleet-resolve-secrets worker benchfleet' "$dir/worker-user-data.sh"
  grep -qxF "ExecStart=/usr/local/libexec/benchfleet-exec /run/benchfleet/worker-secrets.env /usr/bin/java \$JAVA_OPTS -jar /opt/benchfleet/worker.jar" "$dir/worker-user-data.sh"
  grep -qx 'systemctl enable --now benchfleet-worker.service' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_WORKER_DOCKER_PREPULLIMAGES=123456789012.dkr.ecr.us-east-1.amazonaws.com/harbor:1.2.3' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_FLEET_STARTUPOVERHEAD=45s' "$dir/manager-user-data.sh"
  run -1 grep -E '^[A-Z_]*(PASSWORD|SECRET|KEY)=' "$dir/worker-user-data.sh" "$dir/manager-user-data.sh"
  grep -qx 'BENCHFLEET_SECRET_ANTHROPIC_API_KEY_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf' "$dir/worker-user-data.sh"
  grep -qx 'BENCHFLEET_SECRET_NAMES=ANTHROPIC_API_KEY,OPENAI_API_KEY' "$dir/worker-user-data.sh"
  grep -q "^HARBOR_IMAGE='123456789012.dkr.ecr.us-east-1.amazonaws.com/harbor:1.2.3'" "$dir/worker-user-data.sh"
  grep -qxF "ExecStart=/usr/local/libexec/benchfleet-exec /run/benchfleet/manager-secrets.env /usr/bin/java \$JAVA_OPTS -jar /opt/benchfleet/manager.jar serve" "$dir/manager-user-data.sh"
  grep -qx 'BENCHFLEET_WORKER_ENABLED=false' "$dir/manager-user-data.sh"
  grep -qx 'BENCHFLEET_ASG_NAME=benchfleet-prod-workers' "$dir/manager-user-data.sh"

  run shellcheck --shell=bash "$dir/worker-user-data.sh" "$dir/manager-user-data.sh"
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "shellcheck: the manager's launcher and the script that lays it out" {
  run shellcheck "$REPO_ROOT"/manager/src/main/launcher/benchfleet "$REPO_ROOT"/manager/src/main/launcher/prepare-launcher.sh
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "prepare-launcher.sh without its three arguments says how to call it and changes nothing" {
  run sh "$REPO_ROOT"/manager/src/main/launcher/prepare-launcher.sh "$BATS_TEST_TMPDIR/benchfleet.jar"
  [ "$status" -eq 2 ]
  [ "$output" = "usage: prepare-launcher.sh BENCHFLEET_JAR DEST SPEC" ]
}
