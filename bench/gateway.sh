#!/usr/bin/env bash
# Gateway benchmark (issue 2, item 8): the same small JSON endpoint served directly, through our gateway
# and through nginx as a plain keep-alive reverse proxy, all on loopback, measured with
# `wrk -t2 -c64 -d10s --latency`. Prints requests/s, p50 and p99 for each, the p99 each proxy adds over
# direct, and as its last line: gateway/nginx throughput ratio: <x.xx>
# Run from anywhere; needs the .NET SDK (./platform.sh installs it), installs wrk/nginx if missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
BUILD="$ROOT/artifacts/bench"
DURATION="${BENCH_DURATION:-10s}"
# The gateway needs several seconds under load before tiered JIT/PGO reaches steady-state code;
# nginx and the upstream are steady at once, and get the same warm-up for symmetry.
WARMUP="${BENCH_WARMUP:-10s}"
CONNECTIONS=64
PATH_UNDER_TEST="/api/bench/ping"

. "$BENCH/lib.sh"
bench_init gateway-bench

declare -A RPS P50 P99

measure() { # name url
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$2" >/dev/null
  local out
  out="$(run_wrk "$1" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$2")"
  RPS[$1]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
  P50[$1]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")" 2)
  P99[$1]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")" 2)
  printf '%-8s %10s req/s   p50 %6s ms   p99 %6s ms\n' "$1" "${RPS[$1]}" "${P50[$1]}" "${P99[$1]}"
}

need_tools wrk=wrk nginx=nginx-light curl=curl
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "Building (Release) ..."
dotnet build "$ROOT/gateway/Gateway.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "gateway build failed"; }
dotnet build "$BENCH/upstream/Upstream.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >>"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "upstream build failed"; }
GATEWAY_DLL="$BUILD/bin/Gateway/release/Gateway.dll"
UPSTREAM_DLL="$BUILD/bin/Upstream/release/Upstream.dll"
[ -f "$GATEWAY_DLL" ] && [ -f "$UPSTREAM_DLL" ] || die "build output not found under $BUILD/bin"

UPSTREAM_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
NGINX_PORT=$(free_port)
while [ "$GATEWAY_PORT" = "$UPSTREAM_PORT" ]; do GATEWAY_PORT=$(free_port); done
while [ "$NGINX_PORT" = "$UPSTREAM_PORT" ] || [ "$NGINX_PORT" = "$GATEWAY_PORT" ]; do NGINX_PORT=$(free_port); done

ASPNETCORE_URLS="http://127.0.0.1:$UPSTREAM_PORT" ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$UPSTREAM_DLL" >"$WORK/upstream.log" 2>&1 &
PIDS+=($!)

# The gateway runs with its shipped appsettings.json plus the bench-only file as appsettings.Bench.json:
# one anonymous route to the upstream, rate limits off.
mkdir -p "$WORK/gateway-content"
cp "$(dirname "$GATEWAY_DLL")/appsettings.json" "$WORK/gateway-content/appsettings.json"
cp "$BENCH/gateway.bench.json" "$WORK/gateway-content/appsettings.Bench.json"
ASPNETCORE_URLS="http://127.0.0.1:$GATEWAY_PORT" ASPNETCORE_ENVIRONMENT=Bench \
  ReverseProxy__Clusters__bench__Destinations__upstream__Address="http://127.0.0.1:$UPSTREAM_PORT" \
  dotnet "$GATEWAY_DLL" --contentRoot "$WORK/gateway-content" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)

mkdir -p "$WORK"/nginx-{body,proxy,fastcgi,uwsgi,scgi}
sed -e "s#@WORK@#$WORK#g" -e "s#@UPSTREAM_PORT@#$UPSTREAM_PORT#g" -e "s#@NGINX_PORT@#$NGINX_PORT#g" \
  "$BENCH/nginx.conf.template" > "$WORK/nginx.conf"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)

DIRECT="http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
VIA_NGINX="http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
wait_ok "$DIRECT" upstream
wait_ok "$GATEWAY" gateway
wait_ok "$VIA_NGINX" nginx
[ "$(curl -fsS "$GATEWAY")" = "$(curl -fsS "$DIRECT")" ] || die "the gateway's body differs from the upstream's"
[ "$(curl -fsS "$VIA_NGINX")" = "$(curl -fsS "$DIRECT")" ] || die "nginx's body differs from the upstream's"

echo "wrk -t2 -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up each), $(nproc) cores:"
measure direct "$DIRECT"
measure gateway "$GATEWAY"
measure nginx "$VIA_NGINX"

awk -v g="${P99[gateway]}" -v d="${P99[direct]}" 'BEGIN { printf "gateway added p99 over direct: %.2f ms\n", g - d }'
awk -v n="${P99[nginx]}" -v d="${P99[direct]}" 'BEGIN { printf "nginx added p99 over direct: %.2f ms\n", n - d }'
awk -v g="${RPS[gateway]}" -v n="${RPS[nginx]}" 'BEGIN { printf "gateway/nginx throughput ratio: %.2f\n", g / n }'
