#!/usr/bin/env bash
# Gateway benchmark (issue 2, item 8): the same small JSON endpoint served directly, through our gateway
# and through nginx as a plain keep-alive reverse proxy, all on loopback, with wrk and 64 connections.
# The upstream runs as the AppHost runs the platform's services: an HTTP/1.1 endpoint (direct, nginx, relay)
# and an h2c endpoint (HTTP/2 only), which the gateway's shipped clusters use (HttpRequest Version 2,
# RequestVersionExact). Two more targets show where the figure comes from: gateway-h1, the same gateway
# over a route whose cluster speaks HTTP/1.1 to the upstream as nginx does; and bench/relay, the floor of
# that stack: Kestrel copying each request to HttpMessageInvoker over HTTP/1.1 with nothing else.
#  1. Throughput: each target saturated (`wrk -t2 -c64 -d10s --latency`), in ROUNDS interleaved rounds
#     (direct, relay, gateway-h1, gateway, nginx, direct, ...) so a slow minute of the machine hits all alike; the
#     median round of each is reported, and the ratio is of the medians.
#  2. Latency at a fixed load: the same 64 connections, each pausing PAUSE ms after every answer
#     (about 10,000 req/s, below what any target saturates at), so p99 is the proxy's own added
#     time rather than queueing behind a saturated CPU; interleaved rounds and medians as in 1.
# Prints requests/s, p50 and p99 for each, the p99 each proxy adds over direct in both phases, the
# HTTP/1.1 ratios (relay/nginx, gateway-h1/relay, gateway-h1/nginx), and as its last line:
# gateway/nginx throughput ratio: <x.xx>
# Run from anywhere; needs the .NET SDK (./platform.sh installs it), installs wrk/nginx if missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
BUILD="$ROOT/artifacts/bench"
DURATION="${BENCH_DURATION:-10s}"
# The gateway needs several seconds under load before tiered JIT/PGO reaches steady-state code;
# nginx and the upstream are steady at once, and get the same warm-up for symmetry.
WARMUP="${BENCH_WARMUP:-10s}"
ROUNDS="${BENCH_ROUNDS:-3}"
PAUSE="${BENCH_PAUSE_MS:-6}"
CONNECTIONS=64
PATH_UNDER_TEST="/api/bench/ping"

. "$BENCH/lib.sh"
bench_init gateway-bench

# wrk_figures NAME WRK-ARGS...: runs wrk and prints "<req/s> <p50 ms> <p99 ms>".
wrk_figures() {
  local out
  out="$(run_wrk "$@")"
  printf '%s %s %s\n' "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")" 2)" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")" 2)"
}

# median VALUES...: the middle value (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

report() { # name rps p50 p99
  printf '%-10s %10s req/s   p50 %6s ms   p99 %6s ms\n' "$1" "$2" "$3" "$4"
}

need_tools wrk=wrk nginx=nginx-light curl=curl
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "Building (Release) ..."
dotnet build "$ROOT/gateway/Gateway.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "gateway build failed"; }
dotnet build "$BENCH/upstream/Upstream.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >>"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "upstream build failed"; }
dotnet build "$BENCH/relay/Relay.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >>"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "relay build failed"; }
GATEWAY_DLL="$BUILD/bin/Gateway/release/Gateway.dll"
UPSTREAM_DLL="$BUILD/bin/Upstream/release/Upstream.dll"
RELAY_DLL="$BUILD/bin/Relay/release/Relay.dll"
[ -f "$GATEWAY_DLL" ] && [ -f "$UPSTREAM_DLL" ] && [ -f "$RELAY_DLL" ] || die "build output not found under $BUILD/bin"

