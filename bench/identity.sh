#!/usr/bin/env bash
# Identity benchmark (issue 3, Performance). Starts the whole platform (the AppHost, demo mode off, a temporary
# data folder, rate limits off) and prints:
#   client_credentials tokens/s: <n> (goal >= 1000)
#       POST /connect/token through the gateway (client_secret_basic), wrk -t2 -c16 -d15s; the same
#       directly against identity's own port for comparison.
#   gateway token validation added p99: <x> ms (goal <= 0.2 ms)
#       A second gateway process (same build, same configuration schema) in front of the projects service,
#       with two routes to the same upstream request (GET /alive, carrying the same access token):
#         /bench/auth/...  default policy: the client sends the token, the gateway validates it at the edge;
#         /bench/anon/...  anonymous: the client sends no token, the route sets the same Authorization header.
#       The service validates the token in both cases, so the p99 difference is the edge validation alone.
#       Measured with one connection (latency, not saturation), alternating rounds, median p99 of each side.
# Run from anywhere; needs the .NET SDK and what ./platform.sh run installs (PostgreSQL, Redis); installs wrk,
# curl and python3 if missing. Durations: BENCH_DURATION (15s), BENCH_WARMUP (5s), BENCH_LATENCY_DURATION (10s),
# BENCH_LATENCY_ROUNDS (3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/artifacts/bench"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
LATENCY_DURATION="${BENCH_LATENCY_DURATION:-10s}"
LATENCY_ROUNDS="${BENCH_LATENCY_ROUNDS:-3}"
ENVIRONMENT="${BENCH_ENVIRONMENT:-Production}"
# A service client whose registration allows the projects scope (targets calls projects).
CLIENT=targets
SCOPE=projects

. "$ROOT/bench/lib.sh"
bench_init identity-bench

DATA="$WORK/data"

tokens_per_second() { # name url
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/token.lua" "$2" >/dev/null
  run_wrk "$1" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/token.lua" "$2" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
}

