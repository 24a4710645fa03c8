import Foundation
import Testing
@testable import SearchIndexing

/// Reading an index's own files back and patching them gives the index a full build makes.
@Suite struct SearchIndexUpdateTests {
    static func document(_ number: Int, _ body: String) -> SearchDocument {
        // The number is in the URL only: postings hold what is tokenized (title and text), so numbers can move.
        SearchDocument(url: "en-us/d\(number)/", title: "Doc", breadcrumb: "", excerpt: "", isFallback: false,
                       sections: [.init(anchor: nil, heading: "Doc", text: body)])
    }

    @Test func aTableReadsBackExactlyAsWritten() throws {
        let awkward = ["quote\"d", "back\\slash", "</script", "tab\there", "line\nbreak", "\u{1}control", "日本語", "🙂",
                       "\u{2028}separator", "plain"]
        var table: [String: [Int]] = [:]
        for (index, term) in awkward.enumerated() { table[term] = [index, 10 * index + 1, index % 3] }
        let file = SearchIndex.termsFile(0, table)
        #expect(SearchIndex.readTable(Array(file.json.utf8)) == table)
        // The `terms` of a one-file manifest, behind the documents (whose strings hold braces and quotes).
        let documents = [(Self.document(0, "x"), 3), (SearchDocument(url: "u/", title: "{[\"}", breadcrumb: "]", excerpt: "\\",
                                                                     isFallback: true, sections: []), 5)]
        let manifest = SearchIndex.manifest(.init(locale: "en-US", documents: 2, lengthSum: 8), single: (documents, table))
        #expect(SearchIndex.readTable(Array(manifest.json.utf8), inManifest: true) == table)
        #expect(SearchIndex.readTable(Array("{\"a\":[1,2".utf8)) == nil)
        #expect(SearchIndex.readTable(Array("[1]".utf8)) == nil)
    }

    @Test func patchingPostingsEqualsIndexingAgain() throws {
        var generator = SystemRandomNumberGenerator()
        let words = (0..<40).map { "w\($0)" }
        func body() -> String { (0..<12).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") }
        var bodies = (0..<30).map { _ in body() }
        let before = SearchIndex(locale: "en-US", documents: bodies.enumerated().map { Self.document($0, $1) })
        // Documents 3 and 17 change; 8 is removed (later numbers move down by one); a new one is added at the end.
        bodies[3] = body()
        bodies[17] = body()
        var after = bodies
        after.remove(at: 8)
        after.append(body())
        let expected = SearchIndex(locale: "en-US", documents: after.enumerated().map { Self.document($0, $1) })
        var table = before.postings
        let changedOld: Set<Int> = [3, 17, 8]
        let added = [(3, 3), (17, 16), (30, 29)].map { old, new in
            (document: new, analyzed: SearchIndex.analyze(Self.document(new, old == 30 ? after[29] : bodies[old])))
        }
        SearchIndex.patch(&table, remove: { changedOld.contains($0) }, renumber: { $0 > 8 ? $0 - 1 : $0 }, added: added)
        #expect(table == expected.postings)
    }

    @Test func patchingWithoutRenumberingKeepsEveryOtherDocumentWhereItWas() {
        var table = ["a": [0, 1, 0, 2, 1, 0], "b": [1, 1, 0], "c": [2, 5, 0]]
        let analyzed = SearchIndex.Analyzed(document: Self.document(1, ""), terms: [("c", 7, 0)], length: 7)
        SearchIndex.patch(&table, remove: { $0 == 1 }, renumber: nil, added: [(1, analyzed)])
        #expect(table == ["a": [0, 1, 0, 2, 1, 0], "c": [1, 7, 0, 2, 5, 0]])
    }

    @Test func shardsMatchTheBrowsersRuleOnTheFirstTwoCharacters() {
        // The rule hashes the UTF-8 bytes of the first two Unicode scalars.
        for term in ["ab", "abc", "日本語", "é́x", "🙂🙂🙂", "a"] {
            var hash: UInt32 = 0x811C_9DC5
            for scalar in term.unicodeScalars.prefix(2) {
                for byte in String(scalar).utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
            }
            #expect(SearchIndex.shard(of: term, count: 37) == Int(hash % 37), "\(term)")
        }
        #expect(SearchIndex.shard(of: "abc", count: 256) == SearchIndex.shard(of: "abd", count: 256))
    }
}
