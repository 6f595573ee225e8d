#!/usr/bin/python3
"""Builds a real-audio downstream suite in FMA's layout from audio that installs from Debian packages.

Three tasks, each a folder DIR/<task>/ that the project's FMA pipeline reads like the real dataset:

  language    spoken-language identification: real sentences from the gettext catalogs of Debian packages,
              spoken by espeak-ng (8 languages; every clip by one of 4 voices shared by all languages)
  speaker     voice identification: sentences of the catalogs in English or one of the 8 languages, spoken by 8
              espeak-ng voice variants with varied pitch and speed; the pool is spoken by the other variants
  instrument  instrument recognition: random melodies written as Standard MIDI Files and rendered by timidity
              with the FluidR3 General MIDI soundfont (8 programs; the pool adds 16 more)

Each task folder holds fma_metadata/tracks.csv (FMA's three-row header), fma_small/NNN/NNNNNN.wav (the labelled
clips, split 60/20/20 per class), fma_large/NNN/NNNNNN.wav (the unlabelled pool), classes.txt and labels.csv.
Labelled clips are 6.0 s, pool clips 30 s like FMA's (--pool-seconds), of mono 16-bit PCM (speech at espeak-ng's
22050 Hz, music at 16 kHz). The material of validation and test clips (sentences, melodies) never appears in
training clips or in the pool.

The output is a function of the seed and of the installed packages: the same files byte for byte on the same
machine. The content of a track id does not depend on --scale, so a run at a larger scale extends a smaller one.
Existing files are kept (the run resumes); every file is written under a temporary name and renamed.

Standard library only. Run as root without --no-install, it installs the tools and the packages whose
catalogs it reads (apt-get install -y). See README.md next to this script.
"""

import argparse
import array
import concurrent.futures
import csv
import hashlib
import io
import math
import os
import platform
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import wave

CLIP_SECONDS = 6.0  # every labelled clip
DEFAULT_POOL_SECONDS = 30.0  # every unlabelled pool clip, as long as FMA's clips
DEFAULT_LANGUAGE_VOICES = 4
SPEECH_RATE = 22050  # espeak-ng's own output rate; the pipeline resamples
MUSIC_RATE = 16000  # timidity renders at this rate directly
LABELLED_BASE = 1000  # track ids as the project's demo numbers them
POOL_BASE = 100000
MAX_JOBS = 2
PEAK = 10 ** (-3 / 20)  # every clip is scaled to peak at -3 dBFS, so that level says nothing of the class

TASKS = ("language", "speaker", "instrument")

# the tools run in a fixed environment. timidity's output for some programs (layered presets such as church organ,
# accordion, string ensemble, overdriven guitar) also depends on where memory is mapped: with address space
# randomization two renderings of one file differ. It runs without it (setarch -R) where that is permitted,
# with the same arguments every time.
TOOL_ENV = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}
NO_ASLR = []

# --- packages -----------------------------------------------------------------------------------------------------

TOOL_PACKAGES = {
    "language": ["espeak-ng", "gettext"],
    "speaker": ["espeak-ng", "gettext"],
    "instrument": ["timidity", "fluid-soundfont-gm"],
}

# gettext domain (the .mo file's name) -> the Debian 12 package that installs it
CATALOGS = {
    "coreutils": "coreutils",
    "bash": "bash",
    "apt": "apt",
    "libapt-pkg6.0": "libapt-pkg6.0",
    "dpkg": "dpkg",
    "dpkg-dev": "libdpkg-perl",
    "grep": "grep",
    "findutils": "findutils",
    "sed": "sed",
    "tar": "tar",
    "diffutils": "diffutils",
    "libc": "libc-l10n",
    "gettext-runtime": "gettext-base",
    "gettext-tools": "gettext",
    "wget": "wget",
    "make": "make",
    "shadow": "login",
    "man-db": "man-db",
    "psmisc": "psmisc",
    "procps-ng": "procps",
    "xz": "xz-utils",
    "adduser": "adduser",
    "gnupg2": "gnupg-l10n",
    "Linux-PAM": "libpam-runtime",
}

LOCALE_DIR = "/usr/share/locale"
TIMIDITY_CFG = "/etc/timidity/fluidr3_gm.cfg"

# --- task definitions ---------------------------------------------------------------------------------------------

# class name -> (catalog locale, espeak-ng voice)
LANGUAGES = {
    "German": ("de", "de"),
    "French": ("fr", "fr"),
    "Spanish": ("es", "es"),
    "Italian": ("it", "it"),
    "Polish": ("pl", "pl"),
    "Dutch": ("nl", "nl"),
    "Portuguese": ("pt_BR", "pt-br"),
    "Swedish": ("sv", "sv"),
}
LANGUAGE_PER_CLASS = 60
LANGUAGE_POOL = 600

# class name (espeak-ng's name of the variant) -> (variant file, base pitch)
SPEAKERS = {
    "male1": ("m1", 45),
    "male3": ("m3", 50),
    "male7": ("m7", 55),
    "Adam": ("adam", 50),
    "female1": ("f1", 50),
    "female3": ("f3", 45),
    "female5": ("f5", 55),
    "Andrea": ("Andrea", 50),
}
SPEAKER_VOICE = "en"
SPEAKER_PER_CLASS = 50
SPEAKER_POOL = 600

