#!/usr/bin/env bash
# Runs MnistBlazor as several server instances (two by default) behind nginx on this machine, as a load-balanced deployment would:
# a temporary PostgreSQL cluster holds the saved drawings and the Data Protection keys both instances use, both
# read the same models directory, and nginx (deploy/nginx/) spreads browsers over them with sticky sessions.
# Prints the address; Ctrl+C stops everything and deletes the temporary cluster.
#
#   bash scripts/run-instances.sh [server arguments, given to both instances]
#
# PORT chooses nginx's port (default: a free one); INSTANCES the number of server instances (default 2); INSTANCE_CPUS
# optionally pins them, one taskset CPU list per instance ("0 1": instance 1 on CPU 0, instance 2 on CPU 1), to
# measure how throughput grows with the cores the instances get. Owner__Password (or Owner__PasswordSha256) is the owner's
# password on both instances; without one a random password is made and printed. Missing nginx or PostgreSQL
# programs are installed with apt-get (Debian; needs root or passwordless sudo).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { printf '\033[1;34m[instances]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[instances] %s\033[0m\n' "$*" >&2; exit 1; }

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 97
  fi
}

# Installs a Debian package without starting its system service (policy-rc.d exit 101; one already there is left alone).
install_package() {
  local package="$1"
  command -v apt-get >/dev/null 2>&1 || fail "$package is missing; install it with your package manager."
  say "Installing $package (its system service is not started)"
  run_as_root apt-get update -qq || fail "$package is missing and apt-get needs root: run 'apt-get install -y $package' as root."
  local blocked_services=0 installed=0
  if [ ! -e /usr/sbin/policy-rc.d ] && run_as_root sh -c "printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d"; then
    blocked_services=1
  fi
  DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -qq "$package" >/dev/null || installed=$?
  [ "$blocked_services" -eq 1 ] && run_as_root rm -f /usr/sbin/policy-rc.d
  [ "$installed" -eq 0 ] || fail "$package is missing and could not be installed: run 'apt-get install -y $package' as root."
}

nginx_program=/usr/sbin/nginx
[ -x "$nginx_program" ] || install_package nginx
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || install_package postgresql
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"

bash scripts/setup.sh --app

# A port nobody listens on, from a random start (bash's /dev/tcp: no other tool needed).
free_port() {
  local port=$(( 20000 + RANDOM % 20000 ))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( port + 1 )); done
  echo "$port"
}

run_dir="$(mktemp -d -t mnistblazor-instances-XXXXXX)"
chmod 755 "$run_dir" # nginx's workers and PostgreSQL may run as other users
pids=()
cleanup() {
  trap - INT TERM EXIT
  say "Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$run_dir/postgres/data/postmaster.pid" ] && as_cluster_owner "$pg_bin/pg_ctl" -D "$run_dir/postgres/data" -m fast -w stop >/dev/null
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL: a temporary cluster on a Unix socket in the run directory (as tests/Support/Postgres does) ----------
cluster_owner=""
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root.
  for user in postgres nobody; do id -u "$user" >/dev/null 2>&1 && { cluster_owner="$user"; break; }; done
  [ -n "$cluster_owner" ] || fail "initdb refuses to run as root and neither 'postgres' nor 'nobody' exists to own the cluster."
fi
as_cluster_owner() { if [ -n "$cluster_owner" ]; then runuser -u "$cluster_owner" -- "$@"; else "$@"; fi; }

mkdir -p "$run_dir/postgres"
[ -n "$cluster_owner" ] && chown "$cluster_owner" "$run_dir/postgres"
pg_port="$(free_port)"
pg_superuser=mnistblazor
say "PostgreSQL: a temporary cluster in $run_dir/postgres"
as_cluster_owner "$pg_bin/initdb" -D "$run_dir/postgres/data" -U "$pg_superuser" --auth=trust -E UTF8 --no-locale >/dev/null
as_cluster_owner "$pg_bin/pg_ctl" -D "$run_dir/postgres/data" -w -l "$run_dir/postgres/server.log" start \
  -o "-c listen_addresses='' -k $run_dir/postgres -p $pg_port" >/dev/null
"$pg_bin/createdb" -h "$run_dir/postgres" -p "$pg_port" -U "$pg_superuser" mnistblazor
export ConnectionStrings__Drawings="Host=$run_dir/postgres;Port=$pg_port;Username=$pg_superuser;Database=mnistblazor"

