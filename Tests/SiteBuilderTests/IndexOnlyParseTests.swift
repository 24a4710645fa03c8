import CommonMark
import ContentDiscovery
import Foundation
import FrontMatter
import LinkResolution
import SiteModel
import Testing
@testable import SiteBuilder

/// A shard parses the articles whose pages other shards make for their index entries only
/// (`ArticleParser.parse(indexOnly:)`): every entry must be the whole parse's, and most articles must take the
/// cheap path, or sharding gains nothing.
struct IndexOnlyParseTests {
    /// Parses every article of `content` both ways; returns how many the heading scan took.
    static func compare(content: String) throws -> (articles: Int, scanned: Int) {
        let (config, _) = try ConfigLoader.load(contentDirectory: content)
        let inventory = try ContentScanner.scan(root: content, localeFolders: config.locales.compactMapValues(\.path))
        let includes = inventory.files(.include).compactMap { ArticleParser.parseInclude($0, config: config).0 }
        let expander = IncludeExpander(includes)
        var articles = 0, scanned = 0
        for file in inventory.files(.article) {
            let (whole, _) = ArticleParser.parse(file, config: config, includes: expander)
            let (indexed, _) = ArticleParser.parse(file, config: config, includes: expander, indexOnly: true)
            #expect(whole?.indexEntry == indexed?.indexEntry, "\(file.displayPath)")
            #expect(whole?.headings.map { "\($0.level) \($0.id) \($0.text)" } == indexed?.headings.map { "\($0.level) \($0.id) \($0.text)" },
                    "\(file.displayPath)")
            guard whole != nil else { continue }
            articles += 1
            let (text, _) = SourceReader.read(file, limit: config.maxFileBytes)
            let body = String(FrontMatterBlock(splitting: text ?? "").body)
            if MarkdownParser.scanHeadings(body, options: MarkdownOptions(flavor: .docs, allowedElements: config.allowedElements)) != nil {
                scanned += 1
                // The index-only parse took the scan: its tree holds headings and raw HTML, no paragraph.
                #expect(paragraphs(in: whole!.document.root) == 0 || paragraphs(in: indexed!.document.root) == 0,
                        "\(file.displayPath) was parsed whole")
            }
        }
        return (articles, scanned)
    }

    static func paragraphs(in root: MarkdownNode) -> Int {
        var count = 0
        root.forEach { if case .paragraph = $0.kind { count += 1 } }
        return count
    }

    /// A shard parses whole only the articles whose pages it makes: the others carry no Markdown problem (their
    /// owner reports it), the owned ones do.
    @Test func aShardParsesOnlyItsOwnArticlesWhole() async throws {
        let content = ShardTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: content) }
        for n in 0..<8 {
            try SiteWriter.makeFolders(content + "/en-us")
            try "---\ntitle: Article \(n)\n---\n# Article \(n)\n\nSet <your-domain> here.\n"
                .write(toFile: content + "/en-us/article-\(n).md", atomically: true, encoding: .utf8)
        }
        let shard = ShardSpec(index: 0, count: 2)
        let (engine, _) = try await SiteEngine.load(ShardTests.options(content: content, output: content + "-site", shard: shard))
        var owned = 0, other = 0
        for file in engine.files.values where file.kind == .article {
            let warned = (engine.fileDiagnostics[file.displayPath] ?? []).contains { $0.code == "unknown-html-tag" }
            if shard.ownsArticle(file) { owned += 1; #expect(warned, "\(file.displayPath)") } else { other += 1; #expect(!warned, "\(file.displayPath)") }
            #expect(engine.entries[file.displayPath]?.title == file.path.value.replacingOccurrences(of: "article-", with: "Article ")
                .replacingOccurrences(of: ".md", with: ""))
        }
        #expect(owned > 0 && other > 0)
    }

    @Test func theSampleSitesEntriesAreTheWholeParsesOnes() throws {
        let (articles, scanned) = try Self.compare(content: ShardTests.sample)
        #expect(articles > 20)
        // The sample shows includes and `:::image` in most articles, which only the whole parse knows: both paths run.
        #expect(scanned >= 10 && scanned < articles, "\(scanned) of \(articles) scanned")
    }

    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: index-only parse of the corpus skipped"))
    func theCorpusEntriesAreTheWholeParsesOnes() throws {
        let (articles, scanned) = try Self.compare(content: CorpusIntegrationTests.corpus)
        #expect(articles > 500)
        #expect(scanned * 10 > articles * 9, "\(scanned) of \(articles) scanned")
    }
}
