#!/usr/bin/python3
"""Writes the reference data that the audio (and .npy) tests compare against.

Run from anywhere with Debian's packages (python3-torch 1.13, python3-torchaudio 0.13, python3-numpy,
lame 3.100):

    /usr/bin/python3 audio/src/test/python/make_fixtures.py

Outputs go to audio/src/test/resources/fixtures/ and tensor/src/test/resources/npy/ and are committed;
the build never runs this script. Everything is deterministic (fixed seeds) except the MP3 encoder's own
output, which is why the encoded files are committed together with their reference decodes.

Reference computations are done in float64 from the documented formulas:
  * mel filterbanks: torchaudio.functional.melscale_fbanks (HTK and Slaney scales, with and without
    Slaney area normalisation); TensorFlow's linear_to_mel_weight_matrix written out in numpy
  * STFT magnitudes/powers: torch.stft in float64 (window centred in the frame when win_length < n_fft)
  * preset `cola`: whole-clip L2 normalisation, tf.signal.stft framing (periodic Hann 400 zero-padded to 1024,
    hop 160, no padding), |STFT| x TF mel matrix (64 bands, 60-7800 Hz), ln(clamp(x, 1e-5, 1e8))
  * preset `cola-pytorch`: librosa 0.8 melspectrogram (periodic Hann 2048, hop 512, centre reflect padding,
    power, Slaney mel with Slaney norm, 0-8000 Hz) + power_to_db(ref=max, amin=1e-10, top_db=80), (x+40)/40
MP3 files: synthetic signals written as 16-bit WAV, encoded with `lame` (options below) and decoded again
with `lame --decode`; the reference decode is stored as the float32 mono mix (mean of channels) / 32768.
"""
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np
import torch
import torchaudio.functional as AF

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "audio", "src", "test", "resources", "fixtures")
NPY = os.path.join(ROOT, "tensor", "src", "test", "resources", "npy")


def save(name, arr):
    np.save(os.path.join(OUT, name), arr)


