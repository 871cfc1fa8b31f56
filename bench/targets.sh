#!/usr/bin/env bash
# Targets benchmark (issue 4, item 10 "Scale"). Starts the whole platform (the AppHost in demo mode with a generated
# demo password, a temporary data folder, the gateway's rate limits off) and runs bench/TargetsBench, which signs demo
# users of 盂县 (140322) in through the gateway over OIDC and prints:
#   loaded volume: 35,000 target sets with 130,000 indicators of one county, generated in the import format
#   import of 130000 indicators: <s> s (goal <= 10 s)
#       POST /api/targets/imports as 140322.unit-filer, wall time from upload to answer (files over the gateway's
#       40 MB upload limit are split and the times summed); peers: the CSV COPYed into one bare scratch table
#       (printed with its ratio, for reference), and the rows the import wrote (sets, indicators, audit rows)
#       binary-COPYed into empty copies of the same tables with their indexes and foreign key:
#       import/COPY ratio: <x> (goal <= 3), against the second
#   bulk approval of 1000 sets: <s> s (goal <= 5 s)
#       2,000 imported sets submitted (untimed), then one POST /api/targets/sets/bulk-review with 1,000 ids as
#       140322.department-filer (approve); the answer must say 1,000 succeeded
#   review list p95: <ms> ms (goal <= 200 ms)
#       GET /api/targets/sets as 140322.performance-officer with year, status, q, departmentId, page and pageSize
#       drawn per request, 400 requests on 4 concurrent clients after a warm-up; p50/p95/p99 through the gateway and,
#       as the peer, the same requests straight at the targets service
#   summary: the four figures against their goals (last line)
# A warm-up import of 40 sets of the year before runs first (untimed). Each timed write starts after a CHECKPOINT.
# Run from anywhere; needs the .NET SDK and what ./platform.sh run installs (PostgreSQL, Redis); installs curl and
# python3 if missing. Knobs: BENCH_REQUESTS (400), BENCH_CLIENTS (4), BENCH_ARTIFACTS (build output, artifacts/bench),
# BENCH_ENVIRONMENT (Production). About 3–4 minutes after the first build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BENCH_ARTIFACTS:-$ROOT/artifacts/bench}"
ENVIRONMENT="${BENCH_ENVIRONMENT:-Production}"
REQUESTS="${BENCH_REQUESTS:-400}"
CLIENTS="${BENCH_CLIENTS:-4}"
REGION=140322

. "$ROOT/bench/lib.sh"
bench_init targets-bench

DATA="$WORK/data"

need_tools curl=curl python3=python3

echo "Building (Release) ..."
dotnet build "$ROOT/AppHost/AppHost.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "build failed"; }
dotnet build "$ROOT/bench/TargetsBench/TargetsBench.csproj" -c Release --artifacts-path "$BUILD" -nologo -v q >>"$WORK/build.log" 2>&1 \
  || { tail -n 30 "$WORK/build.log"; die "the benchmark driver's build failed"; }
APPHOST_DLL="$BUILD/bin/AppHost/release/AppHost.dll"
DRIVER_DLL="$BUILD/bin/TargetsBench/release/TargetsBench.dll"
[ -f "$APPHOST_DLL" ] && [ -f "$DRIVER_DLL" ] || die "build output not found under $BUILD/bin"

GATEWAY_PORT=$(free_port)
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
# Identity's policy wants upper, lower, digits and a symbol; the AppHost's rule for the demo password 16+ characters.
DEMO_PASSWORD="Bx$(python3 -c 'import secrets; print(secrets.token_hex(8))')Q7#k"

echo "Starting the platform (demo mode, data in $DATA) ..."
# Every process the AppHost starts inherits its environment: the gateway's rate limits are switched off so they do
# not cap the list requests.
Gateway__RateLimits__Enabled=false \
  dotnet "$APPHOST_DLL" --data-dir "$DATA" --Platform:Demo=true --Parameters:demo-password="$DEMO_PASSWORD" \
  --Platform:Gateway:Port="$GATEWAY_PORT" --Dashboard:Port=0 --Platform:Environment="$ENVIRONMENT" >"$WORK/apphost.log" 2>&1 &
PIDS+=($!)
wait_for_platform
wait_ok "$GATEWAY/.well-known/openid-configuration" "the gateway (identity's discovery)"

# Where targets listens and its database: from the dashboard's API (its token is printed at start). The connection
# string comes with the password masked; the generated one is in the data folder's secrets.
read_resources
TARGETS="$(replica_of targets "['url']")"
TARGETS_DB="$(replica_of targets "['environment']['ConnectionStrings__targetsdb']")"
POSTGRES_PASSWORD="$(json "$DATA/secrets.json" "d['postgres-password']")"

echo "Measuring on $(nproc) cores (load average at start: $(cut -d' ' -f1-3 /proc/loadavg)) ..."
BENCH_DEMO_PASSWORD="$DEMO_PASSWORD" PGPASSWORD="$POSTGRES_PASSWORD" \
  dotnet "$DRIVER_DLL" run --gateway "$GATEWAY" --targets "$TARGETS" --postgres "$TARGETS_DB" --work "$WORK/files" \
  --region "$REGION" --requests "$REQUESTS" --clients "$CLIENTS" \
  || die "the benchmark failed (AppHost output in $WORK/apphost.log is removed at exit; rerun to look)"