# class name -> (GM program, 0-based; lowest and highest MIDI note of the register melodies are placed in)
INSTRUMENTS = {
    "piano": (0, 45, 88),
    "nylon guitar": (24, 45, 81),
    "acoustic bass": (32, 28, 55),
    "violin": (40, 57, 93),
    "trumpet": (56, 55, 82),
    "alto sax": (65, 51, 80),
    "flute": (73, 62, 96),
    "church organ": (19, 43, 84),
}
# programs that only the pool uses
POOL_PROGRAMS = {
    "harpsichord": (6, 45, 84),
    "electric piano": (4, 45, 84),
    "vibraphone": (11, 53, 89),
    "marimba": (12, 48, 84),
    "accordion": (21, 48, 81),
    "jazz guitar": (26, 43, 79),
    "overdriven guitar": (29, 40, 76),
    "electric bass": (33, 28, 55),
    "cello": (42, 36, 72),
    "harp": (46, 40, 88),
    "string ensemble": (48, 43, 84),
    "trombone": (57, 40, 70),
    "french horn": (60, 41, 77),
    "oboe": (68, 58, 91),
    "clarinet": (71, 50, 89),
    "square lead": (80, 48, 84),
}
INSTRUMENT_PER_CLASS = 50
INSTRUMENT_POOL = 600

SCALES = {
    "major": [0, 2, 4, 5, 7, 9, 11],
    "minor": [0, 2, 3, 5, 7, 8, 10],
    "dorian": [0, 2, 3, 5, 7, 9, 10],
    "mixolydian": [0, 2, 4, 5, 7, 9, 10],
    "harmonic minor": [0, 2, 3, 5, 7, 8, 11],
    "major pentatonic": [0, 2, 4, 7, 9],
    "minor pentatonic": [0, 3, 5, 7, 10],
}
NOTE_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]


def split_of(k):
    """The split of the k-th labelled clip of a class: 3 of every 5 training, 1 validation, 1 test."""
    m = k % 5
    return "training" if m < 3 else "validation" if m == 3 else "test"


def stem(track_id):
    s = "%06d" % track_id
    return s[:3] + "/" + s


def rng_for(*parts):
    """A random generator seeded from its parts (a string seed is hashed with SHA-512: stable across runs)."""
    return random.Random(":".join(str(p) for p in parts))


def log(msg):
    print(msg, flush=True)


# --- installing ---------------------------------------------------------------------------------------------------


def installed(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    return r.returncode == 0 and r.stdout.strip().endswith(" installed")


def ensure_packages(tasks, allow_install):
    want = []
    for t in tasks:
        want += TOOL_PACKAGES[t]
        if t in ("language", "speaker"):
            want += sorted(set(CATALOGS.values()))
    want = sorted(set(want))
    if not shutil.which("dpkg-query"):
        log("note: no dpkg-query; not checking packages")
        return
    missing = [p for p in want if not installed(p)]
    if not missing:
        return
    if allow_install and os.geteuid() == 0:
        log("installing: " + " ".join(missing))
        cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + missing
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(cmd, env=env).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, check=True)
            subprocess.run(cmd, env=env, check=True)
        return
    why = "--no-install" if not allow_install else "not root"
    log("warning (%s): packages not installed: %s" % (why, " ".join(missing)))
    log("  the text catalogs of missing packages are skipped, so the sentences differ from a full install")


def check_tools(tasks):
    need = set()
    for t in tasks:
        need |= {"espeak-ng", "msgunfmt"} if t in ("language", "speaker") else {"timidity"}
    missing = sorted(n for n in need if not shutil.which(n))
    if "instrument" in tasks and not os.path.isfile(TIMIDITY_CFG):
        missing.append(TIMIDITY_CFG + " (package fluid-soundfont-gm)")
    if missing:
        sys.exit("make_suite: missing " + ", ".join(missing)
                 + "; install espeak-ng gettext timidity fluid-soundfont-gm (or run as root without --no-install)")


# --- text from gettext catalogs -----------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _c_string(s):
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(_ESCAPES.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_catalog(path):
    """The (msgid, msgstr) pairs of a .mo file as msgunfmt prints them; plural entries give their first forms."""
    raw = subprocess.run(["msgunfmt", "--no-wrap", path], env=TOOL_ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True).stdout
    charset = "utf-8"
    m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw)
    if m:
        charset = m.group(1).decode("ascii")
    try:
        text = raw.decode(charset, "replace")
    except LookupError:
        text = raw.decode("utf-8", "replace")
    entries = []
    cur = {}
    key = None
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            if cur:
                entries.append(cur)
            cur, key = {}, None
            continue
        if line.startswith('"') and key:
            cur[key] += _c_string(line[1:-1])
            continue
        k, _, v = line.partition(" ")
        if k in cur:
            entries.append(cur)
            cur = {}
        key = k
        cur[key] = _c_string(v.strip()[1:-1])
    if cur:
        entries.append(cur)
    pairs = []
    for e in entries:
        mid = e.get("msgid", "")
        mstr = e.get("msgstr", e.get("msgstr[0]", ""))
        if mid:
            pairs.append((mid, mstr))
    return pairs