# ---------------------------------------------------------------- .npy files for the tensor module
def npy_files():
    os.makedirs(NPY, exist_ok=True)
    a = np.arange(24).reshape(2, 3, 4)
    np.save(os.path.join(NPY, "numpy_f4.npy"), (a * 0.5).astype("<f4"))
    np.save(os.path.join(NPY, "numpy_f8.npy"), (a * 0.5).astype("<f8"))
    np.save(os.path.join(NPY, "numpy_i8.npy"), a.astype("<i8"))
    with open(os.path.join(NPY, "numpy_f4_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, (a * 0.5).astype("<f4"), version=(2, 0))


# ---------------------------------------------------------------- test signals (16 kHz)
def signals():
    rng = np.random.default_rng(1234)
    sr = 16000
    t = np.arange(int(1.0 * sr)) / sr
    chirp = np.sin(2 * np.pi * (100 * t + 0.5 * (7000 - 100) / t[-1] * t ** 2))
    a = (0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1234.5 * t)
         + 0.1 * chirp + 0.05 * rng.standard_normal(t.size))
    a *= np.hanning(t.size) ** 0.1  # soft edges
    b = 0.2 * rng.standard_normal(11111)  # odd length, noise
    return {"sig_a": a.astype(np.float32), "sig_b": b.astype(np.float32)}


def tf_mel_matrix(n_mels, n_bins, sr, fmin, fmax):
    def mel(f):
        return 1127.0 * np.log1p(f / 700.0)
    lin = np.linspace(0.0, sr / 2.0, n_bins)[1:]
    spec_mel = mel(lin)[:, None]
    edges = np.linspace(mel(fmin), mel(fmax), n_mels + 2)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    lo = (spec_mel - lower) / (center - lower)
    up = (upper - spec_mel) / (upper - center)
    w = np.maximum(0.0, np.minimum(lo, up))
    return np.pad(w, [[1, 0], [0, 0]])


def filterbanks():
    # melscale_fbanks builds its grids with the default dtype: evaluate it in float64, round once at the end
    torch.set_default_dtype(torch.float64)
    fb = {
        "fb_htk": AF.melscale_fbanks(257, 30.0, 7000.0, 40, 16000, norm=None, mel_scale="htk"),
        "fb_htk_norm": AF.melscale_fbanks(257, 0.0, 8000.0, 40, 16000, norm="slaney", mel_scale="htk"),
        "fb_slaney": AF.melscale_fbanks(1025, 0.0, 8000.0, 64, 16000, norm="slaney", mel_scale="slaney"),
        "fb_slaney_nonorm": AF.melscale_fbanks(513, 125.0, 7500.0, 64, 22050, norm=None, mel_scale="slaney"),
    }
    torch.set_default_dtype(torch.float32)
    for k, v in fb.items():
        save(k + ".npy", v.float().numpy())  # float32 keeps the files small; 1e-6 is still far above its rounding
    save("fb_tf.npy", tf_mel_matrix(64, 513, 16000, 60.0, 7800.0).astype(np.float32))


def stft(x, n_fft, win, hop, center, pad_mode, periodic, power):
    w = torch.hann_window(win, periodic=periodic, dtype=torch.float64)
    s = torch.stft(torch.from_numpy(x.astype(np.float64)), n_fft, hop_length=hop, win_length=win, window=w,
                   center=center, pad_mode=pad_mode, return_complex=True).abs()
    if power:
        s = s ** 2
    return s.T.contiguous().numpy()  # [frames, bins], float64


def stfts(sig):
    x = sig["sig_a"]
    f4 = np.float32
    save("stft_a_512_400_160_reflect_periodic_mag.npy", stft(x, 512, 400, 160, True, "reflect", True, False).astype(f4))
    save("stft_a_256_256_100_constant_symmetric_pow.npy", stft(x, 256, 256, 100, True, "constant", False, True).astype(f4))
    save("stft_b_1024_600_256_none_periodic_mag.npy", stft(sig["sig_b"], 1024, 600, 256, False, "reflect", True, False).astype(f4))


def preset_cola(x):
    x = x.astype(np.float64)
    x = x / np.sqrt(max(np.sum(x * x), 1e-12))
    frames = 1 + (len(x) - 400) // 160
    idx = np.arange(400)[None, :] + 160 * np.arange(frames)[:, None]
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 400)
    mag = np.abs(np.fft.rfft(x[idx] * w, n=1024))
    mel = mag @ tf_mel_matrix(64, 513, 16000, 60.0, 7800.0)
    return np.log(np.clip(mel, 1e-5, 1e8)).astype(np.float32)


def preset_cola_pytorch(x):
    p = stft(x, 2048, 2048, 512, True, "reflect", True, True)
    torch.set_default_dtype(torch.float64)
    fb = AF.melscale_fbanks(1025, 0.0, 8000.0, 64, 16000, norm="slaney", mel_scale="slaney").double().numpy()
    torch.set_default_dtype(torch.float32)
    s = p @ fb
    db = 10 * np.log10(np.maximum(s, 1e-10)) - 10 * np.log10(max(s.max(), 1e-10))
    db = np.maximum(db, db.max() - 80.0)
    return ((db + 40.0) / 40.0).astype(np.float32)


def presets(sig):
    for k, x in sig.items():
        save(k + ".npy", x)
        save(k + "_cola.npy", preset_cola(x))
        save(k + "_cola_pytorch.npy", preset_cola_pytorch(x))


# ---------------------------------------------------------------- MP3 files and their reference decodes
def write_wav(path, data, sr):
    pcm = np.clip(np.round(data * 32767), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1 if data.ndim == 1 else data.shape[1])
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def read_wav(path):
    with wave.open(path, "rb") as w:
        ch, n = w.getnchannels(), w.getnframes()
        pcm = np.frombuffer(w.readframes(n), dtype="<i2").reshape(n, ch)
        return pcm.astype(np.float64).mean(axis=1) / 32768.0, w.getframerate()


