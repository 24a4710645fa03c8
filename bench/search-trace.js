// Runs one query against a built kb locale's search index with the browser search code (templates/assets/kb-search.js),
// reading index files from disk, and records which index files the query loads.
// Usage: node bench/search-trace.js <site>/<locale>/search <query> [runs=20] [limit=10]
// Prints JSON {files: [name.json, …] (load order, first run), results: [{u, t, score}], coldMs, warmMs: [...], warmMedianMs}
const fs = require("node:fs");
const path = require("node:path");
const kb = require(path.join(__dirname, "../templates/assets/kb-search.js"));

async function main() {
  const [folder, query, runsArg, limitArg] = process.argv.slice(2);
  const runs = Number(runsArg || 20), limit = Number(limitArg || 10);
  const files = [];
  const original = kb.Index.prototype.file;
  // Instead of fetch: read <name>.json from disk, once per Index (the prototype's cache keeps the promise).
  kb.Index.prototype.file = function (name) {
    if (!this.cache[name]) {
      files.push(name + ".json");
      this.cache[name] = new Promise((resolve) =>
        resolve(JSON.parse(fs.readFileSync(path.join(this.base, name + ".json"), "utf8"))));
    }
    return this.cache[name];
  };
  const index = new kb.Index(folder + "/");
  let t0 = process.hrtime.bigint();
  const hits = await kb.search(index, query, limit);
  const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const warm = [];
  for (let i = 0; i < runs; i++) {
    t0 = process.hrtime.bigint();
    await kb.search(index, query, limit);
    warm.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const sorted = warm.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  kb.Index.prototype.file = original;
  process.stdout.write(JSON.stringify({
    query, files, coldMs, warmMs: warm, warmMedianMs: median,
    results: hits.map((h) => ({ u: h.doc.u, t: h.doc.t, score: h.score, anchor: h.anchor })),
  }));
}
main().catch((e) => { console.error(e); process.exit(1); });
