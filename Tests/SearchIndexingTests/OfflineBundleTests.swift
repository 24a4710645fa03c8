import Testing
@testable import SearchIndexing

/// The offline bundle patched line by line equals the bundle made from every file.
@Suite struct OfflineBundleTests {
    static func documents(_ bodies: [String]) -> [SearchIndex.Analyzed] {
        bodies.enumerated().map { number, body in
            SearchIndex.analyze(SearchDocument(url: "en-us/d\(number)/", title: "Doc \(number)", breadcrumb: "", excerpt: "",
                                               isFallback: false, sections: [.init(anchor: nil, heading: "Doc", text: body)]))
        }
    }

    /// A sharded index's files (a low threshold), its bundle as written, and the names in order.
    static func sharded(_ bodies: [String]) -> (files: [SearchIndex.File], bundle: [UInt8], names: [String]) {
        let files = SearchIndex(locale: "en-us", analyzed: documents(bodies)).files(shardThreshold: 4)
        let bundle = SearchIndex.outputs(files).first { $0.name == SearchIndex.offlineBundle }!.text
        return (files, Array(bundle.utf8), files.map(\.name))
    }

    @Test func changedFilesReplaceTheirLinesAndNothingElse() throws {
        let before = Self.sharded(["alpha beta \"quoted\" gamma", "delta epsilon", "日本語 のテキスト", "zeta eta theta"])
        let after = Self.sharded(["alpha beta \"quoted\" gamma", "delta epsilon changed", "日本語 のテキスト", "zeta eta theta"])
        #expect(before.names == after.names)
        let old = Dictionary(uniqueKeysWithValues: before.files.map { ($0.name, $0.json) })
        let changed = Dictionary(uniqueKeysWithValues: after.files.filter { old[$0.name] != $0.json }.map { ($0.name, $0) })
        #expect(!changed.isEmpty)
        let patched = try #require(SearchIndex.patchedBundle(before.bundle, names: after.names, changed: changed))
        #expect(Array(patched.utf8) == after.bundle)
    }

    @Test func aBundleOfOtherFilesIsRefused() {
        let index = Self.sharded(["alpha beta", "gamma delta", "epsilon zeta", "eta theta"])
        #expect(SearchIndex.patchedBundle(index.bundle, names: index.names + ["docs-9"], changed: [:]) == nil)
        #expect(SearchIndex.patchedBundle(index.bundle, names: Array(index.names.dropLast()), changed: [:]) == nil)
        var renamed = index.names
        renamed.swapAt(1, 2)
        #expect(SearchIndex.patchedBundle(index.bundle, names: renamed, changed: [:]) == nil)
        #expect(SearchIndex.patchedBundle(Array(index.bundle.dropLast()), names: index.names, changed: [:]) == nil)
        #expect(SearchIndex.patchedBundle(index.bundle, names: index.names, changed: [:]).map { Array($0.utf8) } == index.bundle)
    }
}
