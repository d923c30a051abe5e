# Shared helpers for the bats tests: a moto_server on a free 127.0.0.1 port with dummy
# credentials. Only ever talks to 127.0.0.1.

# Repository root (scripts/test/ is two levels down).
REPO_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
export REPO_ROOT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Dummy credentials and the emulator's endpoint; nothing from the caller's AWS setup leaks in.
use_moto_env() {
  local port=$1
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE AWS_CA_BUNDLE
  export AWS_ACCESS_KEY_ID=testing
  export AWS_SECRET_ACCESS_KEY=testing
  export AWS_REGION=us-east-1
  export AWS_DEFAULT_REGION=us-east-1
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export AWS_CONFIG_FILE=/dev/null
  export AWS_SHARED_CREDENTIALS_FILE=/dev/null
  export AWS_EC2_METADATA_DISABLED=true
  export AWS_MAX_ATTEMPTS=2
  export AWS_PAGER=""
}

# start_moto DIR: starts moto_server, writes DIR/moto.pid and DIR/moto.port, waits until it
# accepts connections (15 s at most). Returns 1 if it does not come up.
start_moto() {
  local dir=$1 port pid _
  port=$(free_port)
  # 3>&- : do not hand bats' output fd to the server, or bats would wait for it.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 3>&- &
  pid=$!
  echo "$pid" >"$dir/moto.pid"
  echo "$port" >"$dir/moto.port"
  for _ in $(seq 1 150); do
    if (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "moto_server exited early:" >&2
      cat "$dir/moto.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "moto_server did not listen on 127.0.0.1:$port within 15 s" >&2
  return 1
}

stop_moto() {
  local dir=$1 pid
  if [ -f "$dir/moto.pid" ]; then
    pid=$(cat "$dir/moto.pid")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$dir/moto.pid"
  fi
}