p99_ms() { # name wrk-args...
  local name="$1"; shift
  to_ms "$(run_wrk "$name" -t1 -c1 -d"$LATENCY_DURATION" --latency "$@" | awk '$1 == "99%" { print $2 }')"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

need_tools wrk=wrk curl=curl python3=python3

echo "Building (Release) ..."
dotnet build "$ROOT/AppHost/AppHost.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "build failed"; }
APPHOST_DLL="$BUILD/bin/AppHost/release/AppHost.dll"
GATEWAY_DLL="$BUILD/bin/Gateway/release/Gateway.dll"
[ -f "$APPHOST_DLL" ] && [ -f "$GATEWAY_DLL" ] || die "build output not found under $BUILD/bin"

GATEWAY_PORT=$(free_port)
BENCH_GATEWAY_PORT=$(free_port)
while [ "$BENCH_GATEWAY_PORT" = "$GATEWAY_PORT" ]; do BENCH_GATEWAY_PORT=$(free_port); done
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"

echo "Starting the platform (demo mode off, data in $DATA) ..."
# Every process the AppHost starts inherits its environment: the gateway's rate limits are switched off and
# identity's per-client token limit (2000/s by default) is raised so neither caps what is measured.
Gateway__RateLimits__Enabled=false Identity__RateLimits__TokenPerSecond=1000000 \
  dotnet "$APPHOST_DLL" --data-dir "$DATA" --Platform:Demo=false --Platform:Gateway:Port="$GATEWAY_PORT" \
  --Dashboard:Port=0 --Platform:Environment="$ENVIRONMENT" >"$WORK/apphost.log" 2>&1 &
PIDS+=($!)
wait_for_platform
wait_ok "$GATEWAY/.well-known/openid-configuration" "the gateway (identity's discovery)"

# Where identity and projects listen: from the dashboard's API (its token is printed at start).
read_resources
IDENTITY="$(replica_of identity "['url']")"
PROJECTS="$(replica_of projects "['url']")"

SECRET="$(json "$DATA/secrets.json" "d['$CLIENT-client-secret']")"
BASIC="$(printf '%s:%s' "$CLIENT" "$SECRET" | base64 -w0)"
FORM="grant_type=client_credentials&scope=$SCOPE"

STATUS="$(curl -sS -o "$WORK/token.json" -w '%{http_code}' -H "Authorization: Basic $BASIC" -d "$FORM" "$GATEWAY/connect/token" || true)"
if [ "$STATUS" != 200 ] || ! json "$WORK/token.json" "d['access_token']" >/dev/null 2>&1; then
  die "POST /connect/token answered $STATUS: $(head -c 400 "$WORK/token.json" 2>/dev/null) (identity's client-credentials grant must work first)"
fi

cat >"$WORK/token.lua" <<EOF
wrk.method = "POST"
wrk.body = "$FORM"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $BASIC"
EOF

echo "wrk -t2 -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up), client $CLIENT, scope $SCOPE, $(nproc) cores:"
DIRECT_RATE="$(tokens_per_second token-direct "$IDENTITY/connect/token")"
echo "client_credentials tokens/s directly against identity: $DIRECT_RATE"
GATEWAY_RATE="$(tokens_per_second token-gateway "$GATEWAY/connect/token")"
echo "client_credentials tokens/s: $GATEWAY_RATE (goal >= 1000)"

# A fresh token (10 minutes) for the latency part, also baked into the anonymous route's header.
curl -fsS -o "$WORK/token.json" -H "Authorization: Basic $BASIC" -d "$FORM" "$GATEWAY/connect/token" || die "no token for the latency part"
TOKEN="$(json "$WORK/token.json" "d['access_token']")"

mkdir -p "$WORK/gateway-content"
cp "$(dirname "$GATEWAY_DLL")/appsettings.json" "$WORK/gateway-content/appsettings.json"
cat >"$WORK/gateway-content/appsettings.Bench.json" <<EOF
{
  "Logging": { "LogLevel": { "Default": "Warning", "Microsoft.Hosting.Lifetime": "Information" } },
  "Identity": { "Url": "$GATEWAY" },
  "Gateway": { "RateLimits": { "Enabled": false } },
  "ReverseProxy": {
    "Routes": {
      "bench-edge-auth": {
        "ClusterId": "bench", "Order": 1, "Match": { "Path": "/bench/auth/{**rest}" },
        "AuthorizationPolicy": "default", "RateLimiterPolicy": "disable",
        "Transforms": [ { "PathRemovePrefix": "/bench/auth" } ]
      },
      "bench-edge-anonymous": {
        "ClusterId": "bench", "Order": 1, "Match": { "Path": "/bench/anon/{**rest}" },
        "AuthorizationPolicy": "anonymous", "RateLimiterPolicy": "disable",
        "Transforms": [ { "PathRemovePrefix": "/bench/anon" }, { "RequestHeader": "Authorization", "Set": "Bearer $TOKEN" } ]
      }
    },
    "Clusters": {
      "bench": { "LoadBalancingPolicy": "RoundRobin", "Destinations": { "projects": { "Address": "$PROJECTS" } } }
    }
  }
}
EOF
ASPNETCORE_URLS="http://127.0.0.1:$BENCH_GATEWAY_PORT" ASPNETCORE_ENVIRONMENT=Bench \
  dotnet "$GATEWAY_DLL" --contentRoot "$WORK/gateway-content" >"$WORK/bench-gateway.log" 2>&1 &
PIDS+=($!)
WITH_AUTH="http://127.0.0.1:$BENCH_GATEWAY_PORT/bench/auth/alive"
WITHOUT_AUTH="http://127.0.0.1:$BENCH_GATEWAY_PORT/bench/anon/alive"
wait_ok "$WITHOUT_AUTH" "the benchmark gateway"
# The pair is honest only if the first route really validates: no token → 401, the token → 200.
[ "$(curl -s -o /dev/null -w '%{http_code}' "$WITH_AUTH")" = 401 ] || die "the edge-auth route does not refuse a request without a token"
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$WITH_AUTH" || die "the edge-auth route refuses the token (log: $WORK/bench-gateway.log)"

echo "GET /alive on projects through a second gateway, wrk -t1 -c1 -d$LATENCY_DURATION, $LATENCY_ROUNDS alternating rounds:"
wrk -t1 -c1 -d"$WARMUP" "$WITHOUT_AUTH" >/dev/null
wrk -t1 -c1 -d"$WARMUP" -H "Authorization: Bearer $TOKEN" "$WITH_AUTH" >/dev/null
ANON=()
AUTH=()
for round in $(seq 1 "$LATENCY_ROUNDS"); do
  ANON+=("$(p99_ms "anon-$round" "$WITHOUT_AUTH")")
  AUTH+=("$(p99_ms "auth-$round" -H "Authorization: Bearer $TOKEN" "$WITH_AUTH")")
  echo "  round $round: p99 without edge auth ${ANON[-1]} ms, with edge auth ${AUTH[-1]} ms"
done
ANON_P99="$(median "${ANON[@]}")"
AUTH_P99="$(median "${AUTH[@]}")"
echo "median p99: with edge auth $AUTH_P99 ms minus without (the route sets the same header) $ANON_P99 ms"
awk -v a="$AUTH_P99" -v n="$ANON_P99" 'BEGIN { printf "gateway token validation added p99: %.3f ms (goal <= 0.2 ms)\n", a - n }'
