#!/usr/bin/env bash
# Benchmark for docs/benchmarks/run-command.md: polls GET /api/models every 2 s and prints, in seconds since
# <start> (a `date +%s.%N` taken just before `bash scripts/run.sh`), when the server first answered
# and when each model first reported "ready". Expects the server at http://localhost:5399.
#   start=$(date +%s.%N); MNISTBLAZOR_MODELS_DIR="$(mktemp -d)" ASPNETCORE_URLS=http://localhost:5399 bash scripts/run.sh &
#   bash scripts/measure-first-run.sh "$start"
set -u
start=$1
declare -A seen
while true; do
  now=$(date +%s.%N)
  body=$(curl -s http://localhost:5399/api/models 2>/dev/null)
  if [ -n "$body" ] && [ -z "${seen[server]:-}" ]; then seen[server]=1; printf 'server answered: %.1f s\n' "$(echo "$now - $start" | bc)"; fi
  for id in nn simple-cnn cnn-proj cnn-quad; do
    if [ -z "${seen[$id]:-}" ] && echo "$body" | python3 -c "import sys,json; d=json.load(sys.stdin); ms=d if isinstance(d,list) else d.get('models',d); m=[x for x in ms if x.get('id',x.get('modelId'))=='$id'][0]; sys.exit(0 if m.get('status')=='ready' else 1)" 2>/dev/null; then
      seen[$id]=1; printf '%s ready: %.1f s (%s)\n' "$id" "$(echo "$now - $start" | bc)" "$(date -u +%T)"
    fi
  done
  [ -n "${seen[cnn-quad]:-}" ] && [ -n "${seen[cnn-proj]:-}" ] && [ -n "${seen[simple-cnn]:-}" ] && [ -n "${seen[nn]:-}" ] && break
  sleep 2
done
