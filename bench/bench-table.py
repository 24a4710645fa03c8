"""The table and JSON of bench/bench.sh: medians over the timed runs, for each output location (disk, tmpfs).

Usage (bench.sh calls it): python3 bench/bench-table.py RUNS_TSV RESULT_JSON N RUNS HUGO_VERSION HUGO_WARNINGS
                                  WARM_TSV TIMINGS_TSV PAGEFIND_VERSION
RUNS_TSV rows: location, tool (kb, hugo, pagefind), wall s, peak RSS KB, pages, exit code, other processes' CPU s.
Hugo + Pagefind is Hugo's run plus the Pagefind run over its output that followed it.
"""
import json
import statistics
import sys

_, tsv, out, n, runs, hugo_version, hugo_warnings, warm_tsv, timings_tsv, pagefind_version, template_tsv = sys.argv
n, runs, hugo_warnings = int(n), int(runs), int(hugo_warnings)
rows = [line.split("\t") for line in open(tsv).read().splitlines()]
locations = list(dict.fromkeys(r[0] for r in rows))


def med(xs):
    return round(statistics.median(xs), 3)


def tool(location, name):
    mine = [r for r in rows if r[0] == location and r[1] == name]
    if not mine:
        return None
    return {"pages": int(mine[-1][4]), "wall_s_runs": [float(r[2]) for r in mine],
            "peak_rss_mb_runs": [round(int(r[3]) / 1024, 1) for r in mine], "exit_code": int(mine[-1][5]),
            "other_cpu_s_runs": [float(r[6]) for r in mine]}  # CPU used by other processes meanwhile


res = {}
for location in locations:
    tools = {name: tool(location, name) for name in ("kb", "hugo", "pagefind")}
    pf = tools.pop("pagefind")
    if pf and tools["hugo"]:
        h = tools["hugo"]
        tools["hugo+pagefind"] = {
            "pages": h["pages"], "exit_code": pf["exit_code"],
            "wall_s_runs": [round(a + b, 3) for a, b in zip(h["wall_s_runs"], pf["wall_s_runs"])],
            "peak_rss_mb_runs": [max(a, b) for a, b in zip(h["peak_rss_mb_runs"], pf["peak_rss_mb_runs"])],
            "other_cpu_s_runs": [a + b for a, b in zip(h["other_cpu_s_runs"], pf["other_cpu_s_runs"])]}
    for r in tools.values():
        if r:
            r["wall_s_median"] = med(r["wall_s_runs"])
            r["peak_rss_mb_median"] = med(r["peak_rss_mb_runs"])
    k = tools["kb"]
    for name, r in tools.items():
        if r and name != "kb":
            r["kb_over"] = {"time": round(k["wall_s_median"] / r["wall_s_median"], 3),
                            "memory": round(k["peak_rss_mb_median"] / r["peak_rss_mb_median"], 3)}
    res[location] = {name: r for name, r in tools.items() if r}

stages = {}
for line in open(timings_tsv).read().splitlines():
    location, stage, seconds = line.split("\t")
    stages.setdefault(stage, {}).setdefault(location, []).append(float(seconds))
timings = {stage: {loc: med(xs) for loc, xs in per.items()} for stage, per in stages.items()}

warm_rows = [line.split("\t") for line in open(warm_tsv).read().splitlines()]
warm = {"wall_s_runs": [float(r[0]) for r in warm_rows],
        "peak_rss_mb_runs": [round(int(r[1]) / 1024, 1) for r in warm_rows],
        "files_written_runs": [int(r[2]) for r in warm_rows], "location": "disk"}
warm["wall_s_median"] = med(warm["wall_s_runs"])
warm["wall_s_first"] = warm["wall_s_runs"][0]
reference = (res.get("disk") or next(iter(res.values())))["hugo"]
warm["over_hugo_full_build"] = round(warm["wall_s_median"] / reference["wall_s_median"], 3)
template_rows = [line.split("\t") for line in open(template_tsv).read().splitlines()]
template = {"wall_s": float(template_rows[0][0]), "peak_rss_mb": round(int(template_rows[0][1]) / 1024, 1),
            "files_written": int(template_rows[0][2]), "location": "disk"} if template_rows else None
if template:
    template["over_hugo_full_build"] = round(template["wall_s"] / reference["wall_s_median"], 3)
doc = {"n_per_locale": n, "locales": 3, "runs": runs, "hugo": {"version": hugo_version, "warnings": hugo_warnings},
       "pagefind": pagefind_version or None, "locations": res, "kb_timings_s": timings, "kb_warm_one_edit": warm,
       "kb_template_change": template}
with open(out, "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")

print(f"\nN={n} per locale x 3 locales, median of {runs} run(s), cold output, warm file cache "
      f"(disk: .bench/, tmpfs: /dev/shm)\n")
print(f"{'output':<6} {'tool':<14} {'pages':>6} {'wall s':>7} {'(min-max)':>13} {'RSS MB':>7} "
      f"{'kb/tool time':>13} {'kb/tool RSS':>12}")
for location, tools in res.items():
    for name, r in tools.items():
        spread = f"({min(r['wall_s_runs']):.2f}-{max(r['wall_s_runs']):.2f})"
        over = r.get("kb_over")
        ratio = f"{over['time']:>12.2f}x {over['memory']:>11.2f}x" if over else ""
        print(f"{location:<6} {name:<14} {r['pages']:>6} {r['wall_s_median']:>7.2f} {spread:>13} "
              f"{r['peak_rss_mb_median']:>7.0f} {ratio}")
print(f"\nkb build --timings, median s per stage ({'/'.join(locations)}):")
for stage, per in timings.items():
    print(f"  {stage:<15} " + " / ".join(f"{per.get(loc, 0):6.2f}" for loc in locations))
spread = f"({min(warm['wall_s_runs']):.2f}-{max(warm['wall_s_runs']):.2f})"
print(f"\nkb warm rebuild after one body edit (on disk, build cache and site kept): {warm['wall_s_median']:.2f} s {spread}, "
      f"the first {warm['wall_s_first']:.2f} s, "
      f"{warm['over_hugo_full_build']:.3f}x Hugo's full build, files written {warm['files_written_runs']}, "
      f"peak RSS {max(warm['peak_rss_mb_runs']):.0f} MB")
if template:
    print(f"kb rebuild after a template change (every page made again, bytes unchanged; on disk): {template['wall_s']:.2f} s, "
          f"{template['over_hugo_full_build']:.3f}x Hugo's full build, files written {template['files_written']}, "
          f"peak RSS {template['peak_rss_mb']:.0f} MB")
if any(t["kb"]["exit_code"] == 1 for t in res.values()):
    print("note: kb exited 1 (content errors reported); see its stdout/stderr in .bench/")
noisy = sum(o > 0.1 * w for t in res.values() for name, r in t.items() if name != "hugo+pagefind"
            for o, w in zip(r["other_cpu_s_runs"], r["wall_s_runs"]))
if noisy:
    print(f"warning: other processes used the CPUs during {noisy} runs; figures are noisy")
print(f"\nwrote {out}")
