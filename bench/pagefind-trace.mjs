// Runs one query with Pagefind's own browser API (pagefind.js + wasm) under Node, reading the bundle from disk through a
// fetch stand-in that records every file fetched. Usage:
//   node bench/pagefind-trace.mjs <bundle dir> <copy of pagefind.js named *.mjs> <html lang> <query> [runs=20] [limit=10]
// Prints JSON {files: [...] (first query, fetch order), results: [url, ...], total, coldMs, warmMs, warmMedianMs}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, module, lang, query, runsArg, limitArg] = process.argv.slice(2);
const runs = Number(runsArg || 20), limit = Number(limitArg || 10);
const files = [];
let recording = true;
globalThis.fetch = async (input) => {
  const rel = String(input.url || input).replace(/^.*?\/_pf\//, "").split("?")[0];
  if (recording) files.push(rel);
  const type = rel.endsWith(".json") ? "application/json" : rel.startsWith("wasm.") ? "application/wasm" : "application/octet-stream";
  return new Response(fs.readFileSync(path.join(dir, rel)), { status: 200, headers: { "content-type": type } });
};
// Pagefind picks the index by <html lang>.
globalThis.document = { documentElement: { lang }, currentScript: null,
  querySelector: (s) => (s === "html" ? { getAttribute: () => lang } : null) };

const pf = await import(pathToFileURL(path.resolve(module)).href);
await pf.options({ basePath: "http://bench/_pf/" });
const run = async () => {
  const r = await pf.search(query);
  const data = await Promise.all(r.results.slice(0, limit).map((x) => x.data()));
  return { total: r.results.length, urls: data.map((d) => d.url) };
};
let t0 = process.hrtime.bigint();
const first = await run();  // includes init: entry, meta, wasm, chunk, fragments
const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
recording = false;
const warm = [];
for (let i = 0; i < runs; i++) {
  t0 = process.hrtime.bigint();
  await run();
  warm.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const s = warm.slice().sort((a, b) => a - b), m = s.length >> 1;
process.stdout.write(JSON.stringify({ query, files, results: first.urls, total: first.total, coldMs, warmMs: warm,
  warmMedianMs: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }));
