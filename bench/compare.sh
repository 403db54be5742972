#!/usr/bin/env bash
# Do two builds give the same findings? Compares every finding (file,
# rule, span, citation, fingerprint) and every file's status of two
# binaries on the corpus, the law texts (../shared/legal, when present),
# the generated batch and the one-line files of bench/run.sh.
#
#   bench/compare.sh OLD_BINARY [NEW_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1
new=${2:-target/release/huonguoc}
work=${BENCH_DIR:-target/bench}
python3 bench/generate.py "$work" 1000
inputs=(corpus "$work/batch-1000" "$work"/oneline-*.txt)
[ -d ../shared/legal ] && inputs+=(../shared/legal)

findings() {
  "$1" scan --all-files --format jsonl "${@:2}" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    v = json.loads(line)
    if v["type"] == "finding":
        print(v["path"], v["rule"], v["start"], v["end"], v["location"], v["fingerprint"], v["severity"])
    elif v["type"] in ("error", "not_covenant"):
        print(v["path"], v["type"])
' | sort || true
}

status=0
for input in "${inputs[@]}"; do
  a=$(findings "$old" "$input" | md5sum)
  b=$(findings "$new" "$input" | md5sum)
  n=$(findings "$new" "$input" | wc -l)
  if [ "$a" = "$b" ]; then
    printf 'same       %6d lines  %s\n' "$n" "$input"
  else
    printf 'DIFFERENT  %6d lines  %s\n' "$n" "$input"
    status=1
  fi
done
exit $status
