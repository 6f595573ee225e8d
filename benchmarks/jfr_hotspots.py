#!/usr/bin/env python3
"""Where a JFR recording's CPU samples fall: the share of execution samples by the innermost cola4j method (the
kernel doing the work) and by the innermost cola4j class, all threads together (the kernel pool's workers
included). Used for benchmarks/PROFILE.md.

    java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ColaStepBenchmark -f 1 -wi 2 -i 5 \
        -jvmArgsAppend "-XX:StartFlightRecording=filename=/tmp/step.jfr,settings=profile"
    /usr/bin/python3 benchmarks/jfr_hotspots.py /tmp/step.jfr [--top 30]
"""
import argparse
import collections
import json
import os
import subprocess

import jdk


def samples(jfr_file):
    java = jdk.java()
    jfr = os.path.join(os.path.dirname(java), "jfr")
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", jfr_file], check=True,
                         capture_output=True, text=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        # class names come with '/' (and lambdas with '.'): one spelling, and lambdas under their defining class
        yield [(f["method"]["type"]["name"].replace("/", ".").split("$$Lambda")[0], f["method"]["name"])
               for f in frames]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    by_method, by_class, total = collections.Counter(), collections.Counter(), 0
    for frames in samples(args.recording):
        total += 1
        own = next(((t, m) for t, m in frames if t.startswith("io.github.cola4j")), None)
        if own is None:
            top = frames[0] if frames else ("(no stack)", "")
            key = ("(outside cola4j) " + top[0].rsplit(".", 1)[-1], top[1])
        else:
            key = (own[0].rsplit(".", 1)[-1], own[1])
        by_method[key] += 1
        by_class[key[0]] += 1
    print(f"{total} execution samples")
    print("by innermost cola4j class")
    for k, n in by_class.most_common(args.top):
        print(f"  {100.0 * n / total:5.1f} %  {k}")
    print("by innermost cola4j method")
    for (c, m), n in by_method.most_common(args.top):
        print(f"  {100.0 * n / total:5.1f} %  {c}.{m}")


if __name__ == "__main__":
    main()
