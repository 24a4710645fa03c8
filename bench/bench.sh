#!/usr/bin/env bash
# Benchmark: build the same generated corpus with kb, with Hugo and with Hugo + Pagefind; compare wall time and peak
# RSS with the output on disk (what users feel) and on tmpfs (CPU), and time kb's warm one-edit rebuild.
# Usage: bash bench/bench.sh [N]   (N articles per locale, 3 locales; default 1000)   env: RUNS=3, SHARED=../shared,
#        LOCATIONS="disk tmpfs" (disk: .bench/; tmpfs: /dev/shm/kb-bench), PAGEFIND=0 skips Pagefind.
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
source bench/lib.sh
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
[[ -f /usr/include/mimalloc.h ]] || missing+=(libmimalloc-dev)   # and mimalloc
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
  trash "$CORPUS"; rm -f "$marker"
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

LOCATIONS=${LOCATIONS:-disk tmpfs}
PAGEFIND=${PAGEFIND:-1}
pagefind_cmd=()
if ((PAGEFIND)); then   # Hugo has no search of its own: Pagefind is what a Hugo site adds for it
  for mod in pagefind pagefind_bin_extended pagefind_bin; do
    if python3 -m "$mod" --version >/dev/null 2>&1; then pagefind_cmd=(python3 -m "$mod"); break; fi
  done
  if ((${#pagefind_cmd[@]} == 0)); then
    log "installing Pagefind (pip install pagefind-bin-extended)"
    if python3 -m pip install -q pagefind-bin-extended >&2 2>/dev/null; then pagefind_cmd=(python3 -m pagefind_bin_extended)
    else log "Pagefind unavailable: the hugo+pagefind rows are skipped"; fi
  fi
fi
runs_tsv=$BENCH/runs-$N.tsv; : >"$runs_tsv"
timings_tsv=$BENCH/timings-$N.tsv; : >"$timings_tsv"
timing=$(mktemp); trap 'rm -f "$timing"' EXIT

# Busy CPU ticks of the whole machine: minus the tool's own CPU time, it shows other work (e.g. a swift build).
cpu_ticks() { local _c u n s _i _w q sq; read -r _c u n s _i _w q sq _ </proc/stat; echo $((u + n + s + q + sq)); }
HZ=$(getconf CLK_TCK)

# run TOOL OUTDIR TIMED CMD...: cold output dir (pagefind: its bundle only), /usr/bin/time -v; when TIMED=1 appends
# "location tool wall_s rss_kb pages rc other_cpu_s" to the runs file.
run() {
  local tool=$1 out=$2 timed=$3; shift 3
  local rc=0 t0 t1
  trash "$out"; [[ $tool == kb ]] && trash "$KB_CACHE"   # cold: no output, no build cache
  sync   # flush the previous run's writes so they are not billed to this one
  t0=$(cpu_ticks)
  /usr/bin/time -v -o "$timing" "$@" >"$BENCH/$tool-$N.stdout" 2>"$BENCH/$tool-$N.stderr" || rc=$?
  t1=$(cpu_ticks)
  local ok=0
  case $tool in kb) [[ $rc == 0 || $rc == 1 ]] && ok=1 ;; *) [[ $rc == 0 ]] && ok=1 ;; esac
  if ((!ok)); then
    tail -n 20 "$BENCH/$tool-$N.stderr" >&2
    die "$tool exited with status $rc (stdout/stderr in $BENCH/$tool-$N.stdout/.stderr)"
  fi
  ((timed)) || return 0
  local wall rss other pages=0
  wall=$(wall_seconds "$timing")
  rss=$(peak_rss_kb "$timing")
  other=$(awk -F': ' -v ticks=$((t1 - t0)) -v hz="$HZ" '/(User|System) time/ { own += $2 }
    END { x = ticks / hz - own; printf "%.2f", (x > 0 ? x : 0) }' "$timing")
  [[ -d $out && $tool != pagefind ]] && pages=$(find "$out" -name index.html -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$location" "$tool" "$wall" "$rss" "$pages" "$rc" "$other" >>"$runs_tsv"
}

hugo_warn=0
for location in $LOCATIONS; do
  case $location in
    disk) OUT_BASE=$ROOT/$BENCH ;;
    tmpfs) OUT_BASE=/dev/shm/kb-bench ;;
    *) die "unknown location '$location' (disk or tmpfs)" ;;
  esac
  mkdir -p "$OUT_BASE"
  [[ $location == disk ]] && settle
  OUT_KB=$OUT_BASE/out-kb-$N
  OUT_HUGO=$OUT_BASE/out-hugo-$N
  OUT_PAGEFIND=$OUT_BASE/pagefind-$N
  KB_CACHE=$OUT_BASE/kb-cache-$N
  kb_cmd=("$KB" build --content "$CORPUS" --output "$OUT_KB" --cache-dir "$KB_CACHE" --timings)
  hugo_cmd=(hugo --source "$HUGO_SITE" --destination "$OUT_HUGO")   # timed runs add --quiet
  pf_cmd=("${pagefind_cmd[@]}" --site "$OUT_HUGO" --output-path "$OUT_PAGEFIND" --quiet)

  log "$location: warm-up (1 run each)"
  run kb "$OUT_KB" 0 "${kb_cmd[@]}"
  run hugo "$OUT_HUGO" 0 "${hugo_cmd[@]}"   # not --quiet here: in Hugo 0.111 it also hides warnings (broken links)
  cat "$BENCH/hugo-$N.stdout" "$BENCH/hugo-$N.stderr" >"$BENCH/hugo-$N.warmup.log"   # 0.111 warns on stdout
  hugo_warn=$(grep -c '^WARN' "$BENCH/hugo-$N.warmup.log" || true)
  for ((i = 1; i <= RUNS; i++)); do   # interleaved, so drift in machine load hits every tool alike
    log "$location: timed run $i/$RUNS"
    run kb "$OUT_KB" 1 "${kb_cmd[@]}"
    # kb --timings: one line per stage on stderr ("discover       0.050 s")
    awk -v loc="$location" '$NF == "s" && NF >= 3 { stage = $1; for (i = 2; i < NF - 1; i++) stage = stage " " $i;
      printf "%s\t%s\t%s\n", loc, stage, $(NF - 1) }' "$BENCH/kb-$N.stderr" >>"$timings_tsv"
    run hugo "$OUT_HUGO" 1 "${hugo_cmd[@]}" --quiet
    ((${#pagefind_cmd[@]})) && run pagefind "$OUT_PAGEFIND" 1 "${pf_cmd[@]}"
  done
  log "kb said: $(tail -n 1 "$BENCH/kb-$N.stdout")"
  [[ $location == tmpfs ]] && rm -rf "$OUT_BASE"   # RAM: give it back
done
# The warm rebuilds run on disk, where users feel them.
OUT_BASE=$ROOT/$BENCH
OUT_KB=$OUT_BASE/out-kb-$N
KB_CACHE=$OUT_BASE/kb-cache-$N
kb_cmd=("$KB" build --content "$CORPUS" --output "$OUT_KB" --cache-dir "$KB_CACHE")
if [[ ! -d $OUT_KB ]]; then run kb "$OUT_KB" 0 "${kb_cmd[@]}"; fi

# One rebuild into the kept site, timed: appends "wall rss files-written" to TSV. Usage: rebuild TSV NAME CMD...
rebuild() {
  local tsv=$1 name=$2; shift 2
  touch "$BENCH/marker"; sleep 0.01
  /usr/bin/time -v -o "$timing" "$@" >"$BENCH/kb-$name-$N.stdout" 2>"$BENCH/kb-$name-$N.stderr" \
    || die "$name kb build failed (see $BENCH/kb-$name-$N.stderr)"
  local wall rss files
  wall=$(wall_seconds "$timing")
  rss=$(peak_rss_kb "$timing")
  files=$(find "$OUT_KB" -newer "$BENCH/marker" -type f | wc -l)
  printf '%s\t%s\t%s\n' "$wall" "$rss" "$files" >>"$tsv"
}

# 5b. Warm rebuilds: the site and the build cache of the last cold run stay; one article's body changes each time.
warm_tsv=$BENCH/warm-$N.tsv; : >"$warm_tsv"
edited=$(find "$CORPUS/en-us" -name '*.md' | sort | sed -n 1p)
cp "$edited" "$BENCH/edited.orig"
trap 'rm -f "$timing"; [[ -f $BENCH/edited.orig ]] && mv "$BENCH/edited.orig" "$edited"' EXIT
# At least three: the first follows minutes of other tools' runs, and on a VM that pages out memory idle for a minute
# (DAMON `pageout`, as here) it reads the cache, the sources' inodes and kb itself from disk; the next ones are the
# edit-rebuild loop a writer runs. The table gives the first and the median (bench/README.md).
WARM_RUNS=$((RUNS > 3 ? RUNS : 3))
for ((i = 1; i <= WARM_RUNS; i++)); do
  log "warm one-edit rebuild $i/$WARM_RUNS"
  printf '\nA warm rebuild edit number %s.\n' "$i" >>"$edited"
  rebuild "$warm_tsv" warm "${kb_cmd[@]}" --timings
  grep ' s$' "$BENCH/kb-warm-$N.stderr" | sed "s/^/bench: warm $i: /" >&2 || true
done
mv "$BENCH/edited.orig" "$edited"

# 5c. A template change: every page made again (the build cache keeps the parse), bytes unchanged, once. A copy of the
# templates with a file added changes the render key and no page; the first build from the copy is warm (same key).
template_tsv=$BENCH/template-$N.tsv; : >"$template_tsv"
templates_copy=$ROOT/$BENCH/templates-copy
rm -rf "$templates_copy"; cp -R templates "$templates_copy"
kb_tpl=("${kb_cmd[@]}" --templates "$templates_copy")
"${kb_tpl[@]}" >/dev/null 2>&1 || die "kb build with the templates copy failed"
log "template change rebuild"
echo "bench $(date +%s)" >"$templates_copy/bench-note.txt"
rebuild "$template_tsv" template "${kb_tpl[@]}"
rm -rf "$templates_copy"
((hugo_warn == 0)) || log "hugo warned $hugo_warn time(s) in the warm-up; see $BENCH/hugo-$N.warmup.log"

# 6. Table + JSON (medians over the timed runs).
pagefind_version=""
((${#pagefind_cmd[@]})) && pagefind_version=$("${pagefind_cmd[@]}" --version 2>/dev/null || true)
python3 bench/bench-table.py "$runs_tsv" "$RESULTS" "$N" "$RUNS" "$(hugo version | awk '{print $2}')" "$hugo_warn" \
  "$warm_tsv" "$timings_tsv" "$pagefind_version" "$template_tsv"
# The outputs replaced on the way are deleted only now that nothing is measured (bench/lib.sh).
empty_trash
