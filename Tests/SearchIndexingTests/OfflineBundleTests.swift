import Testing
@testable import SearchIndexing

/// An offline part patched line by line equals the part made from every file.
@Suite struct OfflineBundleTests {
    static func documents(_ bodies: [String]) -> [SearchIndex.Analyzed] {
        bodies.enumerated().map { number, body in
            SearchIndex.analyze(SearchDocument(url: "en-us/d\(number)/", title: "Doc \(number)", breadcrumb: "", excerpt: "",
                                               isFallback: false, sections: [.init(anchor: nil, heading: "Doc", text: body)]))
        }
    }

    /// A sharded index's files (a low threshold), its offline part 0 as written, and the names of the files in it.
    static func sharded(_ bodies: [String]) -> (files: [SearchIndex.File], bundle: [UInt8], names: [String]) {
        let files = SearchIndex(locale: "en-us", analyzed: documents(bodies)).files(shardThreshold: 4)
        let bundle = SearchIndex.outputs(files).first { $0.name == SearchIndex.offlinePartName(0) }!.text
        let names = files.dropFirst().map(\.name).filter { SearchIndex.offlinePart(of: $0) == 0 }
        return (files, Array(bundle.utf8), names)
    }

    @Test func changedFilesReplaceTheirLinesAndNothingElse() throws {
        let before = Self.sharded(["alpha beta \"quoted\" gamma", "delta epsilon", "日本語 のテキスト", "zeta eta theta"])
        let after = Self.sharded(["alpha beta \"quoted\" gamma", "delta epsilon changed", "日本語 のテキスト", "zeta eta theta"])
        #expect(before.names == after.names && before.names.count >= 2)
        let old = Dictionary(uniqueKeysWithValues: before.files.map { ($0.name, $0.json) })
        let changed = Dictionary(uniqueKeysWithValues: after.files.filter { old[$0.name] != $0.json }.map { ($0.name, $0) })
        #expect(changed.keys.contains { after.names.contains($0) }, "a file of part 0 changed")
        let patched = try #require(SearchIndex.patchedPart(before.bundle, names: after.names, changed: changed))
        #expect(Array(patched.utf8) == after.bundle)
        #expect(before.bundle != after.bundle)
    }

    @Test func aPartOfOtherFilesIsRefused() {
        let index = Self.sharded(["alpha beta", "gamma delta", "epsilon zeta", "eta theta"])
        #expect(SearchIndex.patchedPart(index.bundle, names: index.names + ["docs-16"], changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(index.bundle, names: Array(index.names.dropLast()), changed: [:]) == nil)
        var renamed = index.names
        renamed.swapAt(0, 1)
        #expect(SearchIndex.patchedPart(index.bundle, names: renamed, changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(Array(index.bundle.dropLast()), names: index.names, changed: [:]) == nil)
        #expect(SearchIndex.patchedPart(index.bundle, names: index.names, changed: [:]).map { Array($0.utf8) } == index.bundle)
    }
}
