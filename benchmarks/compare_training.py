#!/usr/bin/env python3
"""EfficientNet-B0 (1-channel stem, 98 x 64 input) forward, training step and COLA step: cola4j (JMH) next to
PyTorch.

Run from the repository root after `mvn -q -pl benchmarks -am package -DskipTests`:

    /usr/bin/python3 benchmarks/compare_training.py [--batch 64] [--reps 5] [--warmup 10]

Both sides use 2 threads (torch.set_num_threads(2); the Java pool sizes itself to the machine's cores).
The PyTorch model is torchvision's efficientnet_b0 with the stem replaced by a 1-channel convolution and an
8-class classifier, as in EfficientNetBenchmark.java; the COLA step (ColaStepBenchmark.java) encodes B anchors
and B positives as one batch of 2B, max-pools, applies Linear(1280, 512) -> LayerNorm -> tanh and the bilinear
similarity, and takes an Adam step. Times are medians of single-shot runs after --warmup runs on each side (the
same count for both): the JVM compiles its kernels during the first few runs (a forward pass at batch 64 takes
about twice its steady time for the first five), while PyTorch's native kernels need none.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import jdk

import torch
import torchvision


def torch_times(batch, reps, warmup):
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

    enc = torchvision.models.efficientnet_b0().features
    enc[0][0] = torch.nn.Conv2d(1, 32, 3, 2, 1, bias=False)
    head = torch.nn.Sequential(torch.nn.Linear(1280, 512), torch.nn.LayerNorm(512), torch.nn.Tanh())
    w = torch.nn.Parameter(torch.empty(512, 512).uniform_(-512 ** -0.5, 512 ** -0.5))
    cola_params = list(enc.parameters()) + list(head.parameters()) + [w]
    cola_opt = torch.optim.Adam(cola_params, lr=1e-3)
    anchors = torch.randn(batch, 1, 98, 64)
    positives = anchors + 0.001 * torch.randn(batch, 1, 98, 64)

    def cola_step():
        enc.train()
        both = torch.cat([anchors, positives])
        e = head(torch.amax(enc(both), dim=(2, 3)))
        s = e[:batch] @ w @ e[batch:].T
        loss = torch.nn.functional.cross_entropy(s, torch.arange(batch))
        cola_opt.zero_grad()
        loss.backward()
        cola_opt.step()

    out = {}
    for name, fn in (("forwardEval", forward_eval), ("trainStep", train_step), ("step", cola_step)):
        for _ in range(warmup):
            fn()
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1e3)
        out[name] = statistics.median(times)
    return out


def java_times(batch, reps, warmup):
    jar = os.path.join("benchmarks", "target", "benchmarks.jar")
    if not os.path.exists(jar):
        sys.exit("build first: mvn -q -pl benchmarks -am package -DskipTests")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result = f.name
    subprocess.run([jdk.java(), "--add-modules", "jdk.incubator.vector", "-jar", jar,
                    "EfficientNetBenchmark|ColaStepBenchmark",
                    "-p", f"batch={batch}", "-wi", str(warmup), "-i", str(reps), "-rf", "json", "-rff", result],
                   check=True, stdout=subprocess.DEVNULL)
    with open(result) as f:
        data = json.load(f)
    os.unlink(result)
    return {r["benchmark"].split(".")[-1]: r["primaryMetric"]["scorePercentiles"]["50.0"] for r in data}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=10, help="untimed runs before the timed ones, on both sides")
    args = ap.parse_args()
    java = java_times(args.batch, args.reps, args.warmup)
    pt = torch_times(args.batch, args.reps, args.warmup)
    print(f"EfficientNet-B0, batch {args.batch} x 1 x 98 x 64, medians of {args.reps} after {args.warmup} warm-up "
          f"runs; torch {torch.__version__}, cola4j on {jdk.version(jdk.java())}")
    print(f"{'benchmark':<14}{'Java ms':>10}{'PyTorch ms':>12}{'Java clips/s':>14}{'PyT clips/s':>13}{'PyT/Java':>10}")
    for name in ("forwardEval", "trainStep", "step"):
        j, p = java[name], pt[name]
        clips = args.batch * (2 if name == "step" else 1)
        label = "colaStep" if name == "step" else name
        print(f"{label:<14}{j:>10.0f}{p:>12.0f}{clips * 1e3 / j:>14.1f}{clips * 1e3 / p:>13.1f}{p / j:>10.2f}")


if __name__ == "__main__":
    main()
