#!/usr/bin/env bash
# Benchmark for docs/benchmarks/inference-speed.md: starts the built server (Release) on a models directory,
# waits for it to answer and 3 s more, then times the first requests to /api/predict, /api/explain and
# /api/layers (one drawing of a seven, 3 of each), with the start-up warm-up on and off, taking turns.
# With "later", the server starts on an empty models directory and the models are copied in once it answers (as when
# the first training run finishes after the start); the requests follow 5 s after the copy.
#   dotnet build Server -c Release && bash scripts/measure-first-requests.sh <models-dir> [rounds] [later]
set -euo pipefail
models=$1
rounds=${2:-3}
arrival=${3:-}
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
drawing='{"width":280,"height":280,"strokes":[{"width":20,"points":[[80,70],[200,70],[150,140],[120,220]]}]}'
url=http://127.0.0.1:5398

for round in $(seq "$rounds"); do
  for warm_up in true false; do
    served=$models
    if [ "$arrival" = later ]; then
      served="$work/models-$round-$warm_up"
      mkdir -p "$served"
    fi
    ASPNETCORE_ENVIRONMENT=Production dotnet "$repo_root/Server/bin/Release/net10.0/MnistBlazor.Server.dll" --urls "$url" \
      --Models:Directory="$served" --Drawings:DatabasePath="$work/drawings-$round-$warm_up.db" \
      --Training:AutoTrain=false --Models:WarmUp="$warm_up" >"$work/server.log" 2>&1 &
    server=$!
    until curl -s -o /dev/null "$url/health/live"; do sleep 0.2; done
    sleep 3
    if [ "$arrival" = later ]; then
      for folder in "$models"/*/; do
        name=$(basename "$folder")
        cp -r "$folder" "$served/.$name" && mv "$served/.$name" "$served/$name"
      done
      sleep 5
    fi
    line="round $round, warm-up $warm_up${arrival:+, models $arrival}:"
    for endpoint in predict explain layers; do
      for _ in 1 2 3; do
        ms=$(curl -s -o /dev/null -w '%{time_total}' -X POST -H 'Content-Type: application/json' --data "$drawing" "$url/api/$endpoint")
        line+=$(printf ' %s %.0f' "$endpoint" "$(echo "$ms * 1000" | bc)")
      done
      line+=" ms;"
    done
    echo "$line"
    grep -h -A1 'InferenceWarmUp' "$work/server.log" | grep -v InferenceWarmUp | sed 's/^ */  /' || true
    kill "$server"; wait "$server" 2>/dev/null || true
  done
done
