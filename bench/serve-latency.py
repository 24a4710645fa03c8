#!/usr/bin/env python3
"""Save -> served latency of a live-reload preview server: `kb serve` beside `hugo server`, same generated corpus.

Usage: python3 bench/serve-latency.py N [--iterations K] [--tools hugo,kb] [--timeout S]
  N          articles per locale (3 locales), the corpus of `bench/bench.sh N` (.bench/corpus-N, generated if missing)
  --tools    comma list of: kb, hugo (plain `hugo server`: in-memory, fast render mode),
             hugo-full (`hugo server --disableFastRender`). Default: hugo,kb
  env SHARED=path  the shared folder (default ../shared beside the repo), as for bench.sh

For each tool: start the server on a free loopback port in its own process group, poll one article URL until it
answers 200 (= startup time), then K times: GET another article once (as an open browser tab would), save it with a
unique marker appended to its first body paragraph (plain open/write/close, like an editor), and poll its URL about
every millisecond, a new connection per request, until the body contains the marker (= save -> served latency; no
answer within --timeout s counts as a failure). Between saves: --pause (300 ms) so the previous save's event batching is
over, plus a random 0-500 ms (see JITTER_S). The edited files are restored and the server's process group is killed
(SIGTERM, SIGKILL after 5 s) also on error / Ctrl-C.

Exit status: 0 measured (a missing kb binary is skipped with a message), 1 a server failed to start or a save was not
served within --timeout, 2 usage / setup error, 130 interrupted.

Both tools serve the same copy of the corpus, .bench/serve-corpus-N (the build benchmark's .bench/corpus-N is never
touched); Hugo uses the reference site ../shared/bench/hugo-site laid out as bench.sh does, in
.bench/serve-hugo-site-N with contentDir pointing at the copy. Table on stdout, JSON in .bench/serve-result-N.json
(entries of tools not measured in this run are kept from the previous file). Stdlib only.
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # repo root
BENCH = os.path.join(ROOT, ".bench")
KB = os.path.join(ROOT, ".build", "release", "kb")
TOOLS = ("kb", "hugo", "hugo-full")
PAUSE_S = 0.3          # default --pause: lets the previous save's event batching / rebuild finish
# Plus a random 0-500 ms, so saves do not fall at a fixed phase of a server's periodic event batching (hugo server
# flushes file events on a 500 ms ticker: with a fixed pause every save landed ~200 ms before a flush).
JITTER_S = 0.5
POLL_SLEEP_S = 0.001   # between polls
MARKER_PREFIX = "kbbenchmarker"  # lowercase ASCII letters/digits only: survives Markdown rendering unchanged


def log(msg):
    print(f"serve-latency: {msg}", file=sys.stderr, flush=True)


def die(msg):
    log(f"error: {msg}")
    sys.exit(2)


# ---------------------------------------------------------------- corpus and site (same layout as bench.sh)

def corpus_stamp(gen, n):
    """The marker text bench.sh writes beside a completed corpus: "n=N gen=<first 16 hex of the generator's sha256>"."""
    with open(gen, "rb") as f:
        return f"n={n} gen={hashlib.sha256(f.read()).hexdigest()[:16]}"


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


def write_text(path, text):
    with open(path, "w") as f:
        f.write(text + "\n")


def ensure_corpus(shared, n):
    """bench.sh step 2: reuse .bench/corpus-N when its marker matches, else generate it (deterministic)."""
    gen = os.path.join(shared, "tools", "gen-corpus")
    if not os.path.isfile(gen):
        die(f"corpus generator missing: {gen} (set SHARED=...)")
    corpus, marker = os.path.join(BENCH, f"corpus-{n}"), os.path.join(BENCH, f"corpus-{n}.complete")
    stamp = corpus_stamp(gen, n)
    if os.path.isdir(corpus) and read_text(marker) == stamp:
        log(f"reusing .bench/corpus-{n}")
    else:
        shutil.rmtree(corpus, ignore_errors=True)
        if os.path.exists(marker):
            os.remove(marker)
        log(f"generating .bench/corpus-{n} (takes a while for large N)")
        os.makedirs(BENCH, exist_ok=True)
        subprocess.run([sys.executable, gen, "--out", corpus, "--n", str(n)], check=True, stdout=sys.stderr)
        write_text(marker, stamp)
    return corpus, stamp


def ensure_serve_copy(corpus, stamp, n):
    """The copy the servers watch. Its marker is removed while files are edited and written back after they are
    restored, so a copy left dirty by a killed run is recopied next time."""
    copy, marker = os.path.join(BENCH, f"serve-corpus-{n}"), os.path.join(BENCH, f"serve-corpus-{n}.complete")
    if os.path.isdir(copy) and read_text(marker) == stamp:
        log(f"reusing .bench/serve-corpus-{n}")
    else:
        log(f"copying .bench/corpus-{n} -> .bench/serve-corpus-{n}")
        shutil.rmtree(copy, ignore_errors=True)
        if os.path.exists(marker):
            os.remove(marker)
        shutil.copytree(corpus, copy)
        write_text(marker, stamp)
    return copy, marker


def make_hugo_site(shared, content, n):
    """bench.sh steps 4/5: fresh copy of the reference site, hugo.toml from hugo.toml.in with CORPUS -> content."""
    template = os.path.join(shared, "bench", "hugo-site")
    toml_in = os.path.join(template, "hugo.toml.in")
    if not os.path.isfile(toml_in):
        die(f"Hugo reference site missing: {toml_in}")
    site = os.path.join(BENCH, f"serve-hugo-site-{n}")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(template, site)
    for d, _, _ in os.walk(site):  # the template's folders are read-only; hugo server writes a lock file / resources/
        os.chmod(d, 0o755)
    with open(toml_in) as f:
        toml = f.read()
    if "CORPUS" not in toml:
        die(f"{toml_in} has no CORPUS placeholder")
    with open(os.path.join(site, "hugo.toml"), "w") as f:
        f.write(toml.replace("CORPUS", os.path.abspath(content)))
    os.remove(os.path.join(site, "hugo.toml.in"))
    return site


# ---------------------------------------------------------------- articles

def list_articles(content):
    """Relative paths "<locale>/<section>/<slug>.md" of every article, sorted (toc.yml etc. are not articles)."""
    out = []
    for d, dirs, files in os.walk(content):
        dirs.sort()
        out += [os.path.relpath(os.path.join(d, f), content) for f in files if f.endswith(".md")]
    return sorted(out)


def article_url(rel):
    """Both tools serve content/<locale>/<path>.md at /<locale>/<path lowercased, spaces as dashes>/ (Hugo's default
    pretty URLs with defaultContentLanguageInSubdir; kb's documented scheme). gen-corpus paths are already ASCII
    lowercase with dashes, so the rule only matters for hand-made content."""
    return "/" + rel[:-len(".md")].lower().replace(" ", "-") + "/"


def with_marker(original, marker):
    """The article with " <marker>" appended to its first body paragraph: the first non-empty line after the H1
    that is plain text (not a heading, list, quote, table, fence, HTML or emphasis-only line)."""
    lines = original.split("\n")
    i = 0
    if lines and lines[0] == "---":  # skip front matter
        i = lines.index("---", 1) + 1
    while i < len(lines) and not lines[i].startswith("# "):
        i += 1
    for j in range(i + 1, len(lines)):
        s = lines[j].strip()
        if s and not s.startswith(("#", "-", "*", ">", "|", "`", "<", "_", "1.")):
            lines[j] += " " + marker
            return "\n".join(lines)
    raise ValueError("no body paragraph after the H1")


# ---------------------------------------------------------------- HTTP, processes, CPU

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=5.0):
    """(status, body bytes) of one GET on a new connection; (None, b"") when the server does not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cache-Control": "no-cache"})
        r = conn.getresponse()
        return r.status, r.read()
    except (OSError, http.client.HTTPException):
        return None, b""
    finally:
        conn.close()


def busy_ticks():
    """Busy CPU ticks of the whole machine (user+nice+system+irq+softirq), as bench.sh's cpu_ticks."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:8]]
    return v[0] + v[1] + v[2] + v[5] + v[6]


def proc_cpu_ticks(pid):
    """utime+stime (all threads) of a live process, 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def stop(proc):
    """SIGTERM to the server's process group, SIGKILL after 5 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def log_tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


# ---------------------------------------------------------------- one tool

def server_command(tool, port, content, hugo_site, kb):
    if tool == "kb":
        return [kb, "serve", "--content", content, "--templates", "templates", "--port", str(port),
                "--host", "127.0.0.1"]
    cmd = ["hugo", "server", "--source", hugo_site, "--port", str(port), "--bind", "127.0.0.1"]
    return cmd + (["--disableFastRender"] if tool == "hugo-full" else [])


def measure(tool, n, content, hugo_site, kb, picks, args):
    port = free_port()
    cmd = server_command(tool, port, content, hugo_site, kb)
    logfile = os.path.join(BENCH, f"serve-{tool}-{n}.log")
    originals = {}  # rel path -> original bytes of every file this run has written
    res = {"command": " ".join(cmd), "iterations": [], "log": os.path.relpath(logfile, ROOT)}
    log(f"{tool}: {res['command']}")
    with open(logfile, "wb") as out:
        t_launch = time.monotonic()
        # Own session/process group, so stop() also gets anything the server spawns. cwd = repo root (templates/).
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        # Startup: launch -> first 200 on the first article's URL.
        first = article_url(picks[0])
        deadline = t_launch + args.startup_timeout
        while True:
            status, _ = get(port, first)
            if status == 200:
                break
            if proc.poll() is not None:
                raise RuntimeError(f"{tool} exited with status {proc.returncode} before serving {first}:\n"
                                   f"{log_tail(logfile)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{tool} did not serve {first} with 200 within {args.startup_timeout} s "
                                   f"(last status {status}); see {logfile}")
            time.sleep(0.01)
        res["startup_s"] = round(time.monotonic() - t_launch, 3)
        log(f"{tool}: serving after {res['startup_s']:.2f} s on port {port}")
        time.sleep(1.0)  # let post-startup work (e.g. watcher setup) settle before the first save

        ticks0, server0, own0 = busy_ticks(), proc_cpu_ticks(proc.pid), os.times()
        t_start = time.monotonic()
        rng = random.Random(f"serve-latency-markers-{n}")
        for i, rel in enumerate(picks, 1):
            url, path = article_url(rel), os.path.join(content, rel)
            # The page is "open in the browser" before the save (also registers it with Hugo's fast render mode).
            status, body = get(port, url)
            if status != 200:
                why = f"answered {status}" if status else "got no answer" + (
                    f" (server exited with status {proc.returncode})" if proc.poll() is not None else "")
                raise RuntimeError(f"{tool}: GET {url} {why} before the save; see {logfile}")
            marker = f"{MARKER_PREFIX}{i}x{rng.getrandbits(40):010x}"
            with open(path, "rb") as f:
                original = f.read()
            originals.setdefault(rel, original)
            new = with_marker(original.decode("utf-8"), marker).encode("utf-8")
            with open(path, "wb") as f:  # plain save: truncate + write + close
                f.write(new)
            t0 = time.monotonic()
            polls, ms = 0, None
            while time.monotonic() - t0 < args.timeout:
                status, body = get(port, url)
                polls += 1
                if status is None and proc.poll() is not None:
                    raise RuntimeError(f"{tool} exited with status {proc.returncode} after a save:\n"
                                       f"{log_tail(logfile)}")
                if status == 200 and marker.encode() in body:
                    ms = round((time.monotonic() - t0) * 1000, 1)
                    break
                time.sleep(POLL_SLEEP_S)
            res["iterations"].append({"article": rel, "url": url, "ms": ms, "polls": polls})
            log(f"{tool}: {i}/{len(picks)} {url} -> " + (f"{ms:.1f} ms" if ms is not None else
                                                         f"FAILED (not served within {args.timeout:g} s)"))
            time.sleep(args.pause + rng.random() * JITTER_S)
        wall = time.monotonic() - t_start
        hz = os.sysconf("SC_CLK_TCK")
        own = sum(os.times()[:2]) - sum(own0[:2])
        server_s = (proc_cpu_ticks(proc.pid) - server0) / hz
        other = (busy_ticks() - ticks0) / hz - server_s - own
        res.update(server_cpu_s=round(server_s, 2), other_cpu_s=round(max(other, 0.0), 2),
                   measure_wall_s=round(wall, 2), peak_rss_mb=peak_rss_mb(proc.pid))
    finally:
        stop(proc)
        for rel, original in originals.items():
            with open(os.path.join(content, rel), "wb") as f:
                f.write(original)
    if tool.startswith("hugo"):
        # Hugo logs "Total in N ms" per rebuild: its own rebuild time, without the wait for its event batching.
        res["server_rebuild_ms"] = [int(m) for m in re.findall(r"^Total in (\d+) ms", log_tail(logfile, 10**6), re.M)]
    ok = [it["ms"] for it in res["iterations"] if it["ms"] is not None]
    res.update(ok=len(ok), failures=len(res["iterations"]) - len(ok),
               median_ms=round(statistics.median(ok), 1) if ok else None,
               min_ms=min(ok) if ok else None, max_ms=max(ok) if ok else None)
    return res


# ---------------------------------------------------------------- main

def median_or_none(xs):
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="articles per locale (3 locales)")
    ap.add_argument("--iterations", "-k", type=int, default=10, help="saves per tool (default 10)")
    ap.add_argument("--tools", default="hugo,kb", help="comma list of kb, hugo, hugo-full (default hugo,kb)")
    ap.add_argument("--timeout", type=float, default=30, help="s to wait for one save to be served (default 30)")
    ap.add_argument("--startup-timeout", type=float, default=900, help="s to wait for the first 200 (default 900)")
    ap.add_argument("--pause", type=float, default=PAUSE_S,
                    help=f"s from a save being served to the next save, plus 0-{JITTER_S:g} s (default {PAUSE_S:g})")
    ap.add_argument("--kb", default=KB, help="kb binary (default .build/release/kb)")
    args = ap.parse_args()
    if args.n < 1 or args.iterations < 1:
        die("N and --iterations must be positive")
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    bad = [t for t in tools if t not in TOOLS]
    if bad:
        die(f"unknown tool(s) {', '.join(bad)}; choose from {', '.join(TOOLS)}")
    if "kb" in tools and not os.access(args.kb, os.X_OK):
        log(f"kb binary not found at {args.kb} (build it: swift build -c release --product kb); measuring without kb")
        tools.remove("kb")
    if any(t.startswith("hugo") for t in tools) and not shutil.which("hugo"):
        die("hugo not found (bash bench/bench.sh installs it, or apt-get install hugo)")
    if not tools:
        log("nothing to measure")
        return 0

    shared = os.path.abspath(os.environ.get("SHARED", os.path.join(ROOT, "..", "shared")))
    corpus, stamp = ensure_corpus(shared, args.n)
    content, copy_marker = ensure_serve_copy(corpus, stamp, args.n)
    hugo_site = make_hugo_site(shared, content, args.n) if any(t.startswith("hugo") for t in tools) else None

    articles = list_articles(content)
    if len(articles) < args.iterations:
        die(f"only {len(articles)} articles for {args.iterations} iterations")
    # Deterministic, distinct, spread over all locales/sections; the same picks for every tool.
    picks = random.Random(f"serve-latency-{args.n}").sample(articles, args.iterations)

    out_path = os.path.join(BENCH, f"serve-result-{args.n}.json")
    try:
        with open(out_path) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        doc = {}
    doc.update(n_per_locale=args.n, locales=3)
    doc.setdefault("tools", {})
    failed = False
    # The copy is "dirty" while edited: the marker is written back only after a run that got to restore every file
    # (an interrupted run leaves it missing, so the next run recopies the corpus).
    os.remove(copy_marker)
    for tool in tools:
        try:
            r = measure(tool, args.n, content, hugo_site, args.kb, picks, args)
        except RuntimeError as e:
            log(f"error: {e}")
            failed = True
            doc["tools"][tool] = {"error": str(e), "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            continue
        r["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        if tool.startswith("hugo"):
            r["version"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
        doc["tools"][tool] = r
        failed = failed or r["failures"] > 0
    write_text(copy_marker, stamp)
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")

    print(f"\nN={args.n} per locale x 3 locales, save -> served over {args.iterations} saves (ms), startup = launch "
          f"-> first 200\n")
    print(f"{'tool':<10} {'startup s':>9} {'median':>8} {'min':>8} {'max':>8} {'failed':>7} {'RSS MB':>7} "
          f"{'rebuild':>8}")
    for tool in TOOLS:
        r = doc["tools"].get(tool)
        if not r:
            continue
        if "error" in r:
            print(f"{tool:<10} failed: {r['error'].splitlines()[0]}")
            continue
        f = lambda x: "-" if x is None else f"{x:.1f}"
        note = "" if tool in tools else "  (previous run)"
        rebuild = median_or_none(r.get("server_rebuild_ms"))
        print(f"{tool:<10} {r['startup_s']:>9.2f} {f(r['median_ms']):>8} {f(r['min_ms']):>8} {f(r['max_ms']):>8} "
              f"{r['failures']:>7} {f(r.get('peak_rss_mb')):>7} {f(rebuild):>8}{note}")
        if tool in tools and r["other_cpu_s"] > 0.1 * r["measure_wall_s"]:
            print(f"  warning: other processes used {r['other_cpu_s']:.1f} CPU-s during {r['measure_wall_s']:.1f} s "
                  f"of {tool} saves; figures are noisy")
    print("\nmedian/min/max: save -> page served with the change, ms; RSS MB: server's peak at the end; rebuild:\n"
          "median of the rebuild times the server logs (Hugo's \"Total in N ms\"; excludes its event batching), ms")
    print(f"\nwrote {os.path.relpath(out_path, ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    # SIGTERM (e.g. from a CI runner) unwinds like Ctrl-C, so the finally blocks restore files and stop the server.
    def on_sigterm(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; edited files restored, server stopped")
        sys.exit(130)
