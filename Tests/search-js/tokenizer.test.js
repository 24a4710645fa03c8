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
