#!/usr/bin/env python3
"""EfficientNet-B0 (1-channel stem, 98 x 64 input) forward and training step: cola4j (JMH) next to PyTorch.

Run from the repository root after `mvn -q -pl benchmarks -am package -DskipTests`:

    /usr/bin/python3 benchmarks/compare_training.py [--batch 64] [--reps 5]

Both sides use 2 threads (torch.set_num_threads(2); the Java pool sizes itself to the machine's cores).
The PyTorch model is torchvision's efficientnet_b0 with the stem replaced by a 1-channel convolution and an
8-class classifier, as in EfficientNetBenchmark.java. Times are medians of single-shot runs after warm-up.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torchvision


def torch_times(batch, reps):
    torch.set_num_threads(2)
    torch.manual_seed(1)
    net = torchvision.models.efficientnet_b0(num_classes=8)
    net.features[0][0] = torch.nn.Conv2d(1, 32, 3, 2, 1, bias=False)
    x = torch.randn(batch, 1, 98, 64)
    labels = torch.arange(batch) % 8
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)

    def forward_eval():
        net.eval()
        with torch.no_grad():
            net.avgpool(net.features(x))

    def train_step():
        net.train()
        loss = torch.nn.functional.cross_entropy(net(x), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()

    out = {}
    for name, fn in (("forwardEval", forward_eval), ("trainStep", train_step)):
        for _ in range(2):
            fn()
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1e3)
        out[name] = statistics.median(times)
    return out


def java_times(batch, reps):
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    if not os.path.exists(jar):
        sys.exit("build first: mvn -q -pl benchmarks -am package -DskipTests")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result = f.name
    subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-jar", jar, "EfficientNetBenchmark",
                    "-p", f"batch={batch}", "-wi", "2", "-i", str(reps), "-rf", "json", "-rff", result],
                   check=True, stdout=subprocess.DEVNULL)
    with open(result) as f:
        data = json.load(f)
    os.unlink(result)
    return {r["benchmark"].split(".")[-1]: r["primaryMetric"]["scorePercentiles"]["50.0"] for r in data}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    java = java_times(args.batch, args.reps)
    pt = torch_times(args.batch, args.reps)
    print(f"EfficientNet-B0, batch {args.batch} x 1 x 98 x 64, medians")
    print(f"{'benchmark':<14}{'Java ms':>10}{'PyTorch ms':>12}{'Java ms/clip':>14}{'PyT ms/clip':>13}{'PyT/Java':>10}")
    for name in ("forwardEval", "trainStep"):
        j, p = java[name], pt[name]
        print(f"{name:<14}{j:>10.0f}{p:>12.0f}{j / args.batch:>14.2f}{p / args.batch:>13.2f}{p / j:>10.2f}")


if __name__ == "__main__":
    main()
