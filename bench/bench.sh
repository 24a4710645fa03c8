#!/usr/bin/env bash
# Benchmark: build the same generated corpus with kb and with Hugo, compare wall time and peak RSS.
# Usage: bash bench/bench.sh [N]   (N articles per locale, 3 locales; default 1000)   env: RUNS=3, SHARED=../shared,
#        OUT_BASE=DIR (where both tools write their output and kb its cache; default .bench; /dev/shm measures CPU)
# See bench/README.md for how to read the output.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."   # repo root
ROOT=$PWD
N=${1:-1000}
RUNS=${RUNS:-3}
SHARED=${SHARED:-$ROOT/../shared}
KB=.build/release/kb
BENCH=.bench
CORPUS=$BENCH/corpus-$N
HUGO_SITE=$BENCH/hugo-site-$N
RESULTS=$BENCH/result-$N.json

die() { echo "bench: error: $*" >&2; exit 2; }
log() { echo "bench: $*" >&2; }

[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer (got '$N')"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
GEN=$SHARED/tools/gen-corpus
HUGO_TEMPLATE=$SHARED/bench/hugo-site
[[ -d $SHARED ]] || die "shared folder not found at $SHARED (expected beside the repo as ../shared; or set SHARED=...)"
[[ -f $GEN ]] || die "corpus generator missing: $GEN"
[[ -f $HUGO_TEMPLATE/hugo.toml.in ]] || die "Hugo reference site missing: $HUGO_TEMPLATE/hugo.toml.in"

# 1. Tools: install what is missing (apt-get update only if something is missing).
missing=()
command -v hugo >/dev/null || missing+=(hugo)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
[[ -f /usr/include/cmark.h ]] || missing+=(libcmark-dev)   # kb's release build links cmark
if ((${#missing[@]})); then
  sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Corpus: deterministic, so reuse it when the marker says it was completed with this N and this generator.
mkdir -p "$BENCH"
marker="$CORPUS.complete"   # beside the corpus, so neither tool sees it as content
stamp="n=$N gen=$(sha256sum "$GEN" | cut -c1-16)"
if [[ -d $CORPUS && -f $marker && $(<"$marker") == "$stamp" ]]; then
  log "reusing $CORPUS"
else
  rm -rf "$CORPUS" "$marker"
  log "generating $CORPUS"
  python3 "$GEN" --out "$CORPUS" --n "$N" >&2
  echo "$stamp" >"$marker"
fi
CORPUS_ABS=$(cd "$CORPUS" && pwd)

# 3. kb: release build when missing or older than any source.
srcs=(Sources Package.swift); [[ -f Package.resolved ]] && srcs+=(Package.resolved)
if [[ ! -x $KB || -n $(find "${srcs[@]}" -newer "$KB" -print -quit) ]]; then
  command -v swift >/dev/null || die "swift not found; cannot build $KB"
  log "building kb (release)"
  swift build -c release --product kb >&2
fi
[[ -x $KB ]] || die "$KB missing after build"

# 4./5. Hugo site: fresh copy of the reference site, hugo.toml pointing at the corpus (contentDir per language).
rm -rf "$HUGO_SITE"; cp -R "$HUGO_TEMPLATE" "$HUGO_SITE"
toml=$(<"$HUGO_SITE/hugo.toml.in")
[[ $toml == *CORPUS* ]] || die "$HUGO_TEMPLATE/hugo.toml.in has no CORPUS placeholder"
printf '%s\n' "${toml//CORPUS/"$CORPUS_ABS"}" >"$HUGO_SITE/hugo.toml"
rm "$HUGO_SITE/hugo.toml.in"

OUT_BASE=${OUT_BASE:-$ROOT/$BENCH}
[[ $OUT_BASE == "$ROOT/$BENCH" ]] || RESULTS=$BENCH/result-$N-$(basename "$OUT_BASE").json
mkdir -p "$OUT_BASE"
OUT_KB=$OUT_BASE/out-kb-$N
OUT_HUGO=$OUT_BASE/out-hugo-$N
runs_tsv=$BENCH/runs-$N.tsv; : >"$runs_tsv"
timing=$(mktemp); trap 'rm -f "$timing"' EXIT

# Busy CPU ticks of the whole machine: minus the tool's own CPU time, it shows other work (e.g. a swift build).
cpu_ticks() { local _c u n s _i _w q sq; read -r _c u n s _i _w q sq _ </proc/stat; echo $((u + n + s + q + sq)); }
HZ=$(getconf CLK_TCK)

# run TOOL OUTDIR TIMED CMD...: cold output dir, /usr/bin/time -v; when TIMED=1 appends
# "tool wall_s rss_kb pages rc other_cpu_s" to the runs file.
run() {
  local tool=$1 out=$2 timed=$3; shift 3
  local rc=0 t0 t1
  rm -rf "$out"; [[ $tool == kb ]] && rm -rf "$KB_CACHE"   # cold: no output, no build cache
  sync   # flush the previous run's writes so they are not billed to this one
  t0=$(cpu_ticks)
  /usr/bin/time -v -o "$timing" "$@" >"$BENCH/$tool-$N.stdout" 2>"$BENCH/$tool-$N.stderr" || rc=$?
  t1=$(cpu_ticks)
  local ok=0
  case $tool in kb) [[ $rc == 0 || $rc == 1 ]] && ok=1 ;; hugo) [[ $rc == 0 ]] && ok=1 ;; esac
  if ((!ok)); then
    tail -n 20 "$BENCH/$tool-$N.stderr" >&2
    die "$tool exited with status $rc (stdout/stderr in $BENCH/$tool-$N.stdout/.stderr)"
  fi
  ((timed)) || return 0
  local wall rss other pages=0
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {   # "h:mm:ss" or "m:ss.ss" -> seconds
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$timing")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
  other=$(awk -F': ' -v ticks=$((t1 - t0)) -v hz="$HZ" '/(User|System) time/ { own += $2 }
    END { x = ticks / hz - own; printf "%.2f", (x > 0 ? x : 0) }' "$timing")
  [[ -d $out ]] && pages=$(find "$out" -name index.html -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$wall" "$rss" "$pages" "$rc" "$other" >>"$runs_tsv"
}
KB_CACHE=$OUT_BASE/kb-cache-$N
kb_cmd=("$KB" build --content "$CORPUS" --output "$OUT_KB" --cache-dir "$KB_CACHE")
hugo_cmd=(hugo --source "$HUGO_SITE" --destination "$OUT_HUGO")   # timed runs add --quiet

log "warm-up (1 run each)"
run kb "$OUT_KB" 0 "${kb_cmd[@]}"
run hugo "$OUT_HUGO" 0 "${hugo_cmd[@]}"   # not --quiet here: in Hugo 0.111 it also hides warnings (broken links)
cat "$BENCH/hugo-$N.stdout" "$BENCH/hugo-$N.stderr" >"$BENCH/hugo-$N.warmup.log"   # 0.111 warns on stdout
hugo_warn=$(grep -c '^WARN' "$BENCH/hugo-$N.warmup.log" || true)
for ((i = 1; i <= RUNS; i++)); do   # interleaved, so drift in machine load hits both tools alike
  log "timed run $i/$RUNS"
  run kb "$OUT_KB" 1 "${kb_cmd[@]}"
  run hugo "$OUT_HUGO" 1 "${hugo_cmd[@]}" --quiet
done
log "kb said: $(tail -n 1 "$BENCH/kb-$N.stdout")"

# 5b. Warm rebuilds: the site and the build cache of the last cold run stay; one article's body changes each time.
warm_tsv=$BENCH/warm-$N.tsv; : >"$warm_tsv"
edited=$(find "$CORPUS/en-us" -name '*.md' | sort | sed -n 1p)
cp "$edited" "$BENCH/edited.orig"
trap 'rm -f "$timing"; [[ -f $BENCH/edited.orig ]] && mv "$BENCH/edited.orig" "$edited"' EXIT
for ((i = 1; i <= RUNS; i++)); do
  log "warm one-edit rebuild $i/$RUNS"
  printf '\nA warm rebuild edit number %s.\n' "$i" >>"$edited"
  touch "$BENCH/marker"; sleep 0.01
  /usr/bin/time -v -o "$timing" "${kb_cmd[@]}" >"$BENCH/kb-warm-$N.stdout" 2>"$BENCH/kb-warm-$N.stderr" \
    || die "warm kb build failed (see $BENCH/kb-warm-$N.stderr)"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$timing")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
  files=$(find "$OUT_KB" -newer "$BENCH/marker" -type f | wc -l)
  printf '%s\t%s\t%s\n' "$wall" "$rss" "$files" >>"$warm_tsv"
done
mv "$BENCH/edited.orig" "$edited"
((hugo_warn == 0)) || log "hugo warned $hugo_warn time(s) in the warm-up; see $BENCH/hugo-$N.warmup.log"

# 6. Table + JSON (medians over the timed runs).
python3 - "$runs_tsv" "$RESULTS" "$N" "$RUNS" "$(hugo version | awk '{print $2}')" "$hugo_warn" "$warm_tsv" <<'EOF'
import json, statistics, sys
_, tsv, out, n, runs, hugo_version, hugo_warnings, warm_tsv = sys.argv
n, runs, hugo_warnings = int(n), int(runs), int(hugo_warnings)
rows = [line.split("\t") for line in open(tsv).read().splitlines()]
res = {}
for tool in ("kb", "hugo"):
    mine = [r for r in rows if r[0] == tool]
    walls = [float(r[1]) for r in mine]
    rss_mb = [int(r[2]) / 1024 for r in mine]
    res[tool] = {
        "pages": int(mine[-1][3]),
        "wall_s_median": round(statistics.median(walls), 3),
        "wall_s_runs": walls,
        "peak_rss_mb_median": round(statistics.median(rss_mb), 1),
        "exit_code": int(mine[-1][4]),
        "other_cpu_s_runs": [float(r[5]) for r in mine],   # CPU used by other processes meanwhile
    }
res["hugo"].update(version=hugo_version, warnings=hugo_warnings)
k, h = res["kb"], res["hugo"]
ratio = {"time": round(k["wall_s_median"] / h["wall_s_median"], 3) if h["wall_s_median"] else None,
         "memory": round(k["peak_rss_mb_median"] / h["peak_rss_mb_median"], 3)}
warm_rows = [line.split("\t") for line in open(warm_tsv).read().splitlines()]
warm = {"wall_s_runs": [float(r[0]) for r in warm_rows], "peak_rss_mb_runs": [round(int(r[1]) / 1024, 1) for r in warm_rows],
        "files_written_runs": [int(r[2]) for r in warm_rows]}
warm["wall_s_median"] = round(statistics.median(warm["wall_s_runs"]), 3)
warm["over_hugo_full_build"] = round(warm["wall_s_median"] / h["wall_s_median"], 3) if h["wall_s_median"] else None
doc = {"n_per_locale": n, "locales": 3, "runs": runs, "kb": k, "hugo": h, "ratio_kb_over_hugo": ratio,
       "kb_warm_one_edit": warm}
with open(out, "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")
print(f"\nN={n} per locale x 3 locales, median of {runs} run(s), cold output, warm file cache\n")
print(f"{'tool':<7} {'pages':>7} {'wall s':>8} {'(min-max)':>13} {'peak RSS MB':>12}")
for name, r in (("kb", k), ("hugo", h)):
    spread = f"({min(r['wall_s_runs']):.2f}-{max(r['wall_s_runs']):.2f})"
    print(f"{name:<7} {r['pages']:>7} {r['wall_s_median']:>8.2f} {spread:>13} {r['peak_rss_mb_median']:>12.1f}")
fmt = lambda x: "n/a" if x is None else f"{x:.2f}x"
print(f"{'kb/hugo':<7} {'':>7} {fmt(ratio['time']):>8} {'':>13} {fmt(ratio['memory']):>12}")
spread = f"({min(warm['wall_s_runs']):.2f}-{max(warm['wall_s_runs']):.2f})"
print(f"\nkb warm rebuild after one body edit (build cache and site kept): {warm['wall_s_median']:.2f} s {spread}, "
      f"{fmt(warm['over_hugo_full_build'])} of Hugo's full build, files written {warm['files_written_runs']}, "
      f"peak RSS {max(warm['peak_rss_mb_runs']):.0f} MB")
if k["exit_code"] == 1:
    print("note: kb exited 1 (content errors reported); see its stdout/stderr in .bench/")
noisy = sum(o > 0.1 * w for r in (k, h) for o, w in zip(r["other_cpu_s_runs"], r["wall_s_runs"]))
if noisy:
    print(f"warning: other processes used the CPUs during {noisy} of {2 * runs} runs; figures are noisy")
print(f"\nwrote {out}")
EOF
