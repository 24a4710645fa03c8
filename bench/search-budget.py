#!/usr/bin/env python3
"""Search budget of kb's per-locale index beside Pagefind over the Hugo build of the same content.

Usage: python3 bench/search-budget.py N [--skip-pagefind]      (N = 1000 or 10000; run from anywhere)
Needs .bench/out-kb-N and .bench/out-hugo-N (bench/bench.sh N), node. Writes .bench/search-budget-N.json.
"""
import gzip, json, os, shutil, statistics, subprocess, sys, tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(REPO, ".bench")
LOCALES = ["en-us", "ja-jp", "de-de"]
HTML_LANG = {"en-us": "en-US", "ja-jp": "ja-JP", "de-de": "de-DE"}
# One-word queries that occur in the generated corpus (the generator has no "password" / "Kennwort").
QUERIES = {"en-us": "certificate", "de-de": "Zertifikat", "ja-jp": "設定"}
RUNS = 20
LIMIT = 10


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), compresslevel=6, mtime=0))


def stored(path):
    return os.path.getsize(path)


def is_gzip(path):
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def wire(path):
    """Bytes over the wire: as stored when the file is already gzip (Pagefind), else gzip -6."""
    return stored(path) if is_gzip(path) else gz(path)


def node(args):
    out = subprocess.run(["node"] + args, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout)


def kb_locale(site, locale, notes):
    folder = os.path.join(site, locale, "search")
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    docs = manifest["documents"]
    index_files = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    sizes = {n: gz(os.path.join(folder, n)) for n in index_files}
    raw = sum(stored(os.path.join(folder, n)) for n in index_files)
    total = sum(sizes.values())
    trace = node([os.path.join(REPO, "bench", "search-trace.js"), folder, QUERIES[locale], str(RUNS), str(LIMIT)])
    fetched = {n: sizes[n] for n in trace["files"]}
    kinds = {"manifest": 0, "terms": 0, "docs": 0}
    for n, b in fetched.items():
        kinds["manifest" if n == "manifest.json" else n.split("-")[0]] += b
    scripts = {n: gz(os.path.join(site, "assets", n)) for n in ("kb-search.js", "kb-search-page.js")}
    return {
        "documents": docs,
        "shards": manifest.get("shards"),
        "indexFiles": len(index_files),
        "indexBytesGzip": total,
        "indexBytesRaw": raw,
        "indexBytesPerArticleGzip": round(total / docs, 1),
        "query": QUERIES[locale],
        "queryFiles": fetched,
        "queryBytesGzip": sum(fetched.values()),
        "queryBytesByKind": kinds,
        "scriptsGzip": scripts,
        "queryBytesWithScripts": sum(fetched.values()) + sum(scripts.values()),
        "results": [r["u"] for r in trace["results"]],
        "coldMs": round(trace["coldMs"], 3),
        "warmMedianMs": round(trace["warmMedianMs"], 3),
        "warmMs": [round(x, 3) for x in trace["warmMs"]],
    }


def pagefind_cmd(notes):
    for mod in ("pagefind", "pagefind_bin_extended", "pagefind_bin"):
        probe = subprocess.run([sys.executable, "-m", mod, "--version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return [sys.executable, "-m", mod], probe.stdout.strip()
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "pagefind-bin-extended"], capture_output=True, text=True)
    if pip.returncode != 0:
        notes.append("pagefind skipped: pip install pagefind-bin-extended failed: " + pip.stderr.strip()[-500:])
        return None, None
    probe = subprocess.run([sys.executable, "-m", "pagefind_bin_extended", "--version"], capture_output=True, text=True)
    return [sys.executable, "-m", "pagefind_bin_extended"], probe.stdout.strip()