# printf conversions (%s, %d, %1$s, %-10lu, %'d, %<PRIuMAX>, %%), {0}/{name} placeholders, ${var}
_FORMAT = re.compile(r"%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcsSpnm%]"
                     r"|%<[A-Za-z0-9_]+>|\$?\{[^{}]*\}")
# accelerators: _File, &Open, Fi_le
_ACCEL = re.compile(r"(?<![\w])[_&](?=\w)|(?<=\w)[_&](?=\w)")
# quotes or brackets left holding no word by removing a placeholder: "", « », ( - ), ':'
_EMPTY = re.compile(r"[(\[][^\w()\[\]]*[)\]]|[\"'‘’“”«»„‹›`][^\w\"'‘’“”«»„‹›`]{0,3}[\"'‘’“”«»„‹›`]")
# what speech synthesis reads badly: paths, options, code, numbers, upper-case acronyms, file names
_REJECT = re.compile(r"[/\\<>=@|\[\]{}*#$~^`_&%0-9+]|--|\.\.|::|(^|\s)-\w|\w\.\w|\b[A-Z]{3,}\b")
_LETTER = re.compile(r"[^\W\d_]")


def clean_sentence(s, min_words=4, max_words=20):
    """A catalog string made speakable, or None when it is not one line of 4 to 20 words of plain text."""
    s = s.strip("\n ")
    if not s or "\n" in s or "\t" in s or "\r" in s:
        return None
    s = _FORMAT.sub("", s)
    s = _ACCEL.sub("", s)
    for _ in range(2):
        s = _EMPTY.sub("", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+([,.;:!?…)\]])", r"\1", s)
    s = re.sub(r"([(\[])\s+", r"\1", s)
    s = re.sub(r"([,;:])(?=[,.;:!?])", "", s)
    s = s.strip(" ,;:")
    if not s or _REJECT.search(s):
        return None
    words = [w for w in s.split() if _LETTER.search(w)]
    if not min_words <= len(words) <= max_words:
        return None
    if not s[-1] in ".!?…":
        s += "."
    return s


def _norm(s):
    return re.sub(r"\W+", " ", s.lower()).strip()


def catalog_sentences(locales):
    """Per locale, the distinct speakable translated sentences; and the English source sentences (msgids)."""
    per_locale = {}
    english = {}
    for loc in locales:
        seen = {}
        for domain in sorted(CATALOGS):
            path = os.path.join(LOCALE_DIR, loc, "LC_MESSAGES", domain + ".mo")
            if not os.path.isfile(path):
                continue
            for mid, mstr in read_catalog(path):
                if mstr and mstr != mid:
                    c = clean_sentence(mstr)
                    if c:
                        seen.setdefault(_norm(c), c)
                e = clean_sentence(mid)
                if e and e.isascii():
                    english.setdefault(_norm(e), e)
        per_locale[loc] = seen
    # a sentence found in two languages' catalogs labels neither
    count = {}
    for seen in per_locale.values():
        for k in seen:
            count[k] = count.get(k, 0) + 1
    out = {}
    for loc, seen in per_locale.items():
        out[loc] = sorted(v for k, v in seen.items() if count[k] == 1 and k not in english)
    return out, sorted(english.values())


def partition(sentences, seed, name):
    """Shuffles and cuts a sentence list into disjoint training (70 %), validation (15 %) and test (15 %) groups."""
    s = list(sentences)
    rng_for(seed, "sentences", name).shuffle(s)
    n = len(s)
    a, b = int(n * 0.70), int(n * 0.85)
    return {"training": s[:a], "validation": s[a:b], "test": s[b:]}


# --- WAV ----------------------------------------------------------------------------------------------------------


def read_wav_mono16(path):
    with wave.open(path, "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise ValueError("%s: expected mono 16-bit, got %d channels, %d bytes" % (path, w.getnchannels(),
                                                                                         w.getsampwidth()))
        return w.getframerate(), w.readframes(w.getnframes())


