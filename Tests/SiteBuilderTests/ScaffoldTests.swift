import Foundation
import Testing
@testable import SiteBuilder
import SiteModel

/// `kb new`: a new article and a translation stub both build without warnings and show in `kb status` as expected.
struct ScaffoldTests {
    static let content = ["kb.yml": "defaultLocale: en-us\n", "en-us/index-me.md": "# Start\n\nSee [the jam](printing/paper-jam.md).\n"]

    func read(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @Test func aNewArticleAndItsTranslationStubBuildCleanAndCountAsTranslated() async throws {
        let repo = try TranslationStatusTests.Repository(Self.content)
        let site = repo.site
        let new = try KBProcess.run(["new", "en-us/printing/paper-jam.md", "--content", site.content, "--templates",
                                     Fixture.defaultTemplates, "--title", "Paper \"jam\": what to do", "--topic-id", "7723"])
        #expect(new.code == 0, "\(new.err)")
        let article = read(site.content + "/en-us/printing/paper-jam.md")
        #expect(article.contains("title: \"Paper \\\"jam\\\": what to do\"") && article.contains("- \"7723\""))
        #expect(article.contains("# Paper \"jam\": what to do"))
        let commit = try repo.commit("new article", date: "2024-05-01T12:00:00Z")

        let stub = try KBProcess.run(["new", "ja-jp/printing/paper-jam.md", "--content", site.content, "--from", "en-us"])
        #expect(stub.code == 0, "\(stub.err)")
        let translation = read(site.content + "/ja-jp/printing/paper-jam.md")
        #expect(translation.contains("ms.contentlocale: ja-JP") && translation.contains("ms.sourcegitcommit: \(commit)"))
        #expect(translation.contains("title: \"Paper \\\"jam\\\": what to do\""), "the source's front matter is kept")
        #expect(translation.hasSuffix(article.components(separatedBy: "---\n").last!), "the body is copied")

        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(site.page("ja-jp/topic/7723/index.html") != nil)
        let japanese = try #require(TranslationStatus.compute(contentDirectory: site.content).locales[LocaleCode("ja-jp")!])
        #expect(japanese.translated == 1 && japanese.stale.isEmpty && japanese.unknown.isEmpty)
        #expect(japanese.missing == [site.content + "/en-us/index-me.md"])
    }

    @Test func kbNewRefusesToOverwriteAndRefusesPathsThatAreNoArticles() throws {
        let site = try Fixture(Self.content)
        let arguments = ["--content", site.content, "--templates", Fixture.defaultTemplates]
        let existing = site.content + "/en-us/index-me.md"
        let overwrite = try KBProcess.run(["new", "en-us/index-me.md"] + arguments)
        #expect(overwrite.code == 2 && overwrite.err.contains("never overwrites"))
        #expect(read(existing) == Self.content["en-us/index-me.md"])
        for bad in ["en-us/../escape.md", "en-us/includes/note.md", "en-us/notes.txt", "not a locale/a.md", "a.md", "en-us/.hidden/a.md"] {
            let result = try KBProcess.run(["new", bad] + arguments)
            #expect(result.code == 2, "\(bad) was accepted")
        }
        let noSource = try KBProcess.run(["new", "ja-jp/missing.md", "--from", "en-us"] + arguments)
        #expect(noSource.code == 2 && noSource.err.contains("no source article"))
        #expect(!FileManager.default.fileExists(atPath: site.content + "/ja-jp/missing.md"))
    }

    @Test func aStubReplacesTheSourcesLocaleFieldsAndKeepsItsListsWhole() {
        let text = "---\ntitle: A\nms.contentlocale: en-US\nms.custom:\n- \"1\"\n- \"2\"\n---\n# A\n"
        let stub = ArticleScaffold.setting([("ms.contentlocale", "ja-JP"), ("ms.sourcegitcommit", "abc")], in: text)
        #expect(stub == "---\ntitle: A\nms.contentlocale: ja-JP\nms.custom:\n- \"1\"\n- \"2\"\nms.sourcegitcommit: abc\n---\n# A\n")
        #expect(ArticleScaffold.setting([("ms.contentlocale", "de-DE")], in: "# Bare\n") == "---\nms.contentlocale: de-DE\n---\n# Bare\n")
    }
}
