#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then starts the MnistBlazor web app.
# Extra arguments go to the server, e.g. scripts/run.sh --urls http://0.0.0.0:5080 --AllowedHosts='myhost;192.168.1.20'
# (other machines need their host name in AllowedHosts, and Owner__Password to change data: docs/security.md)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

bash scripts/setup.sh --app

urls="${ASPNETCORE_URLS:-http://localhost:5080}"
echo "[run] MnistBlazor at $urls  (Ctrl+C stops it)"
# Models without a model.onnx are trained in the background (quick profile, NN first) unless the
# caller passes --Training:AutoTrain=false; models already trained are never retrained.
exec dotnet run --project Server -c Release --no-build --no-launch-profile -- --urls "$urls" \
  --Training:AutoTrain=true \
  --Training:Executable="$repo_root/Training/bin/Release/net10.0/MnistBlazor.Training.dll" \
  "$@"
