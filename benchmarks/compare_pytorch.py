#!/usr/bin/env python3
"""Times the cola4j JMH benchmarks and the same operations in PyTorch, side by side.

Run from the repository root after `mvn -q -pl benchmarks -am package -DskipTests`:

    /usr/bin/python3 benchmarks/compare_pytorch.py            # full run (about 6-8 minutes)
    /usr/bin/python3 benchmarks/compare_pytorch.py --quick    # shorter runs (about 3 minutes)
    /usr/bin/python3 benchmarks/compare_pytorch.py --java-json result.json   # reuse a JMH result file

PyTorch runs with torch.set_num_threads(2), like the Java pool on this machine. Times are medians.
For SGEMM two PyTorch figures are given: torch.mm (which goes to the BLAS PyTorch was built with) and the same
product as a 1x1 convolution, which goes through oneDNN; the ratio uses the faster of the two.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import jdk

import torch
import torch.nn.functional as F

BATCH = 32
# name: (in_channels, H, W, out_channels, kernel, stride, padding, groups); must match Conv2dBenchmark.java
LAYERS = {
    "stem_3x3s2_1to32": (1, 98, 64, 32, 3, 2, 1, 1),
    "pw_16to96_49x32": (16, 49, 32, 96, 1, 1, 0, 1),
    "dw_3x3s1_96_49x32": (96, 49, 32, 96, 3, 1, 1, 96),
    "dw_5x5s2_144_25x16": (144, 25, 16, 144, 5, 2, 2, 144),
    "dw_3x3s1_672_7x4": (672, 7, 4, 672, 3, 1, 1, 672),
    "pw_320to1280_4x2": (320, 4, 2, 1280, 1, 1, 0, 1),
}
SIZES = (256, 512, 1024)


def out_size(n, k, s, p):
    return (n + 2 * p - (k - 1) - 1) // s + 1


def conv_flops(layer):
    cin, h, w, cout, k, s, p, g = LAYERS[layer]
    macs = BATCH * cout * out_size(h, k, s, p) * out_size(w, k, s, p) * (cin // g) * k * k
    return 2 * macs


def median_ms(fn, seconds, min_reps=5, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < seconds:
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def torch_times(seconds):
    torch.set_num_threads(2)
    torch.manual_seed(0)
    res = {}
    for n in SIZES:
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        mm = median_ms(lambda: torch.mm(a, b), seconds, min_reps=3, warmup=1)
        x = b.reshape(1, n, n, 1)            # B as n channels of an n x 1 image
        wt = a.reshape(n, n, 1, 1)           # A as a 1x1 kernel
        dnn = median_ms(lambda: F.conv2d(x, wt), seconds)
        res[("sgemm", str(n))] = {"mm": mm, "onednn": dnn}
    for layer, (cin, h, w, cout, k, s, p, g) in LAYERS.items():
        x = torch.randn(BATCH, cin, h, w, requires_grad=True)
        wt = torch.randn(cout, cin // g, k, k, requires_grad=True)
        with torch.no_grad():
            fwd = median_ms(lambda: F.conv2d(x, wt, None, s, p, 1, g), seconds)
        y = F.conv2d(x, wt, None, s, p, 1, g)
        dy = torch.randn_like(y)
        bwd = median_ms(lambda: torch.autograd.grad(y, (x, wt), dy, retain_graph=True), seconds)
        res[("forward", layer)] = fwd
        res[("backward", layer)] = bwd
    return res


def run_java(jar, quick, out_json):
    if quick:
        timing = ["-f", "1", "-wi", "2", "-i", "3", "-w", "500ms", "-r", "500ms"]
    else:
        timing = ["-f", "1", "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"]
    # only the kernel benchmarks: the model and audio benchmarks have comparison scripts of their own
    cmd = ([jdk.java(), "--add-modules", "jdk.incubator.vector", "-jar", jar, "SgemmBenchmark|Conv2dBenchmark"] + timing
           + ["-rf", "json", "-rff", out_json])
    print("running:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def java_times(path):
    with open(path) as f:
        data = json.load(f)
    res = {}
    for r in data:
        name = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        ms = r["primaryMetric"]["scorePercentiles"]["50.0"]   # median of the measurement iterations
        if name == "sgemm":
            res[("sgemm", params["size"])] = ms
        elif "layer" in params:
            res[(name, params["layer"])] = ms
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="shorter JMH and PyTorch runs")
    ap.add_argument("--jar", default="benchmarks/target/benchmarks.jar")
    ap.add_argument("--java-json", help="read this JMH JSON result instead of running the jar")
    ap.add_argument("--out", default="benchmarks/target/jmh-result.json", help="where the JMH JSON goes")
    args = ap.parse_args()

    pt = torch_times(1.0 if args.quick else 3.0)
    if args.java_json:
        jv = java_times(args.java_json)
    else:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        run_java(args.jar, args.quick, args.out)
        jv = java_times(args.out)

    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, batch {BATCH} for convolutions; "
          f"cola4j on {jdk.version(jdk.java())}")
    hdr = f"{'benchmark':<34}{'Java ms':>10}{'PyTorch ms':>12}{'Java GF/s':>11}{'PyT GF/s':>10}{'Java/PyT':>10}"
    print(hdr)
    print("-" * len(hdr))
    for n in SIZES:
        key = ("sgemm", str(n))
        if key not in jv:
            continue
        flops = 2.0 * n ** 3
        j = jv[key]
        for label, p in (("torch.mm", pt[key]["mm"]), ("oneDNN 1x1 conv", pt[key]["onednn"])):
            print(f"{'sgemm ' + str(n) + ' vs ' + label:<34}{j:>10.3f}{p:>12.3f}"
                  f"{flops / j / 1e6:>11.1f}{flops / p / 1e6:>10.1f}{p / j:>10.2f}")
    for kind in ("forward", "backward"):
        for layer in LAYERS:
            key = (kind, layer)
            if key not in jv:
                continue
            flops = conv_flops(layer) * (2 if kind == "backward" else 1)
            j = jv[key]
            p = pt[key]
            print(f"{kind + ' ' + layer:<34}{j:>10.3f}{p:>12.3f}"
                  f"{flops / j / 1e6:>11.1f}{flops / p / 1e6:>10.1f}{p / j:>10.2f}")
    print("Java/PyT > 1 means Java is faster.")


if __name__ == "__main__":
    main()
