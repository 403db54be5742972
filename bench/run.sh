#!/usr/bin/env bash
# The throughput benchmark of issue 11: builds batches from corpus/ and
# measures the release binary end to end, whole process, with
# /usr/bin/time. Prints one table; nothing here asserts a figure.
#
#   bench/run.sh                  # the default set (about 3 minutes on 2 cores)
#   BIN=/path/to/huonguoc bench/run.sh      # another build, to compare
#   SIZES="100 1000 10000" bench/run.sh     # batch sizes for the RSS curve
#   REPEAT=5 bench/run.sh         # runs of the -j1 batch and of ripgrep
#
# Figures:
#   MB/s per core   MB of covenant text / (user + sys CPU seconds), -j1,
#                   the least of REPEAT runs (default 3)
#   rg ratio        huonguoc CPU / ripgrep CPU over the same files with the
#                   pack's own terms (`rg -j1 -c -F -i -f terms.txt`), when
#                   rg is installed; each the least of REPEAT runs
#   peak RSS        at each batch size in SIZES, -j2 (the default)
#   one-line        CPU for one covenant pasted as a single line, 0.25–4 MB
#   per file        CPU per file for 10,000 files of 1–2 KB
#   serial          the main thread's share of CPU samples, -j2 (perf)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/huonguoc}
work=${BENCH_DIR:-target/bench}
sizes=${SIZES:-"100 1000 10000"}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
fi
mkdir -p "$work"
python3 bench/generate.py "$work" $sizes

# measure CMD...: "user+sys-seconds max-rss-KiB" of one run. The exit
# code is ignored: a batch with findings exits 1.
measure() {
  /usr/bin/time -o "$work/time.txt" -f '%U %S %M' "$@" >/dev/null 2>&1 || true
  awk 'END { printf "%.3f %d\n", $1 + $2, $3 }' "$work/time.txt"
}

# best CMD...: the run with the least CPU of REPEAT (default 3). A shared
# VM's neighbours add ±10% from run to run; the least is the steadiest
# estimate of what the program itself costs, for huonguoc and ripgrep alike.
best() {
  local out min=""
  for _ in $(seq "${REPEAT:-3}"); do
    out=$(measure "$@")
    if [ -z "$min" ] || awk -v a="${out%% *}" -v b="${min%% *}" 'BEGIN { exit !(a < b) }'; then
      min=$out
    fi
  done
  echo "$min"
}
mb() { du -sb --apparent-size "$1" | awk '{ printf "%.2f", $1 / 1e6 }'; }

batch=$work/batch-1000
read -r cpu rss < <(best "$bin" scan --format json -j1 "$batch")
size=$(mb "$batch")
rate=$(awk -v m="$size" -v c="$cpu" 'BEGIN { printf "%.1f", m / c }')
printf '%-44s %s\n' "batch-1000 size" "$size MB"
printf '%-44s %s\n' "scan --format json -j1: CPU" "$cpu s"
printf '%-44s %s\n' "MB/s per core" "$rate"
read -r cpu_text _ < <(measure "$bin" scan -j1 "$batch")
printf '%-44s %s\n' "scan (text) -j1: CPU" "$cpu_text s"

if command -v rg >/dev/null 2>&1; then
  # Builds before `rules --terms` existed take the terms from TERMS_BIN.
  "$bin" rules --terms >"$work/terms.txt" 2>/dev/null ||
    "${TERMS_BIN:-target/release/huonguoc}" rules --terms >"$work/terms.txt"
  read -r rg_cpu _ < <(best rg -j1 -c -F -i -f "$work/terms.txt" "$batch")
  ratio=$(awk -v a="$cpu" -v b="$rg_cpu" 'BEGIN { printf "%.2f", a / b }')
  printf '%-44s %s\n' "ripgrep, $(wc -l <"$work/terms.txt") terms: CPU" "$rg_cpu s"
  printf '%-44s %s\n' "huonguoc / ripgrep CPU" "$ratio"
else
  printf '%-44s %s\n' "huonguoc / ripgrep CPU" "(rg not installed)"
fi

for n in $sizes; do
  read -r c r < <(measure "$bin" scan --format json "$work/batch-$n")
  printf '%-44s %s\n' "peak RSS, $n covenants (json, -j2)" "$((r / 1024)) MiB ($c s CPU)"
done

for s in 0.25 1 2 4; do
  read -r c r < <(measure "$bin" scan --all-files "$work/oneline-$s.txt")
  printf '%-44s %s\n' "one-line file, $s MB (text)" "$c s, $((r / 1024)) MiB"
done

read -r c _ < <(measure "$bin" scan --format json -j1 "$work/small")
per=$(awk -v c="$c" 'BEGIN { printf "%.0f", c / 10000 * 1e6 }')
printf '%-44s %s\n' "10,000 files of 1-2 KB, -j1" "$c s, $per µs per file"

# perf record exits with the scan's own code (1: findings), so success is
# the data file, not the exit code.
rm -f "$work/perf.data"
if command -v perf >/dev/null 2>&1; then
  perf record -e cpu-clock -F 999 -o "$work/perf.data" -- \
    "$bin" scan --format json -j2 "$batch" >/dev/null 2>&1 || true
fi
if [ -s "$work/perf.data" ]; then
  # perf's `pid` key is per thread; the main thread's tid is the pid.
  perf report -i "$work/perf.data" --sort pid --stdio 2>/dev/null | awk '
    /^ *[0-9.]+%/ { pct = $1; sub("%", "", pct); split($2, id, ":"); share[id[1]] = pct; total += pct }
    END {
      main = 0
      for (t in share) if (main == 0 || t + 0 < main + 0) main = t
      printf "%-44s %.1f%%\n", "serial (main thread share of CPU, -j2)", share[main]
    }'
fi