def pagefind(n, notes):
    cmd, version = pagefind_cmd(notes)
    if not cmd:
        return None
    hugo = os.path.join(BENCH, f"out-hugo-{n}")
    bundle = os.path.join(BENCH, f"pagefind-{n}")
    shutil.rmtree(bundle, ignore_errors=True)
    # --output-path writes the bundle outside the Hugo output, so no copy of the site is needed (Pagefind only reads it).
    full = cmd + ["--site", hugo, "--output-path", bundle, "--quiet"]
    build = subprocess.run(full, capture_output=True, text=True)
    if build.returncode != 0:
        notes.append(f"pagefind skipped: {' '.join(full)} exited {build.returncode}: {build.stderr.strip()[-500:]}")
        return None
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as f:
        entry = json.load(f)
    tmp = tempfile.mkdtemp(prefix="pf-bench-")
    module = os.path.join(tmp, "pagefind.mjs")  # Node needs the .mjs extension to load pagefind.js as an ES module
    shutil.copy(os.path.join(bundle, "pagefind.js"), module)
    shared = {}
    for name in ("pagefind-entry.json", "pagefind.js"):
        shared[name] = gz(os.path.join(bundle, name))
    ui = {n: gz(os.path.join(bundle, n)) for n in ("pagefind-ui.js", "pagefind-ui.css")}
    out = {"version": version, "command": " ".join(full), "bundle": os.path.relpath(bundle, REPO), "locales": {},
           "uiGzip": ui}
    try:
        for locale in LOCALES:
            lang = entry["languages"][locale]
            meta = f"pagefind.{lang['hash']}.pf_meta"
            wasm = f"wasm.{lang['wasm'] or 'unknown'}.pagefind"
            idx = [f"index/{x}" for x in sorted(os.listdir(os.path.join(bundle, "index"))) if x.startswith(locale + "_")]
            frag = [f"fragment/{x}" for x in sorted(os.listdir(os.path.join(bundle, "fragment"))) if x.startswith(locale + "_")]
            sizes_idx = [stored(os.path.join(bundle, x)) for x in idx]
            sizes_frag = sum(stored(os.path.join(bundle, x)) for x in frag)
            meta_b, wasm_b = stored(os.path.join(bundle, meta)), stored(os.path.join(bundle, wasm))
            pages = lang["page_count"]
            trace = node([os.path.join(REPO, "bench", "pagefind-trace.mjs"), bundle, module, HTML_LANG[locale],
                          QUERIES[locale], str(RUNS), str(LIMIT)])
            fetched = {x: wire(os.path.join(bundle, x)) for x in trace["files"]}
            kinds = {"entry+js": 0, "wasm": 0, "meta": 0, "index": 0, "fragment": 0}
            for x, b in fetched.items():
                k = ("wasm" if x.startswith("wasm.") else "meta" if x.endswith(".pf_meta") else
                     "index" if x.startswith("index/") else "fragment" if x.startswith("fragment/") else "entry+js")
                kinds[k] += b
            # pagefind.js is loaded by a script tag / import, not by fetch: add it like kb's two scripts.
            query_bytes = sum(fetched.values())
            out["locales"][locale] = {
                "pages": pages,
                "indexChunks": len(idx),
                "indexChunkBytesMax": max(sizes_idx),
                "indexBytes": sum(sizes_idx),
                "fragmentBytes": sizes_frag,
                "metaBytes": meta_b,
                "wasmBytes": wasm_b,
                "indexBytesPerArticle": round((meta_b + sum(sizes_idx) + sizes_frag) / pages, 1),
                "indexBytesPerArticleWithoutFragments": round((meta_b + sum(sizes_idx)) / pages, 1),
                "query": QUERIES[locale],
                "queryFiles": fetched,
                "queryBytesByKind": kinds,
                "queryBytes": query_bytes,
                "queryBytesWithScripts": query_bytes + shared["pagefind.js"],
                "resultsTotal": trace["total"],
                "results": trace["results"],
                "coldMs": round(trace["coldMs"], 3),
                "warmMedianMs": round(trace["warmMedianMs"], 3),
                "warmMs": [round(x, 3) for x in trace["warmMs"]],
            }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["sharedGzip"] = shared
    return out


