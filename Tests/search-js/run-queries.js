// Runs queries against a built kb site's search index with the browser search code, reading index files from disk.
// Usage: node run-queries.js <site folder> <queries.json>  → JSON [{locale, query, expected, top: [url, …]}]
const fs = require("node:fs");
const path = require("node:path");
const kb = require(path.join(__dirname, "../../templates/assets/kb-search.js"));

function diskIndex(folder) {
  const read = (name) => new Promise((resolve) =>
    resolve(JSON.parse(fs.readFileSync(path.join(folder, name + ".json"), "utf8"))));
  const index = new kb.Index(folder + "/");
  index.file = (name) => read(name);
  return index;
}

async function main() {
  const [site, queriesFile] = process.argv.slice(2);
  const { queries } = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const indexes = {};
  const results = [];
  for (const q of queries) {
    const index = indexes[q.locale] || (indexes[q.locale] = diskIndex(path.join(site, q.locale, "search")));
    const hits = await kb.search(index, q.query, 3);
    results.push({ locale: q.locale, query: q.query, expected: q.expected, top: hits.map((h) => h.doc.u) });
  }
  process.stdout.write(JSON.stringify(results));
}
main().catch((e) => { console.error(e); process.exit(1); });
