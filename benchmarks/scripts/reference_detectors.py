#!/usr/bin/env python3
"""Reference detectors for the NAB-layout corpora: an EWMA z-score and a trailing z-score.

Streaming, no look-ahead: the score of row i uses rows 0..i-1 for the statistics and row i only as
the value scored. Scores are |z| / (1 + |z|) in [0, 1) (monotone in |z|, which is all the scorer's
threshold sweep needs). Standard library only.

  reference_detectors.py ewma     --nab DIR --output OUT [--alpha 0.01]
  reference_detectors.py trailing --nab DIR --output OUT [--window 1440]
"""
import argparse
import collections
import math
import os


def ewma_scores(values, alpha):
    mean, var, n = 0.0, 0.0, 0
    for x in values:
        if n == 0:
            z = 0.0
            mean = x
        else:
            sd = math.sqrt(var)
            z = abs(x - mean) / sd if sd > 0 else (0.0 if x == mean else 1e9)
            d = x - mean
            mean += alpha * d
            var = (1 - alpha) * (var + alpha * d * d)
        n += 1
        yield z


def trailing_scores(values, window):
    buf = collections.deque()
    s, s2 = 0.0, 0.0
    for x in values:
        n = len(buf)
        if n < 2:
            z = 0.0
        else:
            mean = s / n
            var = max(0.0, s2 / n - mean * mean)
            sd = math.sqrt(var)
            z = abs(x - mean) / sd if sd > 0 else (0.0 if x == mean else 1e9)
        buf.append(x)
        s += x
        s2 += x * x
        if len(buf) > window:
            y = buf.popleft()
            s -= y
            s2 -= y * y
        yield z


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["ewma", "trailing"])
    ap.add_argument("--nab", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--alpha", type=float, default=0.01)
    ap.add_argument("--window", type=int, default=1440)
    a = ap.parse_args()
    data = os.path.join(a.nab, "data")
    for cat in sorted(os.listdir(data)):
        for name in sorted(os.listdir(os.path.join(data, cat))):
            if not name.endswith(".csv"):
                continue
            with open(os.path.join(data, cat, name)) as f:
                header = f.readline()
                rows = [line.rstrip("\n").split(",") for line in f if line.strip()]
            values = [float(r[1]) for r in rows]
            zs = ewma_scores(values, a.alpha) if a.kind == "ewma" else trailing_scores(values, a.window)
            os.makedirs(os.path.join(a.output, cat), exist_ok=True)
            with open(os.path.join(a.output, cat, name), "w") as out:
                out.write("timestamp,value,anomaly_score\n")
                for r, z in zip(rows, zs):
                    out.write("%s,%s,%.6f\n" % (r[0], r[1], z / (1 + z)))


if __name__ == "__main__":
    main()
