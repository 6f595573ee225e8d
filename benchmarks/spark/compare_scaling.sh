#!/usr/bin/env bash
# Measures cola4j's Spark commands against the single-machine ones on this machine:
#   audio-processing: files/s of `cola4j audio-processing` (all cores) and `cola4j spark audio-processing` at
#     local[1] and local[2], on 64 synthetic 30-second 44.1 kHz stereo 320 kbit/s MP3s (make_clips.py);
#   train-encoder: COLA steps/s of `cola4j train-encoder` and `cola4j spark train-encoder` with 1 and 2 workers at
#     local[1] / local[2], on the log-mels of those clips (--recipe cpu's model and batch, 30 steps).
# Rates are taken from each command's own summary line (the work itself, JVM and Spark start-up excluded); the
# wall time of each whole command is printed too. Usage: benchmarks/spark/compare_scaling.sh [WORKDIR]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/cola4j-spark-bench}"
mkdir -p "$WORK"
cd "$WORK"
python3 "$HERE/make_clips.py" "$WORK" --clips 16 --copies 4
JAVA="$("$ROOT/bin/newest-java")"
"$ROOT/cola4j" --version >/dev/null && "$ROOT/cola4j" spark --version >/dev/null  # builds first, untimed
echo "JDK: $("$JAVA" -version 2>&1 | head -n 1); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores"

timed() {  # timed LOG CMD...: runs CMD, keeps its output in LOG, prints the wall seconds
  local log="$1" start end
  shift
  start=$(date +%s.%N)
  "$@" > "$log.log" 2>&1 || { echo "failed: $*" >&2; tail -n 20 "$log.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
rate() {  # the last "N.N files/s" or "N.N ex/s" of a log
  grep -o '[0-9.]* '"$2"'/s' "$1.log" | tail -n 1 | cut -d' ' -f1
}

echo
echo "| audio-processing (64 x 30 s MP3) | files/s (work) | whole command s |"
echo "|---|---:|---:|"
rm -rf single l1 l2
w=$(timed single "$ROOT/cola4j" audio-processing --mp3_path audio --out single)
echo "| single machine (2 threads) | $(rate single files) | $w |"
w=$(timed l1 "$ROOT/cola4j" spark audio-processing --master 'local[1]' --mp3_path audio --out l1)
echo "| spark local[1] | $(rate l1 files) | $w |"
w=$(timed l2 "$ROOT/cola4j" spark audio-processing --master 'local[2]' --mp3_path audio --out l2)
echo "| spark local[2] | $(rate l2 files) | $w |"
cmp <(cd single && find . -name '*.npy' -print0 | sort -z | xargs -0 cat | md5sum) \
    <(cd l2 && find . -name '*.npy' -print0 | sort -z | xargs -0 cat | md5sum) >/dev/null \
    && echo "(local[2] output identical to the single machine's)"

TRAIN=(--mp3_path single --recipe cpu --epochs 1 --steps-per-epoch 30 --validation-batches 0 --log-every 10)
echo
echo "| train-encoder (--recipe cpu: w0.25 d0.34, batch 64, crop 94), 30 steps | COLA steps/s | whole command s |"
echo "|---|---:|---:|"
rm -rf m0 m1 m2 m3
w=$(timed m0 "$ROOT/cola4j" train-encoder "${TRAIN[@]}" --out m0)
echo "| single machine | $(echo "scale=3; $(rate m0 ex) / 64" | bc) | $w |"
w=$(timed m1 "$ROOT/cola4j" spark train-encoder "${TRAIN[@]}" --out m1 --master 'local[1]' --workers 1)
echo "| spark local[1], 1 worker | $(echo "scale=3; $(rate m1 ex) / 64" | bc) | $w |"
w=$(timed m2 "$ROOT/cola4j" spark train-encoder "${TRAIN[@]}" --out m2 --master 'local[2]' --workers 2)
echo "| spark local[2], 2 workers | $(echo "scale=3; $(rate m2 ex) / 64" | bc) | $w |"
grep -h "data-parallel:" m1.log m2.log
