#!/usr/bin/env bash
# Benchmark for docs/benchmarks/run-command.md: polls GET /api/models every 2 s and prints, in seconds since
# <start> (a `date +%s.%N` taken just before `bash scripts/run.sh`), when the server first answered and when each
# model first reported "ready" with its MNIST test accuracy, and again whenever a ready model's accuracy changed
# (the NN's early version, then the trained one). Expects the server at http://localhost:5399.
#   start=$(date +%s.%N); MNISTBLAZOR_MODELS_DIR="$(mktemp -d)" ASPNETCORE_URLS=http://localhost:5399 bash scripts/run.sh &
#   bash scripts/measure-first-run.sh "$start"
# One Python process does the polling: starting processes every 2 s (curl, and Python per model) beside the training
# made it about a quarter slower on 2 cores, which a measurement must not do.
set -u
exec python3 - "$1" <<'PYTHON'
import datetime, json, sys, time, urllib.request

start = float(sys.argv[1])
models = ["nn", "simple-cnn", "cnn-proj", "cnn-quad"]
answered, accuracy = False, {}
while not all(m in accuracy for m in models):
    try:
        with urllib.request.urlopen("http://localhost:5399/api/models", timeout=5) as response:
            body = json.load(response)
    except (OSError, ValueError):
        body = None
    elapsed = time.time() - start
    clock = datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S")
    if body is not None and not answered:
        answered = True
        print(f"server answered: {elapsed:.1f} s", flush=True)
    for model in (body or {}).get("models", []):
        model_id = model.get("id")
        if model_id in models and model.get("status") == "ready" and accuracy.get(model_id, -1) != model.get("testAccuracy"):
            accuracy[model_id] = model.get("testAccuracy")
            print(f"{model_id} ready: {elapsed:.1f} s ({clock}), MNIST test {accuracy[model_id]}", flush=True)
    time.sleep(2)
PYTHON
