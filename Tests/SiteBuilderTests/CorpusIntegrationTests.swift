import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Builds the real corpus of ../shared/corpus/alchemy (518 articles, ja-JP and de-DE). Skipped, with a message,
/// when the corpus is not beside the repository.
@Suite struct CorpusIntegrationTests {
    static let corpus = Fixture.repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/alchemy").path
    static let present = FileManager.default.fileExists(atPath: corpus)

    @Test(.enabled(if: present, "../shared/corpus/alchemy is absent: corpus integration test skipped"))
    func buildsTheAlchemyCorpus() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-corpus-\(UUID().uuidString)").path
        let report = try await BuildPipeline.run(BuildOptions(
            contentDirectory: Self.corpus, templatesDirectory: Fixture.defaultTemplates, outputDirectory: output))
        #expect(report.articlePages == [LocaleCode("ja-JP")!: 259, LocaleCode("de-DE")!: 259])
        let pages = report.writtenFiles.filter {
            $0.hasSuffix("/index.html") && $0.split(separator: "/").count > 2 && !$0.contains("/topic/")
                && !$0.hasSuffix("/search/index.html")
        }
        #expect(pages.count == 518)
        // 23 articles per locale share topic ID 9002531: a listing page, not a redirect.
        let shared = try #require(FileManager.default.contents(atPath: output + "/ja-jp/topic/9002531/index.html"))
        #expect(String(decoding: shared, as: UTF8.self).components(separatedBy: "<li><a href=").count - 1 == 23)
        #expect(!report.writtenFiles.contains { $0.contains("/includes/") }, "the include file is no page")
        #expect(report.errorCount == 0, "\(report.diagnostics.filter { $0.severity == .error })")

        let seed = try #require(FileManager.default.contents(
            atPath: output + "/ja-jp/alchemyinsights/issues-with-credentials/index.html"))
        let html = String(decoding: seed, as: UTF8.self)
        let htmlTag = try #require(html.range(of: "<html lang=\"ja-JP\""))
        let heading = try #require(html.range(of: "<h1 id=\"issues-with-credentials\">資格情報に関する問題</h1>"))
        #expect(htmlTag.lowerBound < heading.lowerBound)

        let typos = report.diagnostics.filter { $0.code == "front-matter-typo" }
        #expect(typos.count == 2)
        #expect(typos.allSatisfy { $0.message.contains("`ms,.custom`") && $0.message.contains("`ms.custom`") })
        // File names with spaces, en dashes and zero-width spaces all become clean URLs.
        #expect(FileManager.default.fileExists(atPath: output + "/de-de/alchemyinsights/restore-an-office-365-group-using-eac/index.html"))
        #expect(FileManager.default.fileExists(atPath: output + "/de-de/alchemyinsights/sign-in-to-windows-10-without-a-password/index.html"))
        try? FileManager.default.removeItem(atPath: output)
    }
}

@Suite struct ChangeLogIncludeTests {
    /// The corpus change log (an include with 600+ site-root links `/AlchemyInsights/<slug>`, included nowhere) is
    /// included by a new article in a copy of the ja-JP corpus: its links to articles that exist must resolve.
    @Test(.enabled(if: CorpusIntegrationTests.present, "../shared/corpus/alchemy is absent: change-log test skipped"))
    func siteRootLinksOfTheChangeLogResolve() async throws {
        let site = try Fixture([:])
        try FileManager.default.createDirectory(atPath: site.content, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CorpusIntegrationTests.corpus + "/ja-JP", toPath: site.content + "/ja-JP")
        try site.write("ja-JP/AlchemyInsights/changes.md",
                       "# Changes\n\n[!INCLUDE[changes](includes/alchemyinsights-content-updates.md)]\n")
        let report = try await site.build()
        let page = try #require(site.page("ja-jp/alchemyinsights/changes/index.html"))
        let resolved = page.components(separatedBy: "<a href=\"../").count - 1
        let broken = page.components(separatedBy: "class=\"kb-broken-link\"").count - 1
        let brokenReported = report.diagnostics.filter {
            ["broken-link", "missing-file"].contains($0.code) && $0.location.path.hasSuffix("alchemyinsights-content-updates.md")
        }.count
        #expect(resolved >= 30, "links to existing articles resolve")
        #expect(broken == brokenReported, "every link that does not resolve is reported, once")
        #expect(!report.diagnostics.contains { $0.code == "unused-include" })
    }
}

/// The sample site in content/ is a fixture too: it must build with no diagnostic at all.
@Suite struct SampleSiteTests {
    @Test func sampleContentBuildsCleanly() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kb-sample-\(UUID().uuidString)").path
        let report = try await BuildPipeline.run(BuildOptions(
            contentDirectory: Fixture.repository.appendingPathComponent("content").path,
            templatesDirectory: Fixture.defaultTemplates, outputDirectory: output))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(Set(report.articlePages.keys.map(\.tag)) == ["en-US", "ja-JP", "de-DE", "ar-SA", "zh-CN"])
        let ar = try #require(FileManager.default.contents(atPath: output + "/ar-sa/index.html"))
        #expect(String(decoding: ar, as: UTF8.self).contains("dir=\"rtl\""))
        try? FileManager.default.removeItem(atPath: output)
    }
}