def browser_ms(site, locale, query, runs=5):
    """Median time (ms) the search page reports in headless Chromium for `query` from file://, first query of a
    fresh page each time (index loading included), or None without chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    import re, urllib.parse
    url = "file://" + os.path.join(site, locale, "search", "index.html") + "?q=" + urllib.parse.quote(query)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryFile() as err:
            dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  "--allow-file-access-from-files", "--timeout=8000", "--dump-dom", url],
                                 stdout=subprocess.PIPE, stderr=err, timeout=120).stdout.decode("utf-8", "replace")
        match = re.search(r'data-search-ms="([0-9.]+)"', dom)
        if match:
            times.append(float(match.group(1)))
    return round(statistics.median(times), 1) if times else None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1 or not args[0].isdigit():
        sys.exit(__doc__)
    n = int(args[0])
    site = os.path.join(BENCH, f"out-kb-{n}")
    if not os.path.isdir(site):
        sys.exit(f"missing {site}: run bash bench/bench.sh {n} first")
    notes = [
        "kb index bytes = sum over the locale's search/*.json of len(gzip level 6 of each file); the .js twins "
        "(file:// only) and search/index.html are not counted; per article = / manifest 'documents'.",
        "kb query bytes = gzip -6 sizes of the .json files search() loads for the first query (recorded by wrapping "
        "Index.prototype.file in bench/search-trace.js): manifest + term shard(s) + docs chunks of the top 10; "
        "assets/kb-search.js and kb-search-page.js (gzip -6) listed separately (scriptsGzip) and added in "
        "queryBytesWithScripts. The search page HTML and kb.css are not counted.",
        "queries: en-us 'certificate', de-de 'Zertifikat', ja-jp '設定' (the generated corpus has no 'password' or "
        "'Kennwort'); kb expands the last Latin term by prefix (up to 12 terms, same shard).",
        f"times: Node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"files read from disk (no network); coldMs = first search() including JSON reads/parses (and for Pagefind "
        f"wasm instantiation + init); warmMedianMs = median of {RUNS} further runs on the loaded index, each "
        f"including the top {LIMIT} results' documents (kb docs chunks / Pagefind fragment .data()).",
        "Pagefind runs on the Hugo output (pages with data-pagefind-body only, one index per <html lang>). Its "
        "pf_meta / pf_index / pf_fragment / wasm files are gzip already: counted as stored (that is what is sent); "
        "pagefind-entry.json and pagefind.js are counted as gzip -6.",
        "Pagefind query files are the ones its own pagefind.js fetched (bench/pagefind-trace.mjs, fetch replaced by "
        "disk reads, language forced by <html lang>): entry + pf_meta + wasm + index chunk(s) + 10 fragments; "
        "pagefind.js added in queryBytesWithScripts. UI files (pagefind-ui.js/.css) listed in uiGzip, not added.",
        "Pagefind index bytes per article = (pf_meta + all pf_index + all pf_fragment of the locale) / page_count; "
        "fragments hold each page's full text (for excerpts), kb's docs hold only title/breadcrumb/excerpt/sections, "
        "so indexBytesPerArticleWithoutFragments is also given. The wasm (one per language) is not in the per-article "
        "figure.",
    ]
    result = {"N": n, "locales": {}, "notes": notes}
    for locale in LOCALES:
        result["locales"][locale] = kb_locale(site, locale, notes)
        result["locales"][locale]["browserMs"] = browser_ms(site, locale, QUERIES[locale])
    notes.append("browserMs: median of 5 fresh headless Chromium loads of the kb search page from file:// with ?q=; "
                 "the page's own performance.now() from query to rendered results, index files loaded by script "
                 "tags included (data-search-ms on #search-results); real time (Chromium --timeout, no virtual time).")
    result["pagefind"] = None if "--skip-pagefind" in sys.argv else pagefind(n, notes)

    print(f"N={n} per locale; first one-word query, top {LIMIT}; bytes = gzip (Pagefind binaries as stored)\n")
    print(f"{'':18}{'index B/art':>12}{'query B':>10}{'+scripts':>10}{'files':>7}{'cold ms':>9}{'warm ms':>9}  query"
          "   (browser ms: kb search page in headless Chromium, see notes)")
    for locale in LOCALES:
        k = result["locales"][locale]
        print(f"{'kb ' + locale:18}{k['indexBytesPerArticleGzip']:>12.0f}{k['queryBytesGzip']:>10}"
              f"{k['queryBytesWithScripts']:>10}{len(k['queryFiles']):>7}{k['coldMs']:>9.1f}{k['warmMedianMs']:>9.2f}  {k['query']}"
              f"   browser {k.get('browserMs')} ms")
        k = (result["pagefind"] or {}).get("locales", {}).get(locale)
        if k:
            print(f"{'pagefind ' + locale:18}{k['indexBytesPerArticle']:>12.0f}{k['queryBytes']:>10}"
                  f"{k['queryBytesWithScripts']:>10}{len(k['queryFiles']):>7}{k['coldMs']:>9.1f}{k['warmMedianMs']:>9.2f}  {k['query']}"
              f"   browser {k.get('browserMs')} ms")
    for locale in LOCALES:
        k = result["locales"][locale]
        line = f"\n{locale}: kb {k['queryBytesByKind']} scripts {k['scriptsGzip']}"
        p = (result["pagefind"] or {}).get("locales", {}).get(locale)
        if p:
            line += (f"\n       pagefind {p['queryBytesByKind']} pagefind.js {result['pagefind']['sharedGzip']['pagefind.js']}"
                     f"; index w/o fragments {p['indexBytesPerArticleWithoutFragments']:.0f} B/art, largest chunk {p['indexChunkBytesMax']}")
        print(line, end="")
    print()
    for note in notes[7:]:
        print("note:", note)
    out = os.path.join(BENCH, f"search-budget-{n}.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(out, REPO)}")


if __name__ == "__main__":
    main()
