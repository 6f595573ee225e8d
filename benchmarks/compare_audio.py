#!/usr/bin/python3
"""Side-by-side timing of the audio front-end: cola4j (JMH) against torchaudio, one core each.

    /usr/bin/python3 benchmarks/compare_audio.py                 # makes the clip, runs JMH and torchaudio
    /usr/bin/python3 benchmarks/compare_audio.py --jmh-json F    # reuse a JMH JSON result instead of running JMH

Needs Debian's python3-torch, python3-torchaudio, python3-numpy and lame, and the benchmark jar
(mvn -q -DskipTests -pl benchmarks -am package). The test clip is synthetic music-like audio, 30 s,
44.1 kHz stereo, encoded with `lame -b 320`; it is made in --workdir and not committed.

torchaudio stages (torch.set_num_threads(1), float32, medians of --repeats runs after a warm-up):
  decode        torchaudio.load (sox_io backend) + mean over channels
  resample      torchaudio.functional.resample 44.1 -> 16 kHz, default settings (hann, width 6), and
                a Kaiser setting of comparable quality (width 64, rolloff 0.9, beta 14.77)
  log-mel cola  L2 normalise, torch.stft(1024, hop 160, win 400, centre off) magnitude, TF mel matrix, log
  log-mel cola-pytorch  torchaudio MelSpectrogram(2048, hop 512, 64 Slaney mels, power) + dB(ref=max, top 80)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import wave

import numpy as np
import torch
import torchaudio
import torchaudio.functional as AF

import jdk

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def make_clip(workdir):
    os.makedirs(workdir, exist_ok=True)
    mp3 = os.path.join(workdir, "clip30_44k_stereo_320.mp3")
    if os.path.exists(mp3):
        return mp3
    sr, n = 44100, 30 * 44100
    rng = np.random.default_rng(7)
    t = np.arange(n) / sr
    left = np.zeros(n)
    for i, f in enumerate([110, 164.8, 220, 277.2, 329.6, 440, 659.3, 880, 1318.5, 1760]):
        env = 0.5 + 0.5 * np.sin(2 * np.pi * (0.2 + 0.1 * i) * t + i)
        left += 0.06 * env * np.sin(2 * np.pi * f * t + 3 * np.sin(2 * np.pi * 0.5 * t))
    left += 0.03 * rng.standard_normal(n)
    right = 0.7 * np.roll(left, 100) + 0.03 * rng.standard_normal(n)
    pcm = np.clip(np.round(np.stack([left, right], 1) * 32767), -32768, 32767).astype("<i2")
    src = os.path.join(workdir, "clip30.wav")
    with wave.open(src, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())
    subprocess.run(["lame", "--quiet", "-b", "320", src, mp3], check=True)
    return mp3


MINIMA = {}
CPU = {}


def median_ms(fn, repeats, key=None):
    """Median wall time in ms of `repeats` calls after one warm-up call; the minimum goes to MINIMA[key]."""
    fn()
    times, cpu = [], []
    for _ in range(repeats):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    if key:
        MINIMA[key] = min(times)
        CPU[key] = (statistics.median(cpu), min(cpu))
    return statistics.median(times)


def tf_mel_matrix(n_mels=64, n_bins=513, sr=16000, fmin=60.0, fmax=7800.0):
    def mel(f):
        return 1127.0 * np.log1p(f / 700.0)
    spec_mel = mel(np.linspace(0.0, sr / 2.0, n_bins)[1:])[:, None]
    edges = np.linspace(mel(fmin), mel(fmax), n_mels + 2)
    lo = (spec_mel - edges[:-2]) / (edges[1:-1] - edges[:-2])
    up = (edges[2:] - spec_mel) / (edges[2:] - edges[1:-1])
    return np.pad(np.maximum(0.0, np.minimum(lo, up)), [[1, 0], [0, 0]])


def torchaudio_times(mp3, repeats):
    torch.set_num_threads(1)
    res = {}
    res["decode"] = median_ms(lambda: torchaudio.load(mp3)[0].mean(0), repeats, "decode")
    x44 = torchaudio.load(mp3)[0].mean(0)
    res["resample"] = median_ms(lambda: AF.resample(x44, 44100, 16000), repeats, "resample")
    res["resample_kaiser_best"] = median_ms(lambda: AF.resample(
        x44, 44100, 16000, lowpass_filter_width=64, rolloff=0.9, resampling_method="kaiser_window",
        beta=14.769656459379492), repeats, "resample_kaiser_best")
    res["decodeAndResample"] = res["decode"] + res["resample"]
    MINIMA["decodeAndResample"] = MINIMA["decode"] + MINIMA["resample"]
    CPU["decodeAndResample"] = tuple(a + b for a, b in zip(CPU["decode"], CPU["resample"]))
    x16 = AF.resample(x44, 44100, 16000)

    window = torch.hann_window(400)
    mel_tf = torch.from_numpy(tf_mel_matrix()).float()

    def cola():
        x = x16 / torch.linalg.norm(x16).clamp_min(1e-6)
        x = torch.nn.functional.pad(x, (0, 1024 - 400))  # the same frame count as tf.signal.stft
        s = torch.stft(x, 1024, hop_length=160, win_length=400, window=window, center=False,
                       return_complex=True).abs()
        return torch.log((s.T @ mel_tf).clamp(1e-5, 1e8))

    res["logMelCola"] = median_ms(cola, repeats, "logMelCola")

    melspec = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=2048, hop_length=512, n_mels=64,
                                                   f_min=0.0, f_max=8000.0, power=2.0, norm="slaney",
                                                   mel_scale="slaney", center=True, pad_mode="reflect")

    def cola_pytorch():
        s = melspec(x16)
        db = 10 * torch.log10(s.clamp_min(1e-10))
        db = db - db.max()
        db = db.clamp_min(db.max() - 80)
        return ((db + 40) / 40).T

    res["logMelColaPytorch"] = median_ms(cola_pytorch, repeats, "logMelColaPytorch")

    def lame_decode():
        subprocess.run(["lame", "--quiet", "--decode", mp3, os.devnull], check=True)

    res["lame_decode_process"] = median_ms(lame_decode, max(3, repeats // 3))
    return res


def jmh_times(mp3, jmh_json):
    if jmh_json is None:
        jar = os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar")
        if not os.path.exists(jar):
            sys.exit("build the benchmarks first: mvn -q -DskipTests -pl benchmarks -am package")
        jmh_json = os.path.join(os.path.dirname(mp3), "jmh-audio.json")
        subprocess.run([jdk.java(), "-jar", jar, "io.github.cola4j.benchmarks.audio.AudioFrontEndBenchmark",
                        "-p", "mp3=" + mp3, "-t", "1", "-f", "1", "-wi", "5", "-w", "1", "-i", "10", "-r", "1",
                        "-rf", "json", "-rff", jmh_json], check=True)
    with open(jmh_json) as f:
        data = json.load(f)
    med, low = {}, {}
    for r in data:
        name = r["benchmark"].rsplit(".", 1)[1]
        runs = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
        med[name] = statistics.median(runs)
        low[name] = min(runs)
    return med, low


def java_cpu_times(mp3, repeats):
    jar = os.path.join(ROOT, "benchmarks", "target", "benchmarks.jar")
    out = subprocess.run([jdk.java(), "--add-modules", "jdk.incubator.vector", "-Xmx2g", "-cp", jar,
                          "io.github.cola4j.benchmarks.audio.AudioCpuTime", mp3, str(repeats)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", default="/tmp/cola4j-bench")
    ap.add_argument("--jmh-json")
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--no-jmh", action="store_true", help="only the thread-CPU-time comparison")
    args = ap.parse_args()
    mp3 = make_clip(args.workdir)
    java, java_min = ({}, {}) if args.no_jmh else jmh_times(mp3, args.jmh_json)
    jcpu = java_cpu_times(mp3, args.repeats)
    torch_ms = torchaudio_times(mp3, args.repeats)
    print(f"\nclip: {mp3} (30 s, 44.1 kHz stereo, 320 kbit/s); one core each; ms per clip")
    print(f"cola4j on {jdk.version(jdk.java())}")
    for title, j_ms, t_ms in [("medians (JMH iterations / torchaudio runs)", java, torch_ms),
                              ("minima", java_min, MINIMA)]:
        print(title)
        print(f"  {'stage':20s} {'cola4j':>9s} {'torchaudio':>11s} {'speed-up':>9s} {'cola4j x real time':>19s}")
        for k in ["decode", "resample", "decodeAndResample", "logMelCola", "logMelColaPytorch"]:
            j, t = j_ms.get(k), t_ms.get(k)
            if j is None or t is None:
                continue
            print(f"  {k:20s} {j:9.1f} {t:11.1f} {t / j:8.2f}x {30000 / j:18.0f}x")
    print("thread CPU time (robust when other jobs share the machine): median / minimum")
    print(f"  {'stage':20s} {'cola4j':>15s} {'torchaudio':>15s} {'speed-up':>9s} {'cola4j x real time':>19s}")
    for k in ["decode", "resample", "decodeAndResample", "logMelCola", "logMelColaPytorch"]:
        j, t = jcpu[k], CPU[k]
        print(f"  {k:20s} {j[0]:7.1f}/{j[1]:7.1f} {t[0]:7.1f}/{t[1]:7.1f} {t[0] / j[0]:8.2f}x {30000 / j[0]:18.0f}x")
    print(f"{'torchaudio resample, Kaiser width 64':40s} {torch_ms['resample_kaiser_best']:.1f} ms")
    print(f"{'lame --decode (whole process)':40s} {torch_ms['lame_decode_process']:.1f} ms")


if __name__ == "__main__":
    main()
