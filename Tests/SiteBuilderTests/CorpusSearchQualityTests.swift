import Foundation
import Testing
@testable import SiteBuilder

/// Search quality on the real corpus: reader-style queries (Tests/Fixtures/corpus-queries.json, ja-JP and de-DE)
/// must find the expected article in the top 3 for at least 95% of them, ranked by the browser's own search code
/// (run under Node) over the index kb wrote.
@Suite(.enabled(if: CorpusIntegrationTests.present && (KBNode.path != nil || TestTools.required),
                "needs ../shared/corpus/alchemy and node: corpus search quality skipped"))
struct CorpusSearchQualityTests {
    struct Result: Decodable {
        let locale, query, expected: String
        let top: [String]
        var hit: Bool { top.contains { $0.hasSuffix("/\(expected)/") } }
    }

    @Test func readerQueriesFindTheirArticleInTheTopThree() async throws {
        // The corpus is in-product help: nearly every article is ROBOTS NOINDEX for web search engines, and the site's
        // own search must find them with no configuration at all.
        let site = try Fixture([:])
        try FileManager.default.createDirectory(atPath: site.content, withIntermediateDirectories: true)
        for locale in ["ja-JP", "de-DE"] {
            try FileManager.default.copyItem(atPath: CorpusIntegrationTests.corpus + "/" + locale,
                                             toPath: site.content + "/" + locale)
        }
        _ = try await site.build()
        let queries = Fixture.repository.appendingPathComponent("Tests/Fixtures/corpus-queries.json").path
        let script = Fixture.repository.appendingPathComponent("Tests/search-js/run-queries.js").path
        let output = try KBNode.run([script, site.output, queries])
        let results = try JSONDecoder().decode([Result].self, from: Data(output.utf8))
        for locale in ["ja-jp", "de-de"] {
            let mine = results.filter { $0.locale == locale }
            let hits = mine.filter(\.hit).count
            #expect(mine.count >= 20)
            #expect(Double(hits) / Double(mine.count) >= 0.95,
                    "\(locale): \(hits)/\(mine.count); misses: \(mine.filter { !$0.hit }.map { "\($0.query) → \($0.top)" })")
        }
    }
}

enum KBNode {
    static let path: String? = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ arguments: [String]) throws -> String {
        guard let path else { throw TestTools.Missing(description: "node is not installed; `make test-deps` installs it") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
