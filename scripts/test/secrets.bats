#!/usr/bin/env bats
# terraform/templates/benchfleet-resolve-secrets.sh and benchfleet-exec.sh (installed on the
# hosts by the user data) against Secrets Manager in a moto_server on a free 127.0.0.1 port.

bats_require_minimum_version 1.5.0

load moto_helper

RESOLVE="$BATS_TEST_DIRNAME/../../terraform/templates/benchfleet-resolve-secrets.sh"
EXEC="$BATS_TEST_DIRNAME/../../terraform/templates/benchfleet-exec.sh"

setup_file() {
  local tool
  for tool in moto_server aws python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      export SECRETS_SKIP="$tool is not on PATH"
      return 0
    fi
  done
  start_moto "$BATS_FILE_TMPDIR"
  use_moto_env "$(cat "$BATS_FILE_TMPDIR/moto.port")"
}

teardown_file() {
  stop_moto "$BATS_FILE_TMPDIR"
}

setup() {
  if [ -n "${SECRETS_SKIP:-}" ]; then
    skip "$SECRETS_SKIP"
  fi
  export BENCHFLEET_CONF_DIR=$BATS_TEST_TMPDIR/etc BENCHFLEET_RUN_DIR=$BATS_TEST_TMPDIR/run
  mkdir -p "$BENCHFLEET_CONF_DIR"
}

# create_secret NAME VALUE -> prints its ARN
create_secret() {
  aws secretsmanager create-secret --name "$1-$BATS_TEST_NUMBER" --secret-string "$2" \
    --query ARN --output text
}

@test "resolves the DB secret and named secrets; benchfleet-exec exports the exact values" {
  local password db key
  password=$'p"a$s\\w0rd \'x\' `y`'
  db=$(create_secret 'rds!db' "$(python3 -c 'import json, sys; print(json.dumps({"username": "benchfleet", "password": sys.argv[1]}))' "$password")")
  key=$(create_secret anthropic $'sk-ant-1 2\nline2')
  {
    echo "AWS_REGION=us-east-1"
    echo "BENCHFLEET_DB_SECRET_ARN=$db"
    echo "BENCHFLEET_SECRET_NAMES=ANTHROPIC_API_KEY"
    echo "BENCHFLEET_SECRET_ANTHROPIC_API_KEY_ARN=$key"
    echo 'JAVA_OPTS="-Xmx1g"'
  } >"$BENCHFLEET_CONF_DIR/worker.env"

  run -0 bash "$RESOLVE" worker "$(id -un)"
  [[ $output == *"wrote $BENCHFLEET_RUN_DIR/worker-secrets.env"* ]]
  [ "$(stat -c %a "$BENCHFLEET_RUN_DIR/worker-secrets.env")" = 400 ]
  [ -z "$(find "$BENCHFLEET_RUN_DIR" -name '.secrets.*')" ]

  # shellcheck disable=SC2016 # expanded by the inner bash, with the exported secrets
  run -0 bash "$EXEC" "$BENCHFLEET_RUN_DIR/worker-secrets.env" \
    bash -c 'printf "%s|%s|%s" "$BENCHFLEET_DB_USER" "$BENCHFLEET_DB_PASSWORD" "$ANTHROPIC_API_KEY"'
  [ "$output" = "benchfleet|$password|"$'sk-ant-1 2\nline2' ]
}

@test "a secret that cannot be read fails the start and leaves no file" {
  {
    echo "AWS_REGION=us-east-1"
    echo "BENCHFLEET_DB_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf"
  } >"$BENCHFLEET_CONF_DIR/worker.env"
  run bash "$RESOLVE" worker "$(id -un)"
  [ "$status" -ne 0 ]
  [ ! -e "$BENCHFLEET_RUN_DIR/worker-secrets.env" ]
  [ -z "$(find "$BENCHFLEET_RUN_DIR" -name '.secrets.*')" ]
}

@test "a named secret without its ARN line or with a bad name is an error" {
  printf 'AWS_REGION=us-east-1\nBENCHFLEET_SECRET_NAMES=OPENAI_API_KEY\n' >"$BENCHFLEET_CONF_DIR/manager.env"
  run -1 bash "$RESOLVE" manager "$(id -un)"
  [[ $output == *"no BENCHFLEET_SECRET_OPENAI_API_KEY_ARN"* ]]
  printf 'AWS_REGION=us-east-1\nBENCHFLEET_SECRET_NAMES=bad;name\n' >"$BENCHFLEET_CONF_DIR/manager.env"
  run -1 bash "$RESOLVE" manager "$(id -un)"
  [[ $output == *"invalid secret name"* ]]
}

@test "no secrets configured: empty file; benchfleet-exec runs the command without one" {
  printf 'AWS_REGION=us-east-1\n' >"$BENCHFLEET_CONF_DIR/worker.env"
  run -0 bash "$RESOLVE" worker "$(id -un)"
  [ -e "$BENCHFLEET_RUN_DIR/worker-secrets.env" ]
  [ ! -s "$BENCHFLEET_RUN_DIR/worker-secrets.env" ]
  run -0 bash "$EXEC" "$BATS_TEST_TMPDIR/absent.env" echo started "with args"
  [ "$output" = "started with args" ]
}
