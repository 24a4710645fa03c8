import Foundation
import SiteModel
import Testing
@testable import SiteBuilder

/// A sharded index opened from `file://` reads its offline parts: each part holds a range of documents, and the
/// browser joins the pieces of a term shard. Run here by the browser's own loader under Node, over a site of
/// 1,400 articles (three parts) built, edited and built again.
@Suite(.enabled(if: KBNode.path != nil || TestTools.required, "node is not installed: offline search loading skipped"))
struct OfflineSearchTests {
    /// 1,400 short articles of words drawn from a small vocabulary, so every part holds every common term.
    static var content: [String: String] {
        var generator = SeededGenerator(seed: 1400)
        let vocabulary = (0..<300).map { number in
            String((0..<6).map { _ in Character(Unicode.Scalar(UInt8(97 + (number * 7 + Int(generator.next() % 26)) % 26))) })
        } + ["2024", "10", "日本語", "データ", "﨎", "𠀋"]
        var content: [String: String] = [:]
        for article in 0..<1400 {
            let words = (0..<12).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))] }
            content[String(format: "en-us/a%04d.md", article)] = "# Article \(article)\n\n" + words.joined(separator: " ") + "\n"
        }
        return content
    }

    @Test func anEditRewritesOnePartAndTheBrowserReadsEveryFileFromTheParts() async throws {
        let site = try Fixture(Self.content)
        var options = site.options()
        options.cacheDirectory = site.root + "/.kb-cache"
        options.searchShardThreshold = 1_000
        _ = try await BuildPipeline.run(options)
        let search = site.output + "/en-us/search"
        let parts = try FileManager.default.contentsOfDirectory(atPath: search).filter { $0.hasPrefix("offline-") }.sorted()
        #expect(parts == ["offline-0.js", "offline-1.js", "offline-2.js"])

        // Article 700 is document 700 (path order): chunk 10, part 1. Its new words reach several shards.
        try site.write("en-us/a0700.md", Self.content["en-us/a0700.md"]! + "\nZyzzyva quokka xylophone 0x80070005.\n")
        let report = try await BuildPipeline.run(options)
        let written = report.writtenFiles.filter { $0.hasPrefix("en-us/search/") }
        #expect(written.filter { $0.hasPrefix("en-us/search/terms-") }.count >= 2, "\(written)")
        #expect(written.filter { $0.contains("/offline-") } == ["en-us/search/offline-1.js"], "\(written)")

        var cold = options
        cold.cacheDirectory = nil
        cold.outputDirectory = site.root + "/cold"
        _ = try await BuildPipeline.run(cold)
        for name in try FileManager.default.contentsOfDirectory(atPath: search).sorted() {
            let built = FileManager.default.contents(atPath: search + "/" + name)
            #expect(built == FileManager.default.contents(atPath: cold.outputDirectory + "/en-us/search/" + name), "\(name)")
        }

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("search-js/offline-load.js").path
        struct Loaded: Decodable {
            struct Query: Decodable { let query: String, hits: Int, same: Bool }
            let checked: Int
            let mismatched: [String]
            let queries: [Query]
        }
        let output = try KBNode.run([script, search, "zyzzyva", "article 70", "日本語", "データ", "𠀋", "2024"])
        let loaded = try JSONDecoder().decode(Loaded.self, from: Data(output.utf8))
        let files = try FileManager.default.contentsOfDirectory(atPath: search)
            .filter { ($0.hasPrefix("terms-") || $0.hasPrefix("docs-")) && $0.hasSuffix(".json") }
        #expect(files.filter { $0.hasPrefix("docs-") }.count == 22 && loaded.checked == files.count, "\(output)")
        #expect(loaded.mismatched == [], "read from the offline parts, these differ from their .json files")
        #expect(loaded.queries.allSatisfy { $0.same && $0.hits > 0 }, "\(loaded.queries)")
    }
}
