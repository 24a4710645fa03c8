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
    /// in offline parts by document range: part `p` registers the `docs-<c>` of its chunks, then for each term shard
    /// `n` the postings of its documents as `terms-<n>/<p>`. The pieces of a shard, joined in part order, are the shard.
    @Test func scriptsForFileURLsAreTheManifestAndOfflineParts() throws {
        let small = SearchIndex(locale: "en-US", documents: [document("Sync", "mail sync")])
        #expect(small.outputs().map(\.name) == ["manifest.json", "manifest.js"])
        let documents = (0..<3000).map { document("Doc \($0)", "term\($0) word\($0 % 97)") }
        let index = SearchIndex(locale: "en-US", documents: documents)
        let files = index.files(shardThreshold: 10_000)
        let shards = files.count - 1 - (3000 + 63) / 64
        #expect(files.map(\.name) == SearchIndex.fileNames(shards: shards, documents: 3000))
        let outputs = index.outputs(shardThreshold: 10_000)
        // 47 chunks of 64 documents, 10 chunks a part.
        let parts = (0..<5).map { SearchIndex.offlinePartName($0) }
        #expect(SearchIndex.offlinePartCount(documents: 3000) == 5)
        #expect(outputs.map(\.name) == files.map { $0.name + ".json" } + ["manifest.js"] + parts)
        let json = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.json) })
        // The shards as the one pass that also splits them writes them: byte for byte the plain encoding.
        for output in outputs where output.name.hasSuffix(".json") { #expect(output.text == json[String(output.name.dropLast(5))]) }
        var joined = [[String: [Int]]](repeating: [:], count: shards)
        for (part, name) in parts.enumerated() {
            let lines = try #require(outputs.first { $0.name == name }?.text).split(separator: "\n").map(String.init)
            let names = SearchIndex.offlineLineNames(part, shards: shards, documents: 3000)
            #expect(lines.count == names.count && names.filter { $0.hasPrefix("docs-") }.count == (part < 4 ? 10 : 7))
            let range = part * 640..<min(part * 640 + 640, 3000)
            for (line, lineName) in zip(lines, names) {
                let start = "KBSearchData.register(\"\(lineName)\", "
                #expect(line.hasPrefix(start), "\(name): \(line.prefix(40))")
                let body = String(line.dropFirst(start.count).dropLast(2))
                if lineName.hasPrefix("docs-") { #expect(body == json[lineName]); continue }
                let piece = try #require(SearchIndex.readTable(Array(body.utf8)), "\(lineName)")
                let shard = Int(lineName.dropFirst(6).split(separator: "/")[0])!
                for (term, list) in piece {
                    #expect(stride(from: 0, to: list.count, by: 3).allSatisfy { range.contains(list[$0]) }, "\(lineName) \(term)")
                    joined[shard][term, default: []] += list
                }
            }
        }
        for shard in 0..<shards {
            #expect(joined[shard] == SearchIndex.readTable(Array(json["terms-\(shard)"]!.utf8)), "terms-\(shard)")
        }
        // The browser finds a chunk's part with the same count.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates/assets/kb-search.js")
        #expect(try String(contentsOf: script, encoding: .utf8).contains("var OFFLINE_CHUNKS = \(SearchIndex.offlineChunks);"))
        #expect(SearchIndex.outputs(Array(files.prefix(2)), offlineParts: [3: "x"]).map(\.name) == [
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