# distinct_port TAKEN...: a free port other than the ones given.
distinct_port() {
  local port
  while true; do
    port=$(free_port)
    case " $* " in *" $port "*) ;; *) echo "$port"; return ;; esac
  done
}
UPSTREAM_PORT=$(free_port)
UPSTREAM_H2C_PORT=$(distinct_port "$UPSTREAM_PORT")
GATEWAY_PORT=$(distinct_port "$UPSTREAM_PORT" "$UPSTREAM_H2C_PORT")
NGINX_PORT=$(distinct_port "$UPSTREAM_PORT" "$UPSTREAM_H2C_PORT" "$GATEWAY_PORT")
RELAY_PORT=$(distinct_port "$UPSTREAM_PORT" "$UPSTREAM_H2C_PORT" "$GATEWAY_PORT" "$NGINX_PORT")

# The same two endpoints the AppHost gives each service (AppHost/Hosting EnvironmentBuilder).
Kestrel__Endpoints__http__Url="http://127.0.0.1:$UPSTREAM_PORT" \
  Kestrel__Endpoints__h2c__Url="http://127.0.0.1:$UPSTREAM_H2C_PORT" Kestrel__Endpoints__h2c__Protocols=Http2 \
  ASPNETCORE_ENVIRONMENT=Production dotnet "$UPSTREAM_DLL" >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)

# The gateway runs with its shipped appsettings.json plus the bench-only file as appsettings.Bench.json:
# anonymous routes to the upstream (/api/bench over h2c like the shipped clusters, /h1/api/bench over
# HTTP/1.1), rate limits off.
mkdir -p "$WORK/gateway-content"
cp "$(dirname "$GATEWAY_DLL")/appsettings.json" "$WORK/gateway-content/appsettings.json"
cp "$BENCH/gateway.bench.json" "$WORK/gateway-content/appsettings.Bench.json"
ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY_PORT" ASPNETCORE_ENVIRONMENT=Bench \
  ReverseProxy__Clusters__bench__Destinations__upstream__Address="http://127.0.0.1:$UPSTREAM_H2C_PORT" \
  ReverseProxy__Clusters__h1__Destinations__upstream__Address="http://127.0.0.1:$UPSTREAM_PORT" \
  dotnet "$GATEWAY_DLL" --contentRoot "$WORK/gateway-content" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)

UPSTREAM="http://127.0.0.1:$UPSTREAM_PORT" ASPNETCORE_URLS="http://127.0.0.1:$RELAY_PORT" ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$RELAY_DLL" >"$WORK/relay.log" 2>&1 &
PIDS+=($!)

mkdir -p "$WORK"/nginx-{body,proxy,fastcgi,uwsgi,scgi}
sed -e "s#@WORK@#$WORK#g" -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" -e "s#@NGINX_PORT@#$NGINX_PORT#g" \
  "$BENCH/nginx.conf.template" > "$WORK/nginx.conf"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)

TARGETS=(direct relay gateway-h1 gateway nginx)
declare -A URL=(
  [direct]="http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST"
  [relay]="http://127.0.0.1:$RELAY_PORT$PATH_UNDER_TEST"
  [gateway-h1]="http://127.0.0.1:$GATEWAY_PORT/h1$PATH_UNDER_TEST"
  [gateway]="http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
  [nginx]="http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
)
for name in "${TARGETS[@]}"; do
  wait_ok "${URL[$name]}" "$name"
done
EXPECTED="$(curl -fsS "${URL[direct]}")"
for name in "${TARGETS[@]}"; do
  [ "$(curl -fsS "${URL[$name]}")" = "$EXPECTED" ] || die "$name answers a body that differs from the upstream's"
