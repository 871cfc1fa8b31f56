#!/usr/bin/env bash
# Runs every .NET test project one after another (they start real servers; running them in parallel
# on 2 cores makes them slower, not faster) and prints one closing line: "N passed, N failed".
# Argument 1 (optional): a log of the portal's vitest run whose counts are added.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_DIR="$ROOT/.test-logs"
mkdir -p "$LOG_DIR"

passed=0; failed=0; skipped=0; broken=()

if [ -n "${1:-}" ] && [ -f "$1" ]; then
  line=$(grep -E '^\s*Tests\s+' "$1" | tail -n 1 || true)
  p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
  f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ -z "$line" ] || [ "${f:-0}" -gt 0 ]; then broken+=("portal (vitest)"); [ -z "$line" ] && failed=$((failed + 1)); fi
fi

# Fast suites first, whole-platform suites last.
mapfile -t projects < <(find "$ROOT/tests" -name '*.Tests.csproj' | sort | awk '/Platform\.Tests|Browser\.Tests/ {late[++n]=$0; next} {print} END {for (i=1;i<=n;i++) print late[i]}')

for proj in "${projects[@]}"; do
  name=$(basename "$proj" .csproj)
  log="$LOG_DIR/$name.log"
  echo "--- $name"
  dotnet test "$proj" --no-build -nologo --blame-hang-timeout 5m 2>&1 | tee "$log" | grep -E '^\s*(Failed |Passed!|Failed!|\[FAIL\]|error)' || true
  summary=$(grep -E '(Passed|Failed)!\s+-' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "$name: no test summary (build or host failure); see $log"
    broken+=("$name"); failed=$((failed + 1)); continue
  fi
  p=$(grep -oE 'Passed:\s+[0-9]+' <<<"$summary" | grep -oE '[0-9]+'); f=$(grep -oE 'Failed:\s+[0-9]+' <<<"$summary" | grep -oE '[0-9]+')
  s=$(grep -oE 'Skipped:\s+[0-9]+' <<<"$summary" | grep -oE '[0-9]+')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$f" -gt 0 ] && broken+=("$name")
done

[ ${#broken[@]} -gt 0 ] && echo "failing: ${broken[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
