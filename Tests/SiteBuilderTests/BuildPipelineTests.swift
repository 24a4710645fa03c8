import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

@Suite struct BuildPipelineTests {
    @Test func articlePagesLocaleHomesAndLanguageChooser() async throws {
        let site = try Fixture([
            "ja-JP/sign-in/issues-with-credentials.md": """
            ---
            title: 資格情報に関する問題
            description: サインインの問題
            ROBOTS: NOINDEX, NOFOLLOW
            ---
            # <a name="issues-with-credentials"></a>資格情報に関する問題

            ## 原因
            """,
            "ar-sa/sign-in/issues-with-credentials.md": "---\ntitle: مشكلات بيانات الاعتماد\n---\n# مشكلات\n",
            "kb.yml": "title: Help\nlocales:\n  ja-jp: { name: 日本語版, title: ヘルプ }\n",
        ])
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty)
        #expect(report.articlePages == [LocaleCode("ja-JP")!: 1, LocaleCode("ar-SA")!: 1])
        let ja = try #require(site.page("ja-jp/sign-in/issues-with-credentials/index.html"))
        #expect(ja.contains("<html lang=\"ja-JP\" dir=\"ltr\">"))
        #expect(ja.contains("<h1 id=\"issues-with-credentials\">資格情報に関する問題</h1>"))
        #expect(ja.contains("<title>資格情報に関する問題 · ヘルプ</title>"))
        #expect(ja.contains("<meta name=\"robots\" content=\"NOINDEX, NOFOLLOW\">"))
        #expect(ja.contains("<meta name=\"description\" content=\"サインインの問題\">"))
        #expect(ja.contains("<a href=\"#原因\">原因</a>"))
        #expect(ja.contains("href=\"../../index.html\""), "link to the locale home")
        #expect(ja.contains("href=\"../../../ar-sa/sign-in/issues-with-credentials/index.html\""), "translation link")
        let ar = try #require(site.page("ar-sa/sign-in/issues-with-credentials/index.html"))
        #expect(ar.contains("<html lang=\"ar-SA\" dir=\"rtl\">"))
        #expect(ar.contains("<title>مشكلات بيانات الاعتماد · Help</title>"))
        let root = try #require(site.page("index.html"))
        #expect(root.contains("href=\"ja-jp/index.html\" hreflang=\"ja-JP\">日本語版</a>"))
        #expect(root.contains("href=\"ar-sa/index.html\" hreflang=\"ar-SA\">العربية</a>"))
        #expect(site.page("assets/kb.css") != nil)
    }

    @Test func localeHomeFollowsTocThenTitle() async throws {
        let site = try Fixture([
            "en-us/toc.yml": "- name: Zeta first\n  href: z.md\n- name: Group\n  items:\n  - name: M\n    href: sub/m.md\n",
            "en-us/z.md": "# Zeta\n",
            "en-us/sub/m.md": "# Mid\n",
            "en-us/b.md": "# Beta\n",
            "en-us/a.md": "# Alpha\n",
        ])
        _ = try await site.build()
        let home = try #require(site.page("en-us/index.html"))
        let order = ["z/index.html", "sub/m/index.html", "a/index.html", "b/index.html"]
            .map { home.range(of: "href=\"\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    @Test func titleFromFirstH1WithoutFrontMatterAndIncludesAreNoPages() async throws {
        let site = try Fixture([
            "de-de/ohne.md": "Intro\n\n# Ohne Vorspann\n",
            "de-de/includes/snippet.md": "# Snippet\n",
            "de-de/LICENSE": "x",
        ])
        let report = try await site.build()
        #expect(report.articlePages[LocaleCode("de-DE")!] == 1)
        #expect(site.page("de-de/ohne/index.html")?.contains("<title>Ohne Vorspann") == true)
        #expect(site.page("de-de/includes/snippet/index.html") == nil)
        #expect(site.page("de-de/license/index.html") == nil)
    }

    @Test func invalidYAMLSkipsOnlyThatArticle() async throws {
        let site = try Fixture([
            "en-us/good.md": "---\ntitle: Good\n---\nok\n",
            "en-us/bad.md": "---\ntitle: Bad\nms.custom: [1\n---\nbody\n",
        ])
        let report = try await site.build()
        #expect(report.errorCount == 1)
        let error = try #require(report.diagnostics.first)
        #expect(error.code == "yaml-syntax")
        #expect(error.location.path.hasSuffix("content/en-us/bad.md"))
        #expect(error.location.line >= 3)
        #expect(site.page("en-us/good/index.html") != nil)
        #expect(site.page("en-us/bad/index.html") == nil)
    }

    @Test func urlCollisionIsAnErrorAndTheFirstFileWins() async throws {
        let site = try Fixture(["en-us/Same Name.md": "# Upper\n", "en-us/same-name.md": "# Lower\n"])
        let report = try await site.build()
        #expect(report.diagnostics.map(\.code) == ["url-collision"])
        #expect(report.diagnostics.first?.location.path.hasSuffix("same-name.md") == true)
        #expect(site.page("en-us/same-name/index.html")?.contains("Upper") == true)
    }

    @Test func invalidUTF8IsReportedAtItsPositionAndThePageStillBuilt() async throws {
        let site = try Fixture([:])
        try site.write("en-us/bytes.md", bytes: Data("# Title\n\nab".utf8) + Data([0xFF, 0xFE]) + Data("cd\n".utf8))
        let report = try await site.build()
        let error = try #require(report.diagnostics.first)
        #expect(error.code == "invalid-utf8")
        #expect(error.location.line == 3)
        #expect(error.location.column == 3)
        #expect(site.page("en-us/bytes/index.html")?.contains("ab\u{FFFD}") == true)
    }

    @Test func typoKeysAndPlaceholdersAreWarningsWithFileLineColumn() async throws {
        let site = try Fixture(["en-us/a.md": "---\ntitle: A\nms-custom: 1\n---\nMail <email> now.\n"])
        let report = try await site.build()
        #expect(report.errorCount == 0)
        #expect(report.diagnostics.map(\.description).map { $0.replacingOccurrences(of: site.content, with: "C") } == [
            "C/en-us/a.md:3:1: warning: unknown front matter key `ms-custom`; did you mean `ms.custom`? [front-matter-typo]",
            "C/en-us/a.md:5:6: warning: <email> is not an HTML element; shown as text (list real custom elements in html.allowedElements of kb.yml) [unknown-html-tag]",
        ])
        #expect(site.page("en-us/a/index.html")?.contains("Mail &lt;email&gt; now.") == true)
    }

    @Test func allowedElementsComeFromKbYml() async throws {
        let site = try Fixture([
            "kb.yml": "html:\n  allowedElements: [kb-video]\n",
            "en-us/a.md": "# A\n\n<kb-video src=\"x\"></kb-video>\n",
        ])
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty)
        #expect(site.page("en-us/a/index.html")?.contains("<kb-video src=\"x\"></kb-video>") == true)
    }
}

