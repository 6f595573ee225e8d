#!/usr/bin/env python3
"""Writes N synthetic 30-second 44.1 kHz stereo MP3s (lame -b 320) in FMA's layout (000/000000.mp3 ...): harmonic
tones with slow vibrato and noise, a different chord and tempo per clip. Only the standard library and lame."""
import argparse
import math
import os
import random
import struct
import subprocess
import wave


def clip(path, seed, seconds=30, sr=44100):
    rnd = random.Random(seed)
    freqs = [rnd.uniform(100, 1800) for _ in range(6)]
    rates = [rnd.uniform(0.1, 2.0) for _ in freqs]
    n = seconds * sr
    frames = bytearray()
    two_pi = 2 * math.pi
    for i in range(n):
        t = i / sr
        v = 0.0
        for f, r in zip(freqs, rates):
            v += 0.08 * (0.5 + 0.5 * math.sin(two_pi * r * t)) * math.sin(two_pi * f * t)
        left = v + 0.02 * rnd.gauss(0, 1)
        right = 0.8 * v + 0.02 * rnd.gauss(0, 1)
        frames += struct.pack("<hh", max(-32768, min(32767, int(left * 32767))),
                              max(-32768, min(32767, int(right * 32767))))
    wav = path + ".wav"
    with wave.open(wav, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(bytes(frames))
    subprocess.run(["lame", "--quiet", "-b", "320", wav, path], check=True)
    os.remove(wav)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", help="folder to fill (fma_small-like layout)")
    ap.add_argument("--clips", type=int, default=16, help="distinct clips to synthesise (default 16)")
    ap.add_argument("--copies", type=int, default=4, help="copies of each (default 4): clips x copies files")
    a = ap.parse_args()
    made = []
    for k in range(a.clips):
        p = os.path.join(a.out, "src", "%03d.mp3" % k)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if not os.path.exists(p):
            clip(p, k)
        made.append(p)
    for c in range(a.copies):
        for k, src in enumerate(made):
            idx = c * a.clips + k
            dst = os.path.join(a.out, "audio", "%03d" % (idx // 1000), "%06d.mp3" % idx)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if not os.path.exists(dst):
                with open(src, "rb") as f, open(dst, "wb") as g:
                    g.write(f.read())
    print("%d files under %s" % (a.clips * a.copies, os.path.join(a.out, "audio")))


if __name__ == "__main__":
    main()