def music(sr, seconds, stereo, seed):
    rng = np.random.default_rng(seed)
    t = np.arange(int(sr * seconds)) / sr
    left = sum(0.15 * np.sin(2 * np.pi * f * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t + i))
               for i, f in enumerate([220.0, 330.0, 587.3, 1760.0]))
    left = left + 0.02 * rng.standard_normal(t.size)
    if not stereo:
        return left
    right = 0.8 * np.roll(left, 37) + 0.1 * np.sin(2 * np.pi * 987.0 * t)
    return np.stack([left, right], axis=1)


def transients(sr, seconds, stereo, seed):
    """Tones plus decaying noise bursts every 60 ms: the bursts make the encoder switch to short blocks."""
    rng = np.random.default_rng(seed)
    n = int(sr * seconds)
    x = music(sr, seconds, stereo, seed) * 0.4
    env = np.zeros(n)
    for start in range(int(0.01 * sr), n, int(0.06 * sr)):
        k = np.arange(n - start)
        env[start:] += np.exp(-k / (0.004 * sr))
    burst = 0.2 * env * rng.standard_normal(n)
    if not stereo:
        return x + burst
    return x + np.stack([burst, 0.7 * burst + 0.1 * env * rng.standard_normal(n)], axis=1)


MP3S = [
    # name, sample rate, seconds, stereo, lame options
    ("mono_44k_128.mp3", 44100, 1.0, False, ["-b", "128", "-m", "m"]),
    ("stereo_44k_192.mp3", 44100, 1.0, True, ["-b", "192", "-m", "j"]),
    ("mpeg2_22k_64.mp3", 22050, 1.0, True, ["-b", "64"]),
    ("mpeg25_8k_mono.mp3", 8000, 0.8, False, ["-b", "24", "-m", "m"]),
    ("id3v2_16k_mono.mp3", 16000, 0.8, False, ["-b", "48", "-m", "m", "--add-id3v2", "--tt", "cola4j test", "--ta", "fixture"]),
    # short blocks (bursts) with joint stereo (M/S), MPEG-1 and MPEG-2; forced M/S at 32 kHz; 48 kHz mono
    ("short_44k_joint_80.mp3", 44100, 0.4, True, ["-b", "80", "-m", "j", "--resample", "44.1"], transients),
    ("ms_32k_96.mp3", 32000, 0.5, True, ["-b", "96", "-m", "f", "--resample", "32"], transients),
    ("short_24k_joint_64.mp3", 24000, 0.5, True, ["-b", "64", "-m", "j", "--resample", "24"], transients),
    ("short_48k_mono_64.mp3", 48000, 0.3, False, ["-b", "64", "-m", "m", "--resample", "48"], transients),
]


def mp3s():
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, sr, sec, stereo, opts, *signal) in enumerate(MP3S):
            src = os.path.join(tmp, "src.wav")
            write_wav(src, (signal[0] if signal else music)(sr, sec, stereo, i), sr)
            mp3 = os.path.join(OUT, name)
            subprocess.run(["lame", "--quiet", "--noreplaygain", *opts, src, mp3], check=True)
            ref = os.path.join(tmp, "ref.wav")
            subprocess.run(["lame", "--quiet", "--decode", mp3, ref], check=True)
            pcm, rate = read_wav(ref)
            assert rate == sr, (name, rate)
            save(name.replace(".mp3", "_ref.npy"), pcm.astype(np.float32))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    if sys.argv[1:] == ["mp3"]:  # only the MP3 files and their reference decodes
        mp3s()
        sys.exit(0)
    npy_files()
    sig = signals()
    filterbanks()
    stfts(sig)
    presets(sig)
    mp3s()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("fixtures written to", OUT, "total bytes", total)
    assert total < 2_000_000, "keep the committed fixtures under 2 MB"
