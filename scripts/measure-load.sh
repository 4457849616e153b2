#!/usr/bin/env bash
# Load proof for docs/benchmarks/web-performance.md: starts the Release server on the given models,
# sends POST /api/predict from 32 concurrent clients with ApacheBench (apt-get install apache2-utils)
# and counts the errors; then loads it again, aborts every client at once and samples the server
# process's CPU time (/proc/<pid>/stat) to show its work stops when the clients leave.
#
#   dotnet build Server -c Release
#   bash scripts/measure-load.sh <models dir> [requests] [clients]
#   LOAD_URL=http://127.0.0.1:18080 bash scripts/measure-load.sh - [requests] [clients]
#
# With LOAD_URL it loads that running server (or nginx in front of several: scripts/run-instances.sh)
# instead of starting one, and measures only the first part (no CPU sampling).
# The per-client window is lifted (one ab process is one client address); everything else keeps its default.
set -euo pipefail

models="${1:?usage: scripts/measure-load.sh <models dir> [requests] [clients]}"
requests="${2:-1500}"
clients="${3:-32}"
port="${PORT:-5394}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server_dll="$repo_root/Server/bin/Release/net10.0/MnistBlazor.Server.dll"
load_url="${LOAD_URL:-}"
[[ -n "$load_url" || -f "$server_dll" ]] || { echo "No Release build at $server_dll: run dotnet build Server -c Release first." >&2; exit 1; }
command -v ab >/dev/null || { echo "ab not found: apt-get install apache2-utils" >&2; exit 1; }

scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

# A 7 as 784 JSON pixels (the body of the earlier measurements): a bar on row 6, a diagonal down to row 23.
awk 'BEGIN {
  printf "{\"pixels\": [";
  for (y = 0; y < 28; y++) for (x = 0; x < 28; x++) {
    ink = (y >= 5 && y <= 7 && x >= 7 && x <= 21) || (y >= 6 && y <= 23 && x >= 20 - (y - 6) * 0.5 - 1 && x <= 20 - (y - 6) * 0.5 + 1);
    printf "%s%s", (y + x > 0 ? "," : ""), (ink ? "1" : "0");
  }
  printf "]}";
}' > "$scratch/seven-pixels.json"

if [[ -n "$load_url" ]]; then
  url="$load_url/api/predict"
else
  ASPNETCORE_ENVIRONMENT=Production dotnet "$server_dll" --urls "http://127.0.0.1:$port" \
    --Models:Directory="$models" --Drawings:DatabasePath="$scratch/drawings.db" --Training:AutoTrain=false \
    --Limits:ClientRequestsPerWindow=1000000 --Logging:LogLevel:Default=Warning > "$scratch/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/api/models" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/api/models" >/dev/null || { cat "$scratch/server.log" >&2; exit 1; }
  url="http://127.0.0.1:$port/api/predict"
fi

ticks_per_second="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; } # utime + stime of the server process

echo "== $requests requests, $clients concurrent clients"
ab -q -n "$requests" -c "$clients" -p "$scratch/seven-pixels.json" -T application/json "$url" > "$scratch/ab.txt" 2>&1 || true
grep -E "Complete requests|Failed requests|Connect:|Non-2xx|Requests per second|Time per request.*mean\)|  50%|  95%|  99%|100%" "$scratch/ab.txt"
grep -q "Non-2xx" "$scratch/ab.txt" && echo "ERRORS: some responses were not 2xx" || echo "errors (non-2xx responses): 0"
echo "(ab's \"Failed requests\" also counts responses whose length differs from the first: the JSON carries per-model timings.)"
[[ -z "$load_url" ]] || exit 0

echo "== abort: $clients clients load the server, then all of them disconnect at once"
sleep 2
idle_before="$(cpu_ticks)"; sleep 1; idle_after="$(cpu_ticks)"
echo "idle before the load: $(( idle_after - idle_before )) ticks of CPU in 1 s (${ticks_per_second} ticks = 1 CPU second)"
ab -q -n 1000000 -c "$clients" -p "$scratch/seven-pixels.json" -T application/json "$url" > /dev/null 2>&1 &
ab_pid=$!
sleep 5
loaded_before="$(cpu_ticks)"; sleep 1; loaded_after="$(cpu_ticks)"
echo "under load: $(( loaded_after - loaded_before )) ticks in 1 s"
kill -9 "$ab_pid"
wait "$ab_pid" 2>/dev/null || true
previous="$(cpu_ticks)"
for window in 0.25 0.25 0.5 1 1; do
  sleep "$window"
  now="$(cpu_ticks)"
  elapsed="$(awk -v w="$window" -v t="${elapsed:-0}" 'BEGIN { print t + w }')"
  echo "after the abort, by ${elapsed} s: $(( now - previous )) ticks in the last ${window} s"
  previous="$now"
done
curl -sf "http://127.0.0.1:$port/api/models" >/dev/null && echo "the server still answers"
