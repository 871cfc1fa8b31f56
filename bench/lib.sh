# Shared by the benchmark scripts (source it after `set -euo pipefail`): a temporary work folder whose
# processes are stopped and which is removed on exit, tool installation, free ports, readiness waits,
# and wrk output handling.

# bench_init NAME: creates $WORK (/tmp/NAME.XXXXXX) and the PIDS list cleaned up on exit.
bench_init() {
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  # Servers that drop root (nginx workers, PostgreSQL as postgres) must be able to enter it.
  chmod 755 "$WORK"
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  # SIGTERM first to every process (the AppHost stops its resources, PostgreSQL cleanly, within 10 s).
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}

die() { echo "bench: $*" >&2; exit 1; }

# need_tools COMMAND=PACKAGE...: installs with apt-get the packages whose command is missing; the .NET SDK
# must already be there (./platform.sh installs it).
need_tools() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || [ -x "/usr/sbin/${pair%%=*}" ] || missing+=("${pair#*=}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} ..."
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y "${missing[@]}" >/dev/null || die "could not install ${missing[*]}; install them with apt-get and retry"
  fi
  command -v dotnet >/dev/null || die "the .NET SDK is missing; run ./platform.sh once to install it"
}

# A loopback port nothing listens on (random, checked; the kernel's ephemeral range is avoided).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free loopback port found"
}

wait_ok() { # url what
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return
    sleep 0.1
  done
  die "$2 did not answer $1 within 30 s (logs in $WORK)"
}

# to_ms VALUE [DECIMALS]: wrk prints latencies with units (us, ms, s); report them in ms.
to_ms() {
  awk -v v="$1" -v d="${2:-3}" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000
    else if (v ~ /ms$/) n = n
    else if (v ~ /s$/) n = n * 1000
    printf "%.*f", d, n
  }'
}

# run_wrk NAME WRK-ARGS...: prints wrk's output and keeps it in $WORK/wrk-NAME.txt; refuses any non-2xx answer.
run_wrk() {
  local name="$1"; shift
  local out
  out="$(wrk "$@")"
  echo "$out" > "$WORK/wrk-$name.txt"
  if grep -q "Non-2xx" <<<"$out"; then
    die "$name: non-2xx answers under load ($(grep 'Non-2xx' <<<"$out")); 429 would mean a rate limit is still on"
  fi
  echo "$out"
}

# json FILE PYTHON-EXPRESSION: evaluates the expression with `d` bound to the parsed file.
json() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# wait_for_platform: waits until the AppHost started first in PIDS, logging to $WORK/apphost.log, says every
# resource is ready; dies with the log's tail when it reports a failed start, exits, or takes over 240 s.
wait_for_platform() {
  for _ in $(seq 1 2400); do
    grep -q "个资源已就绪" "$WORK/apphost.log" 2>/dev/null && return
    if grep -q "部分资源未能启动" "$WORK/apphost.log" 2>/dev/null || ! kill -0 "${PIDS[0]}" 2>/dev/null; then
      tail -n 40 "$WORK/apphost.log" >&2
      die "the platform did not start (AppHost output above)"
    fi
    sleep 0.1
  done
  tail -n 40 "$WORK/apphost.log" >&2
  die "the platform was not ready within 240 s"
}

# read_resources: asks the dashboard API (address and token from $WORK/apphost.log) for the resources into
# $WORK/resources.json; replica_of NAME EXPRESSION then reads the first replica's field, e.g. "['url']".
read_resources() {
  local dashboard token
  dashboard="$(grep -o 'Dashboard: http://127\.0\.0\.1:[0-9]*' "$WORK/apphost.log" | head -n 1 | cut -d' ' -f2)"
  token="$(grep -o 'Authorization: Bearer [^ ]*' "$WORK/apphost.log" | head -n 1 | cut -d' ' -f3)"
  curl -fsS -H "Authorization: Bearer $token" "$dashboard/api/resources" >"$WORK/resources.json" \
    || die "could not read the resources from the dashboard API"
}

replica_of() { json "$WORK/resources.json" "[r for r in d['resources'] if r['name'] == '$1'][0]['replicas'][0]$2"; }
