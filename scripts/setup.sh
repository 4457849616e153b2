#!/usr/bin/env bash
# Sets up everything MnistBlazor needs on this machine, then restores and builds the solution.
# Idempotent: each step checks first and does nothing when all is in place.
#   scripts/setup.sh            native libraries, MNIST data, restore, build
#   scripts/setup.sh --browser  also Chromium for the end-to-end tests and PostgreSQL's server programs for the shared-store tests
#   scripts/setup.sh --app      build only what the app runs (Server, Training), not the test projects
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_browser=0
app_only=0
for argument in "$@"; do
  case "$argument" in
    --browser) want_browser=1 ;;
    --app) app_only=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "setup: unknown option '$argument' (known: --browser, --app)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }
run_as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 97
  fi
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    run_as_root apt-get update -qq
    apt_updated=1
  fi
}

# --- .NET SDK -------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || fail "The .NET 10 SDK is missing: install it from https://dot.net and run this again."
dotnet_major="$(dotnet --version | cut -d. -f1)"
[ "$dotnet_major" -ge 10 ] || fail "The .NET SDK is $(dotnet --version); MnistBlazor needs .NET 10 or newer."
say ".NET SDK $(dotnet --version)"

# --- libstdc++ for TorchSharp (Linux only) ---------------------------------------------------
# TorchSharp 0.107's native library needs GLIBCXX_3.4.32 (GCC 13+). Debian 12 ships GCC 12's
# libstdc++; Debian 13 and Ubuntu 24.04+ already have it. Only Debian 12 gets the trixie package.
libstdcxx_has_required_version() {
  local library
  library="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}')"
  [ -n "$library" ] || library="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6/ {print $NF; exit}')"
  [ -n "$library" ] && grep -aq 'GLIBCXX_3\.4\.32' "$library"
}

if [ "$(uname -s)" = "Linux" ]; then
  if libstdcxx_has_required_version; then
    say "libstdc++ provides GLIBCXX_3.4.32"
  else
    os_id="$(. /etc/os-release 2>/dev/null; echo "${ID:-}")"
    os_version="$(. /etc/os-release 2>/dev/null; echo "${VERSION_ID:-}")"
    if [ "$os_id" = "debian" ] && [ "$os_version" = "12" ]; then
      say "TorchSharp needs libstdc++ from GCC 13+: installing it from Debian trixie (pinned, nothing else moves)"
      mirror="$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n1 | tr -d ' ' || true)"
      mirror="${mirror:-http://deb.debian.org/debian}"
      if ! run_as_root sh -c "printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' '$mirror' > /etc/apt/sources.list.d/mnistblazor-trixie.sources \
          && printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/mnistblazor-trixie"; then
        fail "TorchSharp needs libstdc++ with GLIBCXX_3.4.32. Run this script as root (or with passwordless sudo) once, or install libstdc++6 from Debian trixie yourself."
      fi
      apt_updated=0
      apt_update_once
      DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq -t trixie libstdc++6 >/dev/null
      libstdcxx_has_required_version || fail "libstdc++6 from trixie was installed but GLIBCXX_3.4.32 is still missing."
      say "libstdc++ now provides GLIBCXX_3.4.32"
    else
      fail "TorchSharp needs libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer) and this system ($os_id $os_version) lacks it: upgrade libstdc++6."
    fi
  fi
fi

# --- Chromium for the end-to-end tests --------------------------------------------------------
if [ "$want_browser" -eq 1 ]; then
  if [ -x /usr/bin/chromium ]; then
    say "Chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
  elif command -v apt-get >/dev/null 2>&1; then
    say "Installing Chromium for the end-to-end tests"
    apt_update_once || fail "Chromium is missing and apt-get needs root: run 'apt-get install -y chromium' as root."
    DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq chromium >/dev/null \
      || fail "Chromium is missing and could not be installed: run 'apt-get install -y chromium' as root."
  else
    fail "The end-to-end tests need Chromium at /usr/bin/chromium; install it with your package manager."
  fi
fi

# --- PostgreSQL and nginx for the shared-store and multi-instance tests --------------------------
# The tests start their own temporary PostgreSQL cluster (initdb, pg_ctl) and their own nginx process;
# the packages' system services are not wanted, so they are kept from starting while installing.
install_programs_only() { # <package> <what needs it>
  say "Installing $1 for $2 (its system service is not started)"
  apt_update_once || fail "$1 is missing and apt-get needs root: run 'apt-get install -y $1' as root."
  # policy-rc.d exit 101 tells the package's scripts not to start services; one already there is left alone.
  local blocked_services=0 installed=0
  if [ ! -e /usr/sbin/policy-rc.d ] && run_as_root sh -c "printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d"; then
    blocked_services=1
  fi
  DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq "$1" >/dev/null || installed=$?
  [ "$blocked_services" -eq 1 ] && run_as_root rm -f /usr/sbin/policy-rc.d
  [ "$installed" -eq 0 ] || fail "$1 is missing and could not be installed: run 'apt-get install -y $1' as root."
}

if [ "$want_browser" -eq 1 ] && [ "$(uname -s)" = "Linux" ]; then
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    say "PostgreSQL server programs: $(ls -d /usr/lib/postgresql/*/bin | tail -n1)"
  elif command -v apt-get >/dev/null 2>&1; then
    install_programs_only postgresql "the shared-store tests"
  else
    fail "The PostgreSQL tests need PostgreSQL's server programs (initdb, pg_ctl); install PostgreSQL with your package manager."
  fi

  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
    say "nginx: $(command -v nginx || echo /usr/sbin/nginx)"
  elif command -v apt-get >/dev/null 2>&1; then
    install_programs_only nginx "the multi-instance test"
  else
    fail "The multi-instance test needs nginx; install it with your package manager."
  fi
fi

# --- Restore and build --------------------------------------------------------------------------
cd "$repo_root"
if [ "$app_only" -eq 1 ]; then
  # The whole solution's build check takes ~17 s on 2 cores even when nothing changed; the app needs two projects.
  say "Restoring and building the app (Release)"
  dotnet build Server -c Release -nologo -v quiet -clp:NoSummary
  dotnet build Training -c Release -nologo -v quiet -clp:NoSummary
else
  say "Restoring and building (Release)"
  dotnet build MnistBlazor.sln -c Release -nologo -v quiet -clp:NoSummary
fi

# --- MNIST ----------------------------------------------------------------------------------------
say "MNIST data"
dotnet run --project Training -c Release --no-build -- data
say "Ready."
