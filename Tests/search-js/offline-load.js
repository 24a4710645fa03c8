// Loads a sharded search index the way a page opened from file:// does (script tags, offline parts) and compares
// every file with its .json twin, then runs queries both ways.
// Usage: node offline-load.js <search folder> <query>…  → JSON {checked, mismatched: [name], queries: [{query, same}]}
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const folder = path.resolve(process.argv[2]);
const queries = process.argv.slice(3);

// Just enough of a browser for kb-search.js's loader: script elements run their file, then call onload.
globalThis.location = { protocol: "file:" };
globalThis.document = {
  createElement: () => ({}),
  head: {
    appendChild(element) {
      setImmediate(() => {
        let text;
        try { text = fs.readFileSync(element.src, "utf8"); } catch (e) { element.onerror(e); return; }
        vm.runInThisContext(text, { filename: element.src });
        element.onload();
      });
    },
  },
};
const kb = require(path.join(__dirname, "../../templates/assets/kb-search.js"));

function diskIndex() {
  const index = new kb.Index(folder + "/");
  index.file = (name) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, name + ".json"), "utf8")));
  return index;
}

async function main() {
  const offline = new kb.Index(folder + "/");
  const header = await offline.header();
  const names = fs.readdirSync(folder).filter((f) => /^(terms|docs)-\d+\.json$/.test(f)).map((f) => f.slice(0, -5)).sort();
  const mismatched = [];
  for (const name of names) {
    const loaded = await offline.file(name, header);
    const onDisk = JSON.parse(fs.readFileSync(path.join(folder, name + ".json"), "utf8"));
    // JSON.stringify keeps the objects' key order: a table must list its terms as the file does.
    if (JSON.stringify(loaded) !== JSON.stringify(onDisk)) mismatched.push(name);
  }
  const disk = diskIndex();
  const results = [];
  for (const query of queries) {
    const a = await kb.search(offline, query, 20);
    const b = await kb.search(disk, query, 20);
    results.push({ query, hits: b.length, same: JSON.stringify(a) === JSON.stringify(b) });
  }
  process.stdout.write(JSON.stringify({ checked: names.length, mismatched, queries: results }));
}
main().catch((e) => { console.error(e); process.exit(1); });