def write_wav_atomic(path, frames, rate):
    d = os.path.dirname(path)
    os.makedirs(d, exist_ok=True)
    # a hidden temporary name without the .wav ending: the pipeline lists neither
    tmp = os.path.join(d, ".%s.%d.%d.part" % (os.path.basename(path), os.getpid(), threading.get_ident()))
    try:
        with wave.open(tmp, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(frames)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_text_atomic(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = os.path.join(os.path.dirname(path), ".%s.%d.part" % (os.path.basename(path), os.getpid()))
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


# --- speech -------------------------------------------------------------------------------------------------------


def espeak(text, voice, pitch, speed, workdir):
    out = os.path.join(workdir, "speech.wav")
    # amplitude 50 of espeak-ng's 0-200 leaves headroom: at its default of 100 the Klatt variants clip
    cmd = ["espeak-ng", "-b", "1", "-a", "50", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", out, "--stdin"]
    subprocess.run(cmd, input=text.encode("utf-8"), env=TOOL_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   check=True)
    rate, frames = read_wav_mono16(out)
    if rate != SPEECH_RATE:
        raise ValueError("espeak-ng wrote %d Hz, expected %d" % (rate, SPEECH_RATE))
    return frames


def speak_clip(sentences, voice, pitch, speed, workdir, seconds=CLIP_SECONDS):
    """Speaks sentences in order, a few at a time, until there are `seconds` of speech; returns (frames, sentences
    used)."""
    need = int(round(seconds * SPEECH_RATE)) * 2
    frames = b""
    used = []
    i = 0
    while len(frames) < need:
        if i >= len(sentences):
            raise RuntimeError("ran out of sentences for one clip")
        # enough words for the time left, with a margin (espeak-ng speaks about `speed` words a minute)
        want = 1.3 * (need - len(frames)) / 2 / SPEECH_RATE * speed / 60.0
        batch = []
        words = 0
        while i < len(sentences) and (not batch or words < want):
            batch.append(sentences[i])
            words += len(sentences[i].split())
            i += 1
        try:
            frames += espeak(" ".join(batch), voice, pitch, speed, workdir)
            used += batch
        except subprocess.CalledProcessError:
            # espeak-ng 1.51 crashes on a few (voice, sentence) pairs: speak them one by one and skip the culprit
            for sentence in batch:
                try:
                    frames += espeak(sentence, voice, pitch, speed, workdir)
                    used.append(sentence)
                except subprocess.CalledProcessError as e:
                    log("warning: espeak-ng %s failed (%s) on %r; sentence skipped" % (voice, e.returncode, sentence))
    return frames[:need], used


def draw_sentences(rng, group, seconds=CLIP_SECONDS):
    # 12 sentences are always more than 6 s of speech; longer clips draw proportionally more
    n = 12 * max(1, int(math.ceil(seconds / CLIP_SECONDS)))
    return rng.sample(group, min(n, len(group)))


# --- plans --------------------------------------------------------------------------------------------------------


class Clip:
    """One file to make: where it goes, what it is, and a function that returns its 16-bit frames and rate."""

    def __init__(self, task, track_id, labelled, label, split, artist, make, seconds=CLIP_SECONDS):
        self.task = task
        self.seconds = seconds
        self.id = track_id
        self.labelled = labelled
        self.label = label
        self.split = split
        self.artist = artist
        self.make = make
        self.title = ""

    @property
    def rel(self):
        return ("fma_small/" if self.labelled else "fma_large/") + stem(self.id) + ".wav"


def counts(per_class, pool, scale):
    n = max(5, int(round(per_class * scale)))
    p = max(0, int(round(pool * scale)))
    return n, p


def variant_list():
    """The espeak-ng voice variants (file names under !v/), sorted, without those whose name has a blank."""
    out = subprocess.run(["espeak-ng", "--voices=variant"], env=TOOL_ENV, stdout=subprocess.PIPE, check=True,
                         text=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        m = re.search(r"!v/(\S+)\s*(\(.*\))?$", line.rstrip())
        if m:
            names.add(m.group(1))
    return sorted(names)


def plan_language(seed, scale, text, shared_voices=0, pool_seconds=CLIP_SECONDS):
    """The language task. shared_voices > 0: every clip (pool and labelled, all languages) is spoken by one of that
    many voices (variant, pitch, speed), so that clips share voices and the voice no longer tells two clips of the
    pool apart; 0: a random voice per clip."""
    per_class, pool = counts(LANGUAGE_PER_CLASS, LANGUAGE_POOL, scale)
    variants = variant_list()
    voices = []
    for i in range(shared_voices):
        vr = rng_for(seed, "language-shared-voice", i)
        voices.append((vr.choice(variants), vr.randint(25, 75), vr.randint(130, 190)))
    groups = {name: partition(text[loc], seed, "language-" + loc) for name, (loc, _) in LANGUAGES.items()}
    names = list(LANGUAGES)
    clips = []

    def clip(track_id, labelled, name, split):
        rng = rng_for(seed, "language", track_id)
        loc, voice = LANGUAGES[name]
        variant = rng.choice(variants)
        pitch = rng.randint(25, 75)
        speed = rng.randint(130, 190)
        if voices:
            variant, pitch, speed = voices[rng.randrange(len(voices))]
        seconds = CLIP_SECONDS if labelled else pool_seconds
        sentences = draw_sentences(rng, groups[name][split], seconds)
        v = voice + "+" + variant
        c = Clip("language", track_id, labelled, name if labelled else "", split,
                 "espeak-ng %s -p %d -s %d" % (v, pitch, speed), None, seconds)
        c.title = sentences[0]  # always spoken first
        c.make = lambda work: (speak_clip(sentences, v, pitch, speed, work, seconds)[0], SPEECH_RATE)
        return c

    for k in range(per_class):
        for ci, name in enumerate(names):
            clips.append(clip(LABELLED_BASE + k * len(names) + ci, True, name, split_of(k)))
    for j in range(pool):
        clips.append(clip(POOL_BASE + j, False, names[j % len(names)], "training"))
    return names, clips, {n: len(groups[n]["training"]) + len(groups[n]["validation"]) + len(groups[n]["test"])
                          for n in names}


def plan_speaker(seed, scale, english, pool_seconds=CLIP_SECONDS, per_locale=None):
    """The speaker task. per_locale None: every clip in English, pitch within 5 of the voice's base, speed 150-175;
    given (the sentences of every language): each clip in a random one of English and the eight languages, pitch
    within 10 of the base, speed 130-190, so that what the clip says and how fast and high it is spoken do not
    name the voice."""
    per_class, pool = counts(SPEAKER_PER_CLASS, SPEAKER_POOL, scale)
    groups = partition(english, seed, "speaker-en")
    tongues = [(SPEAKER_VOICE, groups)]
    if per_locale is not None:
        tongues += [(voice, partition(per_locale[loc], seed, "speaker-" + loc)) for loc, voice in LANGUAGES.values()]
    class_files = {f for f, _ in SPEAKERS.values()}
    others = [v for v in variant_list() if v not in class_files]
    names = list(SPEAKERS)
    clips = []

    def clip(track_id, labelled, variant, base, split, label):
        rng = rng_for(seed, "speaker", track_id)
        if per_locale is None:
            pitch = base + rng.randint(-5, 5)
            speed = rng.randint(150, 175)
            voice, group = tongues[0]
        else:
            pitch = base + rng.randint(-10, 10)
            speed = rng.randint(130, 190)
            voice, group = tongues[rng.randrange(len(tongues))]
        seconds = CLIP_SECONDS if labelled else pool_seconds
        sentences = draw_sentences(rng, group[split], seconds)
        v = voice + "+" + variant
        c = Clip("speaker", track_id, labelled, label, split, "espeak-ng %s -p %d -s %d" % (v, pitch, speed), None,
                 seconds)
        c.title = sentences[0]  # always spoken first
        c.make = lambda work: (speak_clip(sentences, v, pitch, speed, work, seconds)[0], SPEECH_RATE)
        return c

    for k in range(per_class):
        for ci, name in enumerate(names):
            variant, base = SPEAKERS[name]
            clips.append(clip(LABELLED_BASE + k * len(names) + ci, True, variant, base, split_of(k), name))
    for j in range(pool):
        variant = others[j % len(others)]
        base = rng_for(seed, "speaker-pool-pitch", j).randint(40, 60)
        clips.append(clip(POOL_BASE + j, False, variant, base, "training", ""))
    return names, clips, {"english sentences": len(english), "pool variants": len(others)}


# --- music --------------------------------------------------------------------------------------------------------


def _vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def midi_file(program, tempo_bpm, notes, division=480):
    """A format-0 Standard MIDI File: one track, channel 0, a program change, notes (start tick, length, key,
    velocity)."""
    events = []  # (tick, order, bytes): note-offs sort before note-ons at the same tick
    for start, length, key, vel in notes:
        events.append((start, 1, bytes([0x90, key, vel])))
        events.append((start + length, 0, bytes([0x80, key, 0])))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    tempo = int(round(60_000_000 / tempo_bpm))
    track = bytearray()
    track += _vlq(0) + b"\xff\x51\x03" + tempo.to_bytes(3, "big")
    track += _vlq(0) + bytes([0xC0, program])
    track += _vlq(0) + bytes([0xB0, 7, 100])  # channel volume
    now = 0
    for tick, _, ev in events:
        track += _vlq(tick - now) + ev
        now = tick
    track += _vlq(division) + b"\xff\x2f\x00"  # a beat of tail, then end of track
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, division)
    return header + b"MTrk" + struct.pack(">I", len(track)) + bytes(track)


def melody(rng, low, high, seconds=CLIP_SECONDS + 1.5, division=480):
    """A random melody: key, scale, tempo, rhythm and texture drawn from rng; about `seconds` of notes in [low, high].

    Returns (notes, tempo, description, fingerprint): the fingerprint names the material independently of key,
    register and instrument (intervals in scale steps, rhythm, texture)."""
    root = rng.randrange(12)
    scale_name = rng.choice(sorted(SCALES))
    steps = SCALES[scale_name]
    tempo = rng.randint(80, 160)
    texture = rng.choices(["melody", "two voices", "chords"], weights=[4, 3, 3])[0]
    beats = int(seconds * tempo / 60.0) + 1
    q = division

    # the scale's notes inside the register
    keys = [k for k in range(low, high + 1) if (k - root) % 12 in steps]
    mid = len(keys) // 2
    span = min(len(keys) - 1, len(steps) * 2)  # a melody spans at most two octaves
    lo_i = max(0, mid - span // 2)
    hi_i = min(len(keys) - 1, lo_i + span)
    pos = rng.randint(lo_i, hi_i)

    lengths = [(0.25, 1), (0.5, 4), (0.75, 1), (1.0, 4), (1.5, 2), (2.0, 1)]
    notes = []
    fp = [texture, scale_name]
    t = 0.0
    base_vel = rng.randint(70, 100)
    while t < beats:
        length = rng.choices([x for x, _ in lengths], weights=[w for _, w in lengths])[0]
        if rng.random() < 0.08 and t > 0:
            t += length  # a rest
            fp.append("r%g" % length)
            continue
        move = rng.choices([-4, -3, -2, -1, 0, 1, 2, 3, 4], weights=[1, 2, 5, 9, 3, 9, 5, 2, 1])[0]
        pos = min(hi_i, max(lo_i, pos + move))
        key = keys[pos]
        vel = max(30, min(127, base_vel + rng.randint(-12, 12) + (8 if t == int(t) else 0)))
        start, dur = int(round(t * q)), int(round(length * q * rng.uniform(0.8, 0.98)))
        notes.append((start, dur, key, vel))
        fp.append("%d/%g" % (pos - lo_i, length))
        if texture == "chords" and rng.random() < 0.5:
            # a triad below the melody note, inside the register where possible
            for third in (2, 4):
                j = pos - third
                if j >= 0:
                    notes.append((start, dur, keys[j], max(30, vel - 15)))
            fp.append("c")
        t += length
    if texture == "two voices":
        # a slower lower line of one to four beats a note
        t = 0.0
        bass_hi = max(2, (lo_i + hi_i) // 2 - 3)  # the lower voice keeps under the melody's middle
        bpos = rng.randint(0, bass_hi)
        while t < beats:
            length = rng.choice([1.0, 2.0, 2.0, 4.0])
            bpos = max(0, min(bass_hi, bpos + rng.choice([-3, -2, -1, 1, 2, 3])))
            notes.append((int(round(t * q)), int(round(length * q * 0.95)), keys[bpos], max(30, base_vel - 15)))
            fp.append("b%d/%g" % (bpos, length))
            t += length
    desc = "%s %s, %d BPM, %s" % (NOTE_NAMES[root], scale_name, tempo, texture)
    fingerprint = hashlib.sha1(" ".join(fp).encode()).hexdigest()
    return notes, tempo, desc, fingerprint


def find_no_aslr():
    cmd = ["setarch", platform.machine(), "-R"]
    try:
        if subprocess.run(cmd + ["true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
            return cmd
    except OSError:
        pass
    log("warning: 'setarch -R' is not available or not permitted here; timidity renders some programs (organ,"
        " accordion, strings) differently from run to run, so those files are not reproducible byte for byte")
    return []


def render_midi(mid_bytes, work):
    with open(os.path.join(work, "clip.mid"), "wb") as f:
        f.write(mid_bytes)
    out = os.path.join(work, "clip.wav")
    if os.path.exists(out):
        os.remove(out)
    cmd = NO_ASLR + ["timidity", "-c", TIMIDITY_CFG, "-Ow", "--output-mono", "--output-16bit", "--output-signed",
                     "-s", str(MUSIC_RATE), "-o", "clip.wav", "clip.mid"]
    r = subprocess.run(cmd, cwd=work, env=TOOL_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0 or not os.path.isfile(out):
        raise RuntimeError("timidity failed: " + r.stdout.decode("utf-8", "replace")[-500:])
    rate, frames = read_wav_mono16(out)
    if rate != MUSIC_RATE:
        raise ValueError("timidity wrote %d Hz, expected %d" % (rate, MUSIC_RATE))
    return frames


def plan_instrument(seed, scale, pool_seconds=CLIP_SECONDS):
    per_class, pool = counts(INSTRUMENT_PER_CLASS, INSTRUMENT_POOL, scale)
    names = list(INSTRUMENTS)
    everything = dict(INSTRUMENTS)
    everything.update(POOL_PROGRAMS)
    pool_names = sorted(everything)
    clips = []
    held_out = set()  # fingerprints of validation and test melodies

    def clip(track_id, labelled, name, split, avoid):
        program, low, high = everything[name]
        seconds = CLIP_SECONDS if labelled else pool_seconds
        attempt = 0
        while True:
            rng = rng_for(seed, "instrument", track_id, attempt)
            notes, tempo, desc, fp = melody(rng, low, high, seconds + 1.5)
            if fp not in avoid:
                break
            attempt += 1
        c = Clip("instrument", track_id, labelled, name if labelled else "", split,
                 "timidity FluidR3_GM program %d (%s)" % (program, name), None, seconds)
        c.title = "%s (melody %s)" % (desc, fp[:10])
        data = midi_file(program, tempo, notes)
        c.make = lambda work: (render_midi(data, work), MUSIC_RATE)
        return c, fp

    labelled = []
    for k in range(per_class):
        for ci, name in enumerate(names):
            labelled.append((LABELLED_BASE + k * len(names) + ci, name, split_of(k)))
    # held-out melodies first, so that training and pool clips can avoid them
    for tid, name, split in labelled:
        if split != "training":
            c, fp = clip(tid, True, name, split, set())
            held_out.add(fp)
            clips.append(c)
    for tid, name, split in labelled:
        if split == "training":
            c, _ = clip(tid, True, name, split, held_out)
            clips.append(c)
    for j in range(pool):
        name = rng_for(seed, "instrument-pool", j).choice(pool_names)
        c, _ = clip(POOL_BASE + j, False, name, "training", held_out)
        clips.append(c)
    clips.sort(key=lambda c: c.id)
    return names, clips, {"pool programs": len(pool_names)}


# --- metadata -----------------------------------------------------------------------------------------------------


def csv_text(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def tracks_csv(task, names, clips):
    index = {n: i for i, n in enumerate(sorted(names))}
    album_sizes = {}
    for c in clips:
        album_sizes[c.label] = album_sizes.get(c.label, 0) + 1
    rows = [
        ["", "album", "album", "artist", "set", "set", "track", "track", "track", "track"],
        ["", "title", "tracks", "name", "split", "subset", "genre_top", "genres", "genres_all", "title"],
        ["track_id", "", "", "", "", "", "", "", "", ""],
    ]
    for c in sorted(clips, key=lambda c: c.id):
        genres = "[%d]" % (index[c.label] + 1) if c.labelled else "[]"
        album = "%s suite, %s" % (task, c.label if c.labelled else "unlabelled pool")
        rows.append([c.id, album, album_sizes[c.label], c.artist, c.split, "small" if c.labelled else "large",
                     c.label, genres, genres, c.title])
    return csv_text(rows)


def labels_csv(clips):
    rows = [["path", "label", "split"]]
    for c in sorted(clips, key=lambda c: c.id):
        if c.labelled:
            rows.append([c.rel, c.label, c.split])
    return csv_text(rows)


def check_tracks_csv(path, clips):
    """Reads tracks.csv back as the project's reader does and compares it with the plan."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    top, sub, index = rows[0], rows[1], rows[2]
    assert index[0] == "track_id", "line 3 is not the index row"

    def col(a, b):
        for i, (x, y) in enumerate(zip(top, sub)):
            if x == a and y == b:
                return i
        raise AssertionError("no column (%s, %s)" % (a, b))

    ci_subset, ci_split, ci_genre = col("set", "subset"), col("set", "split"), col("track", "genre_top")
    body = rows[3:]
    assert len(body) == len(clips), "%d rows for %d clips" % (len(body), len(clips))
    by_id = {c.id: c for c in clips}
    for r in body:
        assert len(r) == len(top), "row of %d fields: %r" % (len(r), r[:3])
        c = by_id[int(r[0])]
        assert r[ci_subset] == ("small" if c.labelled else "large")
        assert r[ci_split] == c.split
        assert r[ci_genre] == c.label


# --- running ------------------------------------------------------------------------------------------------------


def fmt_time(s):
    s = int(round(s))
    return "%dh%02dm%02ds" % (s // 3600, s % 3600 // 60, s % 60) if s >= 3600 else "%dm%02ds" % (s // 60, s % 60)


def make_clip(task_dir, c):
    path = os.path.join(task_dir, c.rel)
    if os.path.isfile(path):
        return False
    with tempfile.TemporaryDirectory(prefix="make_suite.") as work:
        frames, rate = c.make(work)
    need = int(round(c.seconds * rate)) * 2
    if len(frames) < need:
        log("warning: %s: %.2f s of audio, padded with silence to %.1f s" % (c.rel, len(frames) / 2 / rate,
                                                                              c.seconds))
        frames += b"\0" * (need - len(frames))
    write_wav_atomic(path, normalize(frames[:need]), rate)
    return True


def normalize(frames):
    """Scales 16-bit little-endian samples so that the peak is at PEAK of full scale."""
    a = array.array("h")
    a.frombytes(frames)
    if sys.byteorder == "big":
        a.byteswap()
    peak = max(max(a), -min(a))
    if peak == 0:
        return frames
    g = PEAK * 32767 / peak
    a = array.array("h", [min(32767, max(-32768, int(round(x * g)))) for x in a])
    if sys.byteorder == "big":
        a.byteswap()
    return a.tobytes()


def run_task(task, out, seed, scale, jobs, text_cache, language_voices=0, pool_seconds=CLIP_SECONDS,
             speaker_languages=False):
    t0 = time.time()
    task_dir = os.path.join(out, task)
    if task == "language":
        names, clips, info = plan_language(seed, scale, text_cache["per_locale"], language_voices, pool_seconds)
    elif task == "speaker":
        names, clips, info = plan_speaker(seed, scale, text_cache["english"], pool_seconds,
                                          text_cache["per_locale"] if speaker_languages else None)
    else:
        NO_ASLR[:] = find_no_aslr()
        names, clips, info = plan_instrument(seed, scale, pool_seconds)
    log("%s: %d clips (%d labelled, %d pool); %s" % (task, len(clips), sum(c.labelled for c in clips),
                                                     sum(not c.labelled for c in clips),
                                                     ", ".join("%s %s" % (k, v) for k, v in info.items())))
    total = len(clips)
    done = 0
    made = 0
    lock = threading.Lock()
    last = [0.0]
    t_start = time.time()

    def one(c):
        nonlocal done, made
        m = make_clip(task_dir, c)
        with lock:
            done += 1
            made += m
            now = time.time()
            if now - last[0] >= 5 or done == total:
                last[0] = now
                el = now - t_start
                rate = made / el if el > 0 and made else 0.0
                left = (total - done) / rate if rate else 0.0
                log("  %s: %d/%d files (%d made, %.1f files/s, ~%s left)" % (task, done, total, made, rate,
                                                                             fmt_time(left)))

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for f in [ex.submit(one, c) for c in clips]:
            f.result()

    meta = os.path.join(task_dir, "fma_metadata", "tracks.csv")
    write_text_atomic(meta, tracks_csv(task, names, clips))
    check_tracks_csv(meta, clips)
    write_text_atomic(os.path.join(task_dir, "labels.csv"), labels_csv(clips))
    write_text_atomic(os.path.join(task_dir, "classes.txt"), "".join(n + "\n" for n in sorted(names)))

    planned = {c.rel for c in clips}
    extra = []
    for sub in ("fma_small", "fma_large"):
        for root, _, files in os.walk(os.path.join(task_dir, sub)):
            for f in files:
                rel = os.path.relpath(os.path.join(root, f), task_dir).replace(os.sep, "/")
                if f.endswith(".wav") and rel not in planned:
                    extra.append(rel)
    if extra:
        log("warning: %s holds %d .wav files this run did not plan (an earlier run at a larger --scale?), e.g. %s"
            % (task_dir, len(extra), sorted(extra)[0]))
    return {"task": task, "names": names, "clips": clips, "made": made, "seconds": time.time() - t0,
            "dir": task_dir}


def summary(results, total_seconds):
    log("")
    log("summary")
    grand_files = 0
    grand_audio = 0.0
    grand_bytes = 0
    for r in results:
        clips = r["clips"]
        nbytes = 0
        for c in clips:
            p = os.path.join(r["dir"], c.rel)
            if os.path.isfile(p):
                nbytes += os.path.getsize(p)
        audio = sum(c.seconds for c in clips)
        grand_files += len(clips)
        grand_audio += audio
        grand_bytes += nbytes
        log("%s: %d files (%d made this run), %.2f h of audio, %.1f MB, %s" % (
            r["task"], len(clips), r["made"], audio / 3600, nbytes / 1e6, fmt_time(r["seconds"])))
        log("  %-20s %8s %10s %6s %5s" % ("class", "training", "validation", "test", "all"))
        for n in sorted(r["names"]):
            k = {s: sum(1 for c in clips if c.label == n and c.split == s) for s in ("training", "validation", "test")}
            log("  %-20s %8d %10d %6d %5d" % (n, k["training"], k["validation"], k["test"], sum(k.values())))
        log("  %-20s %8d" % ("unlabelled pool", sum(1 for c in clips if not c.labelled)))
    log("total: %d files, %.2f h of audio, %.1f MB, %s" % (grand_files, grand_audio / 3600, grand_bytes / 1e6,
                                                          fmt_time(total_seconds)))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output folder; one sub-folder per task")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--tasks", default=",".join(TASKS), help="comma-separated subset of " + ",".join(TASKS))
    p.add_argument("--scale", type=float, default=1.0,
                   help="multiplies the clips per class and the pool size (default 1.0; 0.1 for a quick check)")
    p.add_argument("--jobs", type=int, default=MAX_JOBS, help="synthesis processes at once, 1 or 2 (default 2)")
    p.add_argument("--no-install", action="store_true", help="never run apt-get install")
    p.add_argument("--language-voices", type=int, default=DEFAULT_LANGUAGE_VOICES,
                   help="language task: N voices shared by every clip of every language, so that the voice does "
                        "not tell pool clips apart; 0: a random voice per clip (default %d)" % DEFAULT_LANGUAGE_VOICES)
    p.add_argument("--pool-seconds", type=float, default=DEFAULT_POOL_SECONDS,
                   help="length of every unlabelled pool clip in seconds, like FMA's 30-s clips, so that two crops "
                        "of one clip come from different sentences or phrases (default %g; labelled clips are %g s)"
                        % (DEFAULT_POOL_SECONDS, CLIP_SECONDS))
    p.add_argument("--speaker-english-only", action="store_true",
                   help="speaker task: every clip in English with pitch and speed jittered slightly (default: each "
                        "clip in a random one of English and the 8 languages, pitch and speed varied more)")
    a = p.parse_args(argv)
    tasks = [t.strip() for t in a.tasks.split(",") if t.strip()]
    bad = [t for t in tasks if t not in TASKS]
    if bad or not tasks:
        p.error("unknown task(s) %s; choose from %s" % (",".join(bad) or "(none)", ",".join(TASKS)))
    if a.language_voices < 0:
        p.error("--language-voices must be 0 or more")
    if a.scale <= 0:
        p.error("--scale must be positive")
    if not 1 <= a.pool_seconds <= 600:
        p.error("--pool-seconds must be between 1 and 600")
    jobs = max(1, min(MAX_JOBS, a.jobs))

    t0 = time.time()
    ensure_packages(tasks, not a.no_install)
    check_tools(tasks)

    text = {}
    if "language" in tasks or "speaker" in tasks:
        locales = [loc for loc, _ in LANGUAGES.values()]
        per_locale, english = catalog_sentences(locales)
        for name, (loc, _) in LANGUAGES.items():
            if len(per_locale[loc]) < 200:
                sys.exit("make_suite: only %d sentences for %s (%s/%s/LC_MESSAGES/*.mo); are the catalog packages "
                         "installed and /usr/share/locale not excluded by dpkg?" % (len(per_locale[loc]), name,
                                                                                   LOCALE_DIR, loc))
        log("sentences: " + ", ".join("%s %d" % (n, len(per_locale[loc])) for n, (loc, _) in LANGUAGES.items())
            + ", English %d" % len(english))
        text = {"per_locale": per_locale, "english": english}

    results = []
    for t in tasks:
        results.append(run_task(t, a.out, a.seed, a.scale, jobs, text, a.language_voices, a.pool_seconds,
                                not a.speaker_english_only))
    summary(results, time.time() - t0)


if __name__ == "__main__":
    main()
