#!/usr/bin/env python3
"""Digits in one made-up hand, for measuring fine-tuning on a running web app (docs/benchmarks/saved-drawings.md).

The hand has quirks MNIST rarely shows: a slashed narrow 0, a 1 with a long flag and a foot, a 2 with a loop, a flat-topped
3, a 4 in one stroke with a closed top, a 5 with a detached flag, an open 6, a 7 with a hooked top and a bar, an 8 of two
offset loops and a 9 with a curled tail. Each digit is jittered (rotation up to 8 degrees, scale 0.80-1.08, shift up to 15 px,
point noise up to 2.5 px, pen width 14-22 px) on the 280x280 pad, seeded, so a seed gives the same digits every time.

  one-hand-digits.py save URL PER_DIGIT SEED   saves PER_DIGIT of each digit (needs the owner: run it on the server's machine)
  one-hand-digits.py read URL PER_DIGIT SEED   reads new ones with POST /api/predict and prints each model's misreads
"""
import collections
import json
import math
import random
import sys
import urllib.request


def arc(cx, cy, rx, ry, start, end, steps=24):
    return [(cx + rx * math.cos(math.radians(start + (end - start) * i / steps)),
             cy + ry * math.sin(math.radians(start + (end - start) * i / steps))) for i in range(steps + 1)]


HAND = {
    0: [arc(140, 140, 45, 95, 0, 360), [(90, 225), (190, 55)]],
    1: [[(85, 110), (155, 45), (145, 235)], [(100, 236), (195, 236)]],
    2: [arc(140, 95, 50, 45, 200, 360) + [(185, 120), (95, 220)] + arc(110, 212, 18, 16, -60, 300, 12) + [(125, 218), (205, 228)]],
    3: [[(80, 55), (195, 55), (125, 125)], arc(135, 170, 60, 55, -100, 140)],
    4: [[(165, 235), (165, 55), (80, 165), (215, 165)]],
    5: [[(100, 60), (95, 130)], arc(140, 170, 55, 55, -130, 140), [(100, 58), (195, 52)]],
    6: [[(180, 50), (110, 130)] + arc(140, 180, 48, 48, 180, 470)],
    7: [[(80, 85), (85, 60), (200, 60), (140, 235)], [(115, 150), (185, 150)]],
    8: [arc(160, 90, 38, 40, 90, 450), arc(125, 185, 50, 50, -90, 270)],
    9: [arc(140, 95, 50, 45, 0, 360), [(190, 95), (185, 200)] + arc(160, 200, 25, 30, 0, 160, 10)],
}


def drawing(digit, rng):
    width = round(rng.uniform(14, 22), 1)
    angle = math.radians(rng.uniform(-8, 8))
    scale = rng.uniform(0.8, 1.08)
    dx, dy = rng.uniform(-15, 15), rng.uniform(-15, 15)
    strokes = []
    for stroke in HAND[digit]:
        points = []
        for x, y in stroke:
            x, y = x - 140, y - 140
            x, y = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
            points.append([round(140 + scale * x + dx + rng.uniform(-2.5, 2.5), 1), round(140 + scale * y + dy + rng.uniform(-2.5, 2.5), 1)])
        strokes.append({"width": width, "points": points})
    return {"width": 280, "height": 280, "strokes": strokes}


def post(url, body):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("save", "read"):
        sys.exit(__doc__)
    action, url, per_digit, seed = sys.argv[1], sys.argv[2].rstrip("/"), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    misreads = collections.defaultdict(collections.Counter)
    for _ in range(per_digit):
        for digit in range(10):
            body = drawing(digit, rng)
            if action == "save":
                post(url + "/api/drawings", {**body, "label": digit})
                continue
            for prediction in post(url + "/api/predict", body)["predictions"]:
                misreads[prediction["modelId"]][(digit, prediction["digit"])] += 0 if prediction["digit"] == digit else 1
    if action == "save":
        print(f"{10 * per_digit} drawings saved")
        return
    for model, counts in misreads.items():
        wrong = {f"{true}->{read}": n for (true, read), n in sorted(counts.items()) if n}
        print(f"{model:<12} {sum(wrong.values())} of {10 * per_digit} wrong  {wrong}")


if __name__ == "__main__":
    main()