# --- The owner's password: the same on both instances --------------------------------------------------------------
if [ -z "${Owner__Password:-}" ] && [ -z "${Owner__PasswordSha256:-}" ]; then
  Owner__Password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
  export Owner__Password
  say "Owner password (sign in at /signin to save drawings): $Owner__Password"
fi

# --- Two instances ------------------------------------------------------------------------------------------------
server_dir="$repo_root/Server/bin/Release/net10.0"
instance_ports=()
start_instance() {
  local number="$1"; shift
  local port; port="$(free_port)"
  local pin=()
  if [[ -n "${INSTANCE_CPUS:-}" ]]; then
    local cpus; read -r -a cpus <<< "$INSTANCE_CPUS"
    [[ -n "${cpus[$((number - 1))]:-}" ]] || fail "INSTANCE_CPUS='$INSTANCE_CPUS' has no CPU list for instance $number."
    pin=(taskset -c "${cpus[$((number - 1))]}")
  fi
  # nginx on this machine is the only proxy trusted; every request arrives from loopback, so loopback is no owner.
  (cd "$server_dir" && ASPNETCORE_ENVIRONMENT=Production exec "${pin[@]}" dotnet MnistBlazor.Server.dll --urls "http://127.0.0.1:$port" \
    --ForwardedHeaders:KnownProxies:0=127.0.0.1 --Owner:LoopbackIsOwner=false \
    --Training:Executable="$repo_root/Training/bin/Release/net10.0/MnistBlazor.Training.dll" "$@") \
    > "$run_dir/instance-$number.log" 2>&1 &
  pids+=("$!")
  instance_ports+=("$port")
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break
    kill -0 "$!" 2>/dev/null || { cat "$run_dir/instance-$number.log" >&2; fail "instance $number stopped."; }
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/health/live" >/dev/null || { cat "$run_dir/instance-$number.log" >&2; fail "instance $number did not start."; }
  say "instance $number: http://127.0.0.1:$port (pid $!, log $run_dir/instance-$number.log)"
}

instances="${INSTANCES:-2}"
[[ "$instances" =~ ^[1-9][0-9]*$ ]] || fail "INSTANCES must be a number of instances (1 or more), not '$instances'."
# Only the first instance trains missing models; all load them from the shared models directory as they appear.
start_instance 1 --Training:AutoTrain=true "$@"
# The first page creates the Data Protection key in the database, so the others start with the same key ring.
curl -sf "http://127.0.0.1:${instance_ports[0]}/signin" >/dev/null
for number in $(seq 2 "$instances"); do start_instance "$number" --Training:AutoTrain=false "$@"; done

# --- nginx in front -------------------------------------------------------------------------------------------------
nginx_port="${PORT:-$(free_port)}"
mkdir -p "$run_dir/nginx"
cp deploy/nginx/nginx.conf "$run_dir/nginx/"
# The reference file's two example servers (ports 5081, 5082) become one line per instance.
awk -v ports="${instance_ports[*]}" -v listen="$nginx_port" '
  /server 127\.0\.0\.1:5081 / { n = split(ports, p, " "); for (i = 1; i <= n; i++) { line = $0; sub(/5081/, p[i], line); print line }; next }
  /server 127\.0\.0\.1:5082 / { next }
  { sub(/listen 127\.0\.0\.1:8080;/, "listen 127.0.0.1:" listen ";"); print }
' deploy/nginx/mnistblazor.conf > "$run_dir/nginx/mnistblazor.conf"
"$nginx_program" -p "$run_dir/nginx" -c "$run_dir/nginx/nginx.conf" -e "$run_dir/nginx/error.log" &
pids+=("$!")
for _ in $(seq 1 40); do curl -sf "http://127.0.0.1:$nginx_port/health/live" >/dev/null && break; sleep 0.25; done
curl -sf "http://127.0.0.1:$nginx_port/health/live" >/dev/null || { cat "$run_dir/nginx/error.log" >&2; fail "nginx did not start."; }

say "MnistBlazor at http://localhost:$nginx_port  (nginx log: $run_dir/nginx/access.log; Ctrl+C stops everything)"
wait "${pids[-1]}"
