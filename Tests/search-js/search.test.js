// Ranking and matching of the browser search over a small in-memory index in kb's format (ARCHITECTURE.md).
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const kb = require(path.join(__dirname, "../../templates/assets/kb-search.js"));

// Three documents; postings are [doc, weighted tf, section].
const header = {
  version: 1, tokenizer: 1, locale: "en-US", documents: 3, averageLength: 20,
  docs: [
    { t: "Reset your password", u: "en-us/reset/", b: "", x: "", l: 20, s: [["", "Reset your password"], ["portal", "Portal"]] },
    { t: "Mail not syncing", u: "en-us/mail/", b: "", x: "", l: 20, s: [["", "Mail not syncing"], ["cause", "Cause"]] },
    { t: "Install error 0x80070005", u: "en-us/err/", b: "", x: "", l: 20, s: [["", "Install"], ["permissions", "Permissions"]] },
  ],
  terms: {
    reset: [0, 8, 0], your: [0, 8, 0], password: [0, 8, 0, 1, 1, 1], portal: [0, 3, 1],
    mail: [1, 8, 0], not: [1, 8, 0], syncing: [1, 8, 0, 2, 1, 1], synchronize: [1, 1, 1],
    install: [2, 8, 0], error: [2, 8, 0], "0x80070005": [2, 8, 0], permissions: [2, 4, 1],
  },
};
const index = { header: () => Promise.resolve(header), table: () => Promise.resolve(header.terms),
  documents: (h, ids) => Promise.resolve(ids.map((id) => h.docs[id])) };

async function first(query) {
  const results = await kb.search(index, query, 10);
  return results.length ? results[0].doc.u : null;
}

test("title matches outrank body matches", async () => {
  assert.strictEqual(await first("password"), "en-us/reset/");
});

test("all query terms must match when some document has them all", async () => {
  const results = await kb.search(index, "syncing password", 10);
  assert.deepStrictEqual(results.map((r) => r.doc.u), ["en-us/mail/"]);
});

test("the last term matches as a prefix", async () => {
  assert.strictEqual(await first("permis"), "en-us/err/");
  assert.strictEqual(await first("synchro"), "en-us/mail/");
});

test("one typo is forgiven in words of five letters or more, ranked below exact hits", async () => {
  assert.strictEqual(await first("pasword"), "en-us/reset/");
  assert.strictEqual(await first("eror"), null);
  // "syncing" is exact in doc 1's title; "syncin" is a prefix there; "synking" only a typo of it.
  const exact = await kb.search(index, "syncing", 10);
  const typo = await kb.search(index, "synking", 10);
  assert.ok(typo[0].score < exact[0].score);
});

test("error codes are whole terms", async () => {
  assert.strictEqual(await first("0x80070005"), "en-us/err/");
});

test("section hits link to the heading's anchor", async () => {
  const results = await kb.search(index, "permissions", 10);
  assert.strictEqual(results[0].anchor, "permissions");
});

test("an empty or separator-only query finds nothing", async () => {
  assert.deepStrictEqual(await kb.search(index, "  -- ", 10), []);
});

// Readers swap two letters more than they make any other typo: one edit, not two.
test("a swapped pair of letters is one typo", async () => {
  assert.strictEqual(await first("passwrod"), "en-us/reset/");
  assert.strictEqual(await first("psasword"), "en-us/reset/");
  assert.strictEqual(await first("permissoins"), "en-us/err/");
});

test("with the other words right, a swapped pair still ranks the intended article first", async () => {
  // "reset" alone favours the sync article (it says reset three times); only the typo word tells them apart.
  const docs = [
    { t: "Reset your password", u: "en-us/reset/", b: "", x: "", l: 20, s: [["", "Reset your password"]] },
    { t: "Reset the sync client", u: "en-us/sync/", b: "", x: "", l: 20, s: [["", "Reset the sync client"]] },
  ];
  const h = { version: 1, tokenizer: 1, locale: "en-US", documents: 2, averageLength: 20, docs,
    terms: { reset: [0, 8, 0, 1, 24, 0], your: [0, 8, 0], password: [0, 8, 0], sync: [1, 8, 0], client: [1, 8, 0] } };
  const idx = { header: () => Promise.resolve(h), table: () => Promise.resolve(h.terms),
    documents: (hh, ids) => Promise.resolve(ids.map((id) => hh.docs[id])) };
  const results = await kb.search(idx, "reset passwrod", 10);
  assert.strictEqual(results[0].doc.u, "en-us/reset/");
  assert.deepStrictEqual((await kb.search(idx, "reset", 10)).map((r) => r.doc.u)[0], "en-us/sync/");
});

// In a sharded index a term lives in the shard of its first two characters; swapping those two must still find it.
test("a swap of the first two letters finds the term in its own shard", async () => {
  const count = 16;
  const right = "password", typo = "apssword";
  assert.notStrictEqual(kb.shardOf(right, count), kb.shardOf(typo, count));
  const shards = {};
  shards[kb.shardOf(right, count)] = { password: [0, 8, 0] };
  const h = { version: 1, tokenizer: 1, locale: "en-US", documents: 1, averageLength: 20, shards: count, documentChunk: 64 };
  const idx = new kb.Index("x/");
  idx.file = (name) => Promise.resolve(name === "manifest" ? h : name.startsWith("terms-")
    ? (shards[Number(name.slice(6))] || {}) : [{ t: "Reset your password", u: "en-us/reset/", b: "", x: "", l: 20, s: [["", ""]] }]);
  const results = await kb.search(idx, typo, 10);
  assert.strictEqual(results.length, 1);
  assert.strictEqual(results[0].doc.u, "en-us/reset/");
});

test("offline pieces join into the shard: lists in part order, terms in code-point order as kb writes them", () => {
  // U+FA0E sorts before U+2000B by code point, after it by UTF-16 unit; "2024" is an integer-like key.
  const joined = kb.joinPieces([
    { "\u{2000B}": [1, 8, 0], zeta: [2, 1, 0], "2024": [3, 1, 0] },
    { alpha: [700, 1, 1], "\u{2000B}": [701, 2, 0], "\uFA0E": [702, 1, 0] },
    {},
    { zeta: [1300, 4, 2] },
  ]);
  assert.deepStrictEqual(joined, {
    "2024": [3, 1, 0], alpha: [700, 1, 1], zeta: [2, 1, 0, 1300, 4, 2], "\uFA0E": [702, 1, 0],
    "\u{2000B}": [1, 8, 0, 701, 2, 0],
  });
  assert.deepStrictEqual(Object.keys(joined), ["2024", "alpha", "zeta", "\uFA0E", "\u{2000B}"]);
  assert.deepStrictEqual(JSON.stringify(joined), JSON.stringify(JSON.parse(
    '{"2024":[3,1,0],"alpha":[700,1,1],"zeta":[2,1,0,1300,4,2],"\uFA0E":[702,1,0],"\u{2000B}":[1,8,0,701,2,0]}')));
});
