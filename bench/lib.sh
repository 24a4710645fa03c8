# Shared by bench.sh and shards.sh (sourced). On ext4 without a journal (this VM's disk), creating files in the
# minutes after hundreds of thousands were deleted costs several times more: inode allocation skips the recently
# deleted ones (`recently_deleted` in a `perf` profile; 60 s, or 6 min while their inode table is unwritten). A
# user's CI runner starts on a fresh disk, so no measured run may follow a large deletion: old outputs go to a trash
# folder, emptied after the last measurement, and measuring waits out the last emptying.

# trash PATH: moves PATH (if any) into $BENCH/trash on the same filesystem (or deletes it outright on tmpfs, which
# keeps no such state).
trash() {
  [[ -e $1 ]] || return 0
  case $(stat -f -c %T "$1") in
    tmpfs) rm -rf "$1" ;;
    *) mkdir -p "$BENCH/trash"; mv "$1" "$BENCH/trash/$(basename "$1").$(date +%s%N)" ;;
  esac
}

# empty_trash: deletes the trash and notes when, for settle; KEEP_TRASH=1 leaves it to a later script.
empty_trash() {
  [[ -d $BENCH/trash && ${KEEP_TRASH:-0} != 1 ]] || return 0
  rm -rf "$BENCH/trash"; sync
  date +%s >"$BENCH/trash.emptied"
}

# settle: before measuring on disk, waits until the last emptying is 6 minutes old.
settle() {
  [[ -f $BENCH/trash.emptied ]] || return 0
  local wait=$(($(<"$BENCH/trash.emptied") + 360 - $(date +%s)))
  if ((wait > 0)); then
    echo "bench: waiting ${wait}s: the last run's outputs were deleted just now (see bench/lib.sh)" >&2
    sleep "$wait"
  fi
}

# wall_seconds FILE / peak_rss_kb FILE: the elapsed time ("h:mm:ss" or "m:ss.ss", in seconds) and the maximum resident
# set size (KB) that GNU `time -v` wrote to FILE.
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
peak_rss_kb() {
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"
}
