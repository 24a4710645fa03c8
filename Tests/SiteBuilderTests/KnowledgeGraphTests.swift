import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Three locales; `b` is missing in de-de; topic 9002531 is shared by two articles, 7723 belongs to one.
private func threeLocaleSite() throws -> Fixture {
    try Fixture([
        "kb.yml": "defaultLocale: en-us\nlocales:\n  de-de: { fallback: [ja-jp] }\n",
        "en-us/toc.yml": "- name: Group\n  items:\n  - name: A\n    href: guide/a.md\n  - name: B\n    href: guide/b.md\n",
        "en-us/guide/a.md": "---\ntitle: A en\nms.custom:\n- \"9002531\"\n- 7723\n---\n# A\n\nSee [B](b.md#cause).\n",
        "en-us/guide/b.md": "---\ntitle: B en\nms.custom: '9002531'\n---\n# B\n\n## Cause\n",
        "ja-jp/guide/a.md": "---\ntitle: A ja\n---\n# A\n\n[B](b.md#cause)\n",
        "ja-jp/guide/b.md": "---\ntitle: B ja\nms.custom: 9002531\n---\n# B\n\n## <a name=\"cause\"></a>原因\n",
        "de-de/guide/a.md": "---\ntitle: A de\n---\n# A\n\nSiehe [B](b.md#cause) und [Thema](topic:7723).\n",
    ])
}

@Suite struct KnowledgeGraphTests {
    @Test func missingTranslationGetsAMarkedFallbackPageAndLinksReachIt() async throws {
        let site = try threeLocaleSite()
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let fallback = try #require(site.page("de-de/guide/b/index.html"))
        // The configured fallback order (ja-jp) wins over the default locale.
        #expect(fallback.contains("<html lang=\"de-DE\""))
        #expect(fallback.contains("<article lang=\"ja-JP\" dir=\"ltr\">"))
        #expect(fallback.contains("class=\"kb-fallback\""))
        #expect(fallback.contains("<link rel=\"canonical\" href=\"../../../ja-jp/guide/b/index.html\">"))
        #expect(fallback.contains("<h2 id=\"cause\">原因</h2>"))
        #expect(!fallback.contains("hreflang=\"de-DE\" href"), "a fallback page is no alternate")
        let deA = try #require(site.page("de-de/guide/a/index.html"))
        #expect(deA.contains("<a href=\"../b/index.html#cause\">B</a>"))
        #expect(deA.contains("<a href=\"../../topic/7723/index.html\">Thema</a>"))
    }

    @Test func hreflangAlternatesWithXDefault() async throws {
        let site = try threeLocaleSite()
        _ = try await site.build()
        let enB = try #require(site.page("en-us/guide/b/index.html"))
        #expect(enB.contains("<link rel=\"alternate\" hreflang=\"en-US\" href=\"index.html\">"))
        #expect(enB.contains("<link rel=\"alternate\" hreflang=\"ja-JP\" href=\"../../../ja-jp/guide/b/index.html\">"))
        #expect(enB.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"index.html\">"))
        #expect(!enB.contains("hreflang=\"de-DE\" href"))
        // The language chooser reaches every locale, the fallback page included.
        #expect(enB.contains("href=\"../../../de-de/guide/b/index.html\" lang=\"de-DE\""))
    }

    @Test func topicPagesRedirectOrList() async throws {
        let site = try threeLocaleSite()
        _ = try await site.build()
        let single = try #require(site.page("ja-jp/topic/7723/index.html"))
        #expect(single.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../guide/a/index.html\">"))
        #expect(single.contains("<a id=\"kb-redirect\" href=\"../../guide/a/index.html\">A ja</a>"))
        let shared = try #require(site.page("de-de/topic/9002531/index.html"))
        #expect(shared.contains("<a href=\"../../guide/a/index.html\">A de</a>"))
        #expect(shared.contains("<a href=\"../../guide/b/index.html\">B ja</a>"), "missing translation listed through its fallback")
        let json = try #require(site.page("en-us/topics.json"))
        let map = try JSONDecoder().decode([String: [String]].self, from: Data(json.utf8))
        #expect(map == ["7723": ["en-us/guide/a/"], "9002531": ["en-us/guide/a/", "en-us/guide/b/"]])
    }

    @Test func navigationTreeAndBreadcrumbsFromToc() async throws {
        let site = try threeLocaleSite()
        _ = try await site.build()
        let b = try #require(site.page("en-us/guide/b/index.html"))
        #expect(b.contains("<span class=\"kb-nav-group\">Group</span><ul><li><a href=\"../a/index.html\">A</a></li>"))
        #expect(b.contains("<a href=\"index.html\" aria-current=\"page\">B</a>"))
        #expect(b.contains("<li>Group</li>\n    <li aria-current=\"page\">B en</li>"))
    }

    @Test func brokenLinksAreReportedAndNotRenderedLive() async throws {
        let site = try Fixture(["en-us/a.md": "# A\n\n[gone](missing.md) and ![pic](media/none.png)\n"])
        let report = try await site.build()
        #expect(report.diagnostics.map(\.code) == ["broken-link", "missing-file"])
        let html = try #require(site.page("en-us/a/index.html"))
        #expect(!html.contains("href=\"missing.md\""))
        #expect(html.contains("<span class=\"kb-broken-link\" title=\"missing.md\">gone</span>"))
    }
}

@Suite struct RawHTMLLinkTests {
    @Test func rawHTMLSourcesAndHrefsResolveLikeMarkdown() async throws {
        let site = try Fixture([
            "en-us/guide/a.md": "# A\n\n<img src=\"media/shot.png\" alt=\"x\"> and <a href='b.md#cause' class=\"k\">B</a>\n\n<img src='data:image/png;base64,AAA='>\n",
            "en-us/guide/b.md": "# B\n\n## Cause\n",
        ])
        try site.write("en-us/guide/media/shot.png", bytes: Data([0x89, 0x50, 0x4E, 0x47]))
        let report = try await site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let html = try #require(site.page("en-us/guide/a/index.html"))
        #expect(html.contains("<img src=\"../media/shot.png\" alt=\"x\">"))
        #expect(html.contains("<a href=\"../b/index.html#cause\" class=\"k\">B</a>"))
        #expect(html.contains("<img src=\"data:image/png;base64,AAA=\">"))
        #expect(site.page("en-us/guide/media/shot.png") != nil)
    }
}

@Suite struct NavigationWindowTests {
    @Test func hugeSectionsAreWindowedAroundTheCurrentPage() async throws {
        var files = ["en-us/toc.yml": "- name: Big\n  items:\n"
            + (0..<100).map { "  - name: P\($0)\n    href: big/p\($0).md\n" }.joined()]
        for i in 0..<100 { files["en-us/big/p\(i).md"] = "# P\(i)\n" }
        let site = try Fixture(files)
        _ = try await site.build()
        let page = try #require(site.page("en-us/big/p50/index.html"))
        #expect(page.contains(">P42</a>") && page.contains(">P58</a>"))
        #expect(!page.contains(">P41</a>") && !page.contains(">P59</a>"))
        #expect(page.components(separatedBy: "kb-nav-gap").count - 1 == 2)
    }
}
