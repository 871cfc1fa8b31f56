#!/usr/bin/env bash
# The two commands of the platform:
#   ./platform.sh run    install what is missing, build, migrate, start the whole platform (AppHost);
#                        --no-demo (or PLATFORM_DEMO=false): no demo province, a bootstrap administrator instead
#   ./platform.sh test   install what is missing, build, run every test
# Both work on a fresh Debian machine with the .NET SDK; everything else is installed here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'platform.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "需要 root 权限来安装系统软件包：请以 root 运行，或先执行: apt-get install $*"; fi
}

APT_UPDATED=0
apt_install() {
  # Installs the Debian packages named, once, only when something is missing.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "缺少 ${missing[*]}，且本机没有 apt-get：请手动安装后重试"
  say "安装系统软件包: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || die "未找到 .NET SDK (dotnet)：请安装 .NET SDK 10.0 后重试"
  # Checked by what is on the PATH, not by package name: Node.js may come from elsewhere than Debian,
  # and Debian's npm would then conflict with it.
  local wanted=("$@")
  [ -x /usr/lib/postgresql/15/bin/initdb ] || wanted+=(postgresql-15)
  command -v redis-server >/dev/null 2>&1 || wanted+=(redis-server)
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
  [ ${#wanted[@]} -eq 0 ] || apt_install "${wanted[@]}"
  [ -x /usr/lib/postgresql/15/bin/initdb ] || die "未找到 PostgreSQL 15 (initdb)：apt-get install postgresql-15"
  # The Debian packages start system-wide servers we do not use; the platform runs its own.
  for svc in redis-server postgresql; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
      as_root systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
  done
}

build_portal() {
  local portal="$ROOT/gateway/portal"
  [ -f "$portal/package.json" ] || return 0
  say "构建门户 (npm ci + vite build)"
  (cd "$portal" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
}

build_dotnet() {
  local config="$1"
  say "编译 .NET 解决方案 ($config)"
  dotnet build "$ROOT/Platform.sln" -c "$config" -nologo -v:q -clp:ErrorsOnly
}

cmd_run() {
  # Demo mode (a demo province with an account per role, listed at start) is the default;
  # `--no-demo` or PLATFORM_DEMO=false starts with one bootstrap administrator instead.
  local args=()
  [ -n "${PLATFORM_DEMO:-}" ] && args+=("--Platform:Demo=$PLATFORM_DEMO")
  for arg in "$@"; do
    case "$arg" in
      --no-demo) args+=("--Platform:Demo=false") ;;
      --demo) args+=("--Platform:Demo=true") ;;
      *) args+=("$arg") ;;
    esac
  done
  ensure_prerequisites
  build_portal
  build_dotnet Release
  say "启动平台 (AppHost)"
  exec dotnet "$ROOT/AppHost/bin/Release/net10.0/AppHost.dll" "${args[@]}"
}

cmd_test() {
  local browser=()
  command -v chromium >/dev/null 2>&1 || browser+=(chromium)
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || browser+=(fonts-noto-cjk)
  ensure_prerequisites "${browser[@]}"
  build_portal
  rm -f "$ROOT/.test-portal.log"
  if [ -f "$ROOT/gateway/portal/package.json" ]; then
    say "门户单元测试 (vitest)"
    # A failing portal test is counted in the closing line below; the .NET suites still run.
    (cd "$ROOT/gateway/portal" && NO_COLOR=1 npm test 2>&1) | tee "$ROOT/.test-portal.log" || true
  fi
  build_dotnet Debug
  say "运行 .NET 测试"
  "$ROOT/tests/run-dotnet-tests.sh" "$ROOT/.test-portal.log"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *) echo "用法: ./platform.sh run [--no-demo] | test" >&2; exit 2 ;;
esac
