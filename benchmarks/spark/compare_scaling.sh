#!/usr/bin/env bash
# Measures cola4j's Spark commands against the single-machine ones on this machine:
#   audio-processing: files/s of `cola4j audio-processing` (all cores) and `cola4j spark audio-processing` at
#     local[1] and local[2], on 64 synthetic 30-second 44.1 kHz stereo 320 kbit/s MP3s (make_clips.py);
#   train-encoder: COLA steps/s of `cola4j train-encoder` and `cola4j spark train-encoder` with 1 and 2 workers at
#     local[1] / local[2], on the log-mels of those clips (--recipe cpu's model and batch, 30 steps).
# Rates are taken from each command's own summary line (the work itself, JVM and Spark start-up excluded); each
# configuration runs REPEATS times (default 3) and the table gives the median rate, the runs' rates and the median
# wall time of the whole command. Usage: benchmarks/spark/compare_scaling.sh [WORKDIR] [REPEATS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/cola4j-spark-bench}"
REPEATS="${2:-3}"
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

median() {  # median of the arguments
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}
measure() {  # measure LABEL UNIT DIVISOR OUTDIR CMD...: REPEATS runs of CMD (OUTDIR removed before each)
  local label="$1" unit="$2" div="$3" out="$4" rates=() walls=() w r
  shift 4
  for ((k = 1; k <= REPEATS; k++)); do
    rm -rf "$out"
    w=$(timed "$out" "$@")
    r=$(rate "$out" "$unit")
    rates+=("$(echo "scale=3; $r / $div" | bc)")
    walls+=("$w")
  done
  printf '| %s | %s | %s | %.1f |\n' "$label" "$(median "${rates[@]}")" "${rates[*]}" "$(median "${walls[@]}")"
}

echo
echo "| audio-processing (64 x 30 s MP3) | files/s (median) | runs | whole command s (median) |"
echo "|---|---:|---|---:|"
measure "single machine (2 threads)" files 1 single "$ROOT/cola4j" audio-processing --mp3_path audio --out single
measure "spark local[1]" files 1 l1 "$ROOT/cola4j" spark audio-processing --master 'local[1]' --mp3_path audio --out l1
measure "spark local[2]" files 1 l2 "$ROOT/cola4j" spark audio-processing --master 'local[2]' --mp3_path audio --out l2
cmp <(cd single && find . -name '*.npy' -print0 | sort -z | xargs -0 cat | md5sum) \
    <(cd l2 && find . -name '*.npy' -print0 | sort -z | xargs -0 cat | md5sum) >/dev/null \
    && echo "(local[2] output identical to the single machine's)"

TRAIN=(--mp3_path single --recipe cpu --epochs 1 --steps-per-epoch 30 --validation-batches 0 --log-every 10)
echo
echo "| train-encoder (--recipe cpu: w0.25 d0.34, batch 64, crop 94), 30 steps | COLA steps/s (median) | runs | whole command s (median) |"
echo "|---|---:|---|---:|"
measure "single machine" ex 64 m0 "$ROOT/cola4j" train-encoder "${TRAIN[@]}" --out m0
measure "spark local[1], 1 worker" ex 64 m1 "$ROOT/cola4j" spark train-encoder "${TRAIN[@]}" --out m1 --master 'local[1]' --workers 1
measure "spark local[2], 2 workers" ex 64 m2 "$ROOT/cola4j" spark train-encoder "${TRAIN[@]}" --out m2 --master 'local[2]' --workers 2
grep -h "data-parallel:" m1.log m2.log
