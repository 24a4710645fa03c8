import Testing
@testable import SearchIndexing

/// Offline parts hold document ranges: an edit changes its own part only, and that part patched line by line equals
/// the part made from every file.
@Suite struct OfflineBundleTests {
    static func documents(_ bodies: [String]) -> [SearchIndex.Analyzed] {
        bodies.enumerated().map { number, body in
            SearchIndex.analyze(SearchDocument(url: "en-us/d\(number)/", title: "Doc \(number)", breadcrumb: "", excerpt: "",
                                               isFallback: false, sections: [.init(anchor: nil, heading: "Doc", text: body)]))
        }
    }

    /// 1,400 documents: 22 chunks, so three parts (10, 10 and 2 chunks).
    static func bodies(editing edited: Int? = nil) -> [String] {
        (0..<1400).map { number in
            "alpha w\(number % 37) \"quoted\" 日本語 \(number % 11 == 0 ? "のテキスト" : "gamma")"
                + (number == edited ? " zyzzyva changed" : "")
        }
    }

    /// A sharded index's outputs by name, and its files by name.
    static func sharded(_ bodies: [String]) -> (outputs: [String: String], files: [String: SearchIndex.File], shards: Int) {
        let index = SearchIndex(locale: "en-us", analyzed: documents(bodies))
        let files = index.files(shardThreshold: 100)
        let outputs = index.outputs(shardThreshold: 100)
        let shards = files.filter { $0.name.hasPrefix("terms-") }.count
        return (Dictionary(uniqueKeysWithValues: outputs.map { ($0.name, $0.text) }),
                Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) }), shards)
    }

    @Test func anEditRewritesTheOnePartOfItsDocumentAndPatchingItEqualsMakingIt() throws {
        let before = Self.sharded(Self.bodies()), after = Self.sharded(Self.bodies(editing: 700))
        #expect(before.shards == after.shards && before.shards >= 2)
        let parts = (0..<3).map(SearchIndex.offlinePartName)
        #expect(before.outputs.keys.filter { $0.hasPrefix("offline-") }.sorted() == parts)
        // Document 700 is in chunk 10, part 1; its new term is in one shard, its others in many.
        #expect(before.outputs[parts[0]] == after.outputs[parts[0]] && before.outputs[parts[2]] == after.outputs[parts[2]])
        #expect(before.outputs[parts[1]] != after.outputs[parts[1]])

        let changedFiles = after.files.values.filter { before.files[$0.name]?.json != $0.json && $0.name != "manifest" }
        #expect(changedFiles.contains { $0.name == "docs-10" } && changedFiles.contains { $0.name.hasPrefix("terms-") })
        var lines: [String: String] = [:]
        for file in changedFiles {
            if file.name.hasPrefix("docs-") { lines[file.name] = file.script; continue }
            let shard = Int(file.name.dropFirst(6))!
            lines["terms-\(shard)/1"] = SearchIndex.offlineTermLines(shard, SearchIndex.readTable(Array(file.json.utf8))!,
                                                                      documents: 1400)[1]
        }
        let names = SearchIndex.offlineLineNames(1, shards: after.shards, documents: 1400)
        let patched = try #require(SearchIndex.patchedPart(Array(before.outputs[parts[1]]!.utf8), names: names, changed: lines))
        #expect(patched == after.outputs[parts[1]])
    }

    @Test func aPartOfOtherLinesIsRefused() {
        let index = Self.sharded(Self.bodies())
        let bundle = Array(index.outputs[SearchIndex.offlinePartName(0)]!.utf8)
        let names = SearchIndex.offlineLineNames(0, shards: index.shards, documents: 1400)
        #expect(SearchIndex.patchedPart(bundle, names: names + ["docs-16"], changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(bundle, names: Array(names.dropLast()), changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(bundle, names: SearchIndex.offlineLineNames(1, shards: index.shards, documents: 1400),
                                        changed: [:]) == nil)
        var swapped = names
        swapped.swapAt(0, 1)
        #expect(SearchIndex.patchedPart(bundle, names: swapped, changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(Array(bundle.dropLast()), names: names, changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(bundle, names: names, changed: [:]).map { Array($0.utf8) } == bundle)
    }

    /// A part's lines read back are the JSON of its files: each document chunk's file, and each shard's postings of
    /// the part's documents (what a warm build compares an edited page's postings with).
    @Test func aPartsLinesReadBackAreItsFilesJSON() throws {
        let index = Self.sharded(Self.bodies())
        let part = Array(index.outputs[SearchIndex.offlinePartName(1)]!.utf8)
        let names = SearchIndex.offlineLineNames(1, shards: index.shards, documents: 1400)
        let lines = try #require(SearchIndex.partLines(part, names: names))
        #expect(lines.count == names.count)
        #expect(lines["docs-10"].map { String(decoding: $0, as: UTF8.self) } == index.files["docs-10"]?.json)
        for shard in 0..<index.shards {
            let whole = try #require(SearchIndex.readTable(Array(index.files["terms-\(shard)"]!.json.utf8)))
            let piece = try #require(lines["terms-\(shard)/1"].flatMap { SearchIndex.readTable(Array($0)) })
            let inPart = whole.compactMapValues { list -> [Int]? in
                let kept = stride(from: 0, to: list.count, by: 3).filter { SearchIndex.offlinePart(ofChunk: list[$0] / SearchIndex.documentChunk) == 1 }
                    .flatMap { list[$0..<$0 + 3] }
                return kept.isEmpty ? nil : kept
            }
            #expect(piece == inPart, "shard \(shard)")
        }
        #expect(SearchIndex.partLines(part, names: Array(names.dropLast())) == nil)
        #expect(SearchIndex.partLines(part, names: SearchIndex.offlineLineNames(0, shards: index.shards, documents: 1400)) == nil)
    }
}
