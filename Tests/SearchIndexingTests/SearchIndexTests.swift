import Foundation
import Testing
@testable import SearchIndexing

private func document(_ title: String, _ body: String, heading: String = "Cause", fallback: Bool = false) -> SearchDocument {
    SearchDocument(url: "en-us/\(title.lowercased().replacingOccurrences(of: " ", with: "-"))/", title: title,
                   breadcrumb: "Group", excerpt: String(body.prefix(40)), isFallback: fallback, sections: [
                       .init(anchor: nil, heading: title, text: "Intro."),
                       .init(anchor: heading.lowercased(), heading: heading, text: body),
                   ])
}

@Suite struct SearchIndexTests {
    @Test func postingsCarryFieldWeightsAndTheBestSection() throws {
        let index = SearchIndex(locale: "en-US", documents: [
            document("Reset password", "Open the portal and reset."),
            document("Mail not syncing", "Check the password you saved.", heading: "Password saved"),
        ])
        // Title weight 8 in doc 0; heading weight 3 plus body 1 in section 1 of doc 1.
        #expect(index.postings["password"] == [0, 8, 0, 1, 4, 1])
        #expect(index.postings["portal"] == [0, 1, 1])
        #expect(index.lengths.count == 2)
    }

    @Test func smallLocaleIsOneDeterministicFile() throws {
        let documents = [document("Reset password", "Open the portal."), document("Sync", "x", fallback: true)]
        let files = SearchIndex(locale: "en-US", documents: documents).files()
        #expect(files.map(\.name) == ["manifest"])
        #expect(files[0].json == SearchIndex(locale: "en-US", documents: documents).files()[0].json)
        let object = try JSONSerialization.jsonObject(with: Data(files[0].json.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 1)
        #expect(object?["documents"] as? Int == 2)
        #expect((object?["docs"] as? [[String: Any]])?.last?["f"] as? Int == 1)
        #expect(files[0].script.hasPrefix("KBSearchData.register(\"manifest\", {"))
    }

    @Test func largeLocaleIsShardedByTermPrefix() throws {
        let words = (0..<3000).map { "term\($0) word\($0 % 97) alpha\($0 % 13)" }
        let documents = words.enumerated().map { document("Doc \($0.offset)", $0.element) }
        let files = SearchIndex(locale: "en-US", documents: documents).files(shardThreshold: 10_000)
        let names = files.map(\.name)
        #expect(names.first == "manifest")
        let shards = names.filter { $0.hasPrefix("terms-") }.count
        #expect(shards >= 2)
        #expect(names.filter { $0.hasPrefix("docs-") }.count == (3000 + 63) / 64)
        // Every term sits in the shard its hash names, so the browser fetches exactly one file per term.
        for file in files where file.name.hasPrefix("terms-") {
            let table = try #require(try JSONSerialization.jsonObject(with: Data(file.json.utf8)) as? [String: Any])
            let shard = Int(file.name.dropFirst(6))!
            #expect(table.keys.allSatisfy { SearchIndex.shard(of: $0, count: shards) == shard })
        }
    }

    /// Written files: every file as JSON; for `file://` the manifest as a script, and a sharded index's other files
    /// in offline parts (`offline-<n mod 16>.js` for `terms-<n>` and `docs-<n>`) that register each under its name.
    @Test func scriptsForFileURLsAreTheManifestAndOfflineParts() throws {
        let small = SearchIndex(locale: "en-US", documents: [document("Sync", "mail sync")]).files()
        #expect(SearchIndex.outputs(small).map(\.name) == ["manifest.json", "manifest.js"])
        let documents = (0..<3000).map { document("Doc \($0)", "term\($0) word\($0 % 97)") }
        let files = SearchIndex(locale: "en-US", documents: documents).files(shardThreshold: 10_000)
        #expect(files.map(\.name) == SearchIndex.fileNames(shards: files.count - 1 - (3000 + 63) / 64, documents: 3000))
        let outputs = SearchIndex.outputs(files)
        let parts = (0..<SearchIndex.offlineParts).map { SearchIndex.offlinePartName($0) }
        #expect(outputs.map(\.name) == files.map { $0.name + ".json" } + ["manifest.js"] + parts)
        for (part, name) in parts.enumerated() {
            let text = try #require(outputs.first { $0.name == name }?.text)
            let held = files.dropFirst().filter { Int($0.name.split(separator: "-").last!)! % SearchIndex.offlineParts == part }
            #expect(!held.isEmpty && text == held.map(\.script).joined(), "\(name)")
        }
        // The browser looks a file's part up with the same count.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates/assets/kb-search.js")
        #expect(try String(contentsOf: script, encoding: .utf8).contains("var OFFLINE_PARTS = \(SearchIndex.offlineParts);"))
        #expect(SearchIndex.outputs(Array(files.prefix(2)), parts: [3: "x"]).map(\.name) == [
            files[0].name + ".json", files[1].name + ".json", "manifest.js", "offline-3.js",
        ])
    }

    /// `Tests/Fixtures/tokenizer-vectors.json` `shards`, which `Tests/search-js/tokenizer.test.js` checks against
    /// kb-search.js `shardOf`: the index writer and the browser must file a term under the same shard.
    @Test func shardHashMatchesTheBrowserImplementation() throws {
        struct File: Decodable {
            struct Shards: Decodable { let vectors: [Vector] }
            struct Vector: Decodable { let term: String, count: Int, shard: Int }
            let shards: Shards
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tokenizer-vectors.json")
        let vectors = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).shards.vectors
        #expect(vectors.count >= 20)
        for vector in vectors {
            #expect(SearchIndex.shard(of: vector.term, count: vector.count) == vector.shard, "\(vector.term) mod \(vector.count)")
        }
    }
}
