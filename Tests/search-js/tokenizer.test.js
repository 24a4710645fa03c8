// Runs the browser tokenizer against the vectors the Swift tokenizer is tested with (node --test).
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const fs = require("node:fs");
const tokenizer = require(path.join(__dirname, "../../templates/assets/kb-search.js"));
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "../Fixtures/tokenizer-vectors.json"), "utf8"));

test("vector file version matches the tokenizer", () => {
  assert.strictEqual(vectors.version, tokenizer.version);
  assert.ok(vectors.vectors.length >= 20);
});

for (const vector of vectors.vectors) {
  test(`terms of ${JSON.stringify(vector.input)}`, () => {
    assert.deepStrictEqual(tokenizer.terms(vector.input), vector.terms);
  });
}

// Typo tolerance: the same distances as EditDistance in Swift (transpositions are one edit).
for (const v of vectors.editDistance.vectors) {
  test(`edit distance ${JSON.stringify(v.a)} → ${JSON.stringify(v.b)} is ${v.distance}`, () => {
    assert.strictEqual(tokenizer.editDistance(v.a, v.b, 20), v.distance);
    assert.strictEqual(tokenizer.editDistance(v.b, v.a, 20), v.distance, "symmetric");
    // With a smaller limit the answer is capped at limit + 1, never below the truth.
    assert.strictEqual(tokenizer.editDistance(v.a, v.b, 1), Math.min(v.distance, 2));
  });
}

// The shard a term's postings live in: the Swift index writer files them by the same numbers.
test("shard numbers of the shared vectors", () => {
  assert.ok(vectors.shards.vectors.length >= 20);
  for (const v of vectors.shards.vectors) {
    assert.strictEqual(tokenizer.shardOf(v.term, v.count), v.shard, `${v.term} mod ${v.count}`);
  }
});