/// Path rules are one set (`PathReference`): links, includes, tocs and redirects read `./`, `../`, escapes and
/// `.markdown` alike.
@Suite struct PathRuleTests {
    @Test func markdownExtensionIsAnArticleEverywhere() async throws {
        let site = try Fixture([
            "en-us/guide/Start.markdown": "# Start\n\n## Step one\n",
            "en-us/guide/other.md": "# Other\n\n[s](start.markdown#step-one) [t](./Start.MARKDOWN) [u](start)\n",
            "en-us/guide/toc.yml": "- name: Start\n  href: start.markdown\n- name: Other\n  href: ./other.md\n",
        ])
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let other = try #require(site.page("en-us/guide/other/index.html"))
        #expect(other.contains("<a href=\"../start/index.html#step-one\">s</a>"))
        #expect(other.contains("<a href=\"../start/index.html\">t</a>"))
        #expect(other.contains("<a href=\"../start/index.html\">u</a>"))
        #expect(other.contains(">Start</a>"), "the toc lists it")
    }

    @Test func aTocEntryAboveTheLocaleFolderIsReportedNotDropped() async throws {
        let site = try Fixture([
            "en-us/a.md": "# A\n",
            "en-us/toc.yml": "- name: A\n  href: a.md\n- name: Escape\n  href: ../../../etc/passwd.md\n",
        ])
        let report = try await site.build()
        #expect(report.diagnostics.map(\.code) == ["link-outside-content"])
        #expect(report.diagnostics.first?.location.line == 3)
    }

    @Test func includesAndLinksAgreeOnEscapesAndDots() async throws {
        let site = try Fixture([
            "en-us/guide/deep/a.md": "# A\n\n[!INCLUDE [x](../../includes/set%20up.md)]\n\n[b](../b%20page.md)\n",
            "en-us/guide/b page.md": "# B\n",
            "en-us/includes/set up.md": "Included text.\n",
        ])
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let a = try #require(site.page("en-us/guide/deep/a/index.html"))
        #expect(a.contains("Included text."))
        #expect(a.contains("<a href=\"../../b-page/index.html\">b</a>"))
    }
}