done
# measure_rounds PHASE SHOWN PAUSE WRK-ARGS...: ROUNDS interleaved rounds over TARGETS (each round prints
# every target's SHOWN figure: rps or p99), then each target's median round into RPS_<PHASE>, P50_<PHASE>
# and P99_<PHASE>. The URL follows WRK-ARGS; a PAUSE (ms, empty for none) is passed to paced.lua after it.
measure_rounds() {
  local phase="$1" shown="$2" pause="$3"; shift 3
  local -n rps_of="RPS_$phase" p50_of="P50_$phase" p99_of="P99_$phase"
  local -A all_rps all_p50 all_p99
  local round name rps p50 p99 line
  for round in $(seq 1 "$ROUNDS"); do
    line="round $round $shown:"
    for name in "${TARGETS[@]}"; do
      read -r rps p50 p99 <<<"$(wrk_figures "$name-$phase-$round" "$@" "${URL[$name]}" ${pause:+-- "$pause"})"
      all_rps[$name]+="$rps "; all_p50[$name]+="$p50 "; all_p99[$name]+="$p99 "
      if [ "$shown" = rps ]; then line+=" $name $rps"; else line+=" $name $p99"; fi
    done
    echo "  $line"
  done
  echo "Median of the rounds:"
  for name in "${TARGETS[@]}"; do
    # shellcheck disable=SC2086 # the round figures are space-separated on purpose
    rps_of[$name]=$(median ${all_rps[$name]}); p50_of[$name]=$(median ${all_p50[$name]}); p99_of[$name]=$(median ${all_p99[$name]})
    report "$name" "${rps_of[$name]}" "${p50_of[$name]}" "${p99_of[$name]}"
  done
}

echo "Warming up each target for $WARMUP (the gateway's tiered JIT needs it) ..."
for name in "${TARGETS[@]}"; do
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${URL[$name]}" >/dev/null
done

declare -A RPS_saturated P50_saturated P99_saturated RPS_fixed P50_fixed P99_fixed
echo "Saturated: wrk -t2 -c$CONNECTIONS -d$DURATION --latency, $ROUNDS interleaved rounds, $(nproc) cores (req/s):"
measure_rounds saturated rps "" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency
awk -v g="${P99_saturated[gateway]}" -v d="${P99_saturated[direct]}" 'BEGIN { printf "saturated: gateway added p99 over direct: %.2f ms\n", g - d }'
awk -v n="${P99_saturated[nginx]}" -v d="${P99_saturated[direct]}" 'BEGIN { printf "saturated: nginx added p99 over direct: %.2f ms\n", n - d }'

echo "Fixed load: $CONNECTIONS connections, each pausing $PAUSE ms after every answer, $DURATION each, $ROUNDS interleaved rounds (p99 ms):"
measure_rounds fixed p99 "$PAUSE" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/paced.lua"
awk -v g="${P99_fixed[gateway]}" -v d="${P99_fixed[direct]}" 'BEGIN { printf "fixed load: gateway added p99 over direct: %.2f ms (goal <= 1 ms)\n", g - d }'
awk -v g="${P99_fixed[gateway-h1]}" -v d="${P99_fixed[direct]}" 'BEGIN { printf "fixed load: gateway-h1 added p99 over direct: %.2f ms\n", g - d }'
awk -v n="${P99_fixed[nginx]}" -v d="${P99_fixed[direct]}" 'BEGIN { printf "fixed load: nginx added p99 over direct: %.2f ms\n", n - d }'

awk -v r="${RPS_saturated[relay]}" -v n="${RPS_saturated[nginx]}" 'BEGIN { printf "relay/nginx throughput ratio (HTTP/1.1 floor of Kestrel + HttpMessageInvoker): %.2f\n", r / n }'
awk -v g="${RPS_saturated[gateway-h1]}" -v r="${RPS_saturated[relay]}" 'BEGIN { printf "gateway-h1/relay throughput ratio (what the edge features cost): %.2f\n", g / r }'
awk -v g="${RPS_saturated[gateway-h1]}" -v n="${RPS_saturated[nginx]}" 'BEGIN { printf "gateway-h1/nginx throughput ratio (both HTTP/1.1 to the upstream): %.2f\n", g / n }'
awk -v g="${RPS_saturated[gateway]}" -v n="${RPS_saturated[nginx]}" 'BEGIN { printf "gateway/nginx throughput ratio: %.2f\n", g / n }'
