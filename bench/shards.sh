#!/usr/bin/env bash
# Sharded build beside a single one, on the same generated corpus (run bench/bench.sh N first: it makes the corpus
# and the release build): kb build --shard i/SHARDS for each i, one after another on this machine, then kb merge;
# each shard's wall time and peak RSS, the merge's, and a single kb build's, output on disk, no build cache.
# Usage: bash bench/shards.sh [N]   env: SHARDS=4
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-1000}
SHARDS=${SHARDS:-4}
KB=.build/release/kb
BENCH=.bench
CORPUS=$BENCH/corpus-$N
OUT=$BENCH/shards-$N
TSV=$BENCH/shards-$N.tsv

die() { echo "shards: error: $*" >&2; exit 2; }
source bench/lib.sh
[[ -x $KB ]] || die "$KB missing: run make bench (or swift build -c release) first"
[[ -d $CORPUS ]] || die "$CORPUS missing: run bash bench/bench.sh $N first"
# The last run's folders are deleted only after this one is measured (bench/lib.sh).
trash "$OUT"
mkdir -p "$OUT"
settle
: >"$TSV"

# One measured command: label, then the command; appends "label<TAB>wall s<TAB>peak RSS KB".
measure() {
  local label=$1; shift
  local timing; timing=$(mktemp)
  /usr/bin/time -v -o "$timing" "$@" >"$OUT/$label.stdout" 2>"$OUT/$label.stderr" || die "$label failed (see $OUT/$label.stderr)"
  local wall rss
  wall=$(wall_seconds "$timing")
  rss=$(peak_rss_kb "$timing")
  rm -f "$timing"
  printf '%s\t%s\t%s\n' "$label" "$wall" "$rss" >>"$TSV"
  echo "shards: $label: $wall s, $((rss / 1024)) MB" >&2
}

# The sources read once before the first build: this VM pages out files idle for a minute (bench/README.md), and
# the single build, run first, would pay for reading them from disk alone.
find "$CORPUS" -type f -exec cat {} + >/dev/null
sync
measure single "$KB" build --content "$CORPUS" --output "$OUT/single" --no-cache --quiet
folders=()
for ((i = 1; i <= SHARDS; i++)); do
  sync
  measure "shard-$i" "$KB" build --content "$CORPUS" --output "$OUT/shard-$i" --no-cache --quiet --shard "$i/$SHARDS"
  folders+=("$OUT/shard-$i")
done
sync
measure merge "$KB" merge "${folders[@]}" --output "$OUT/merged"
diff -r -q "$OUT/single" "$OUT/merged" >/dev/null || die "the merged site differs from the single build"
# `kb merge --move` renames the pages in instead of linking them (the shards are used up).
sync
measure merge-move "$KB" merge "${folders[@]}" --output "$OUT/moved" --move
diff -r -q "$OUT/single" "$OUT/moved" >/dev/null || die "the site merged with --move differs from the single build"

awk -F'\t' -v shards="$SHARDS" '
  $1 == "single" { sw = $2; sr = $3 }
  { label[NR] = $1; wall[NR] = $2; rss[NR] = $3 }
  END {
    printf "| %s | wall | × single | peak RSS | × single |\n|---|---|---|---|---|\n", "n = " shards
    for (i = 1; i <= NR; i++)
      printf "| %s | %.2f s | %.2f× | %d MB | %.2f× |\n", label[i], wall[i], wall[i] / sw, rss[i] / 1024, rss[i] / sr
  }' "$TSV"
echo "shards: the merged site equals the single build, every byte" >&2
empty_trash
