import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Two locales; `b` is missing in ja-jp, so ja-jp shows a fallback page of it. `a` includes a snippet and links to b.
private func previewFixture() throws -> Fixture {
    let site = try Fixture([
        "kb.yml": "defaultLocale: en-us\n",
        "en-us/toc.yml": "- name: Guide\n  items:\n  - name: A in toc\n    href: a.md\n  - name: B in toc\n    href: b.md\n",
        "en-us/a.md": "---\ntitle: A title\n---\n# A\n\nFirst version. See [b](b.md) and [c](c.md).\n\n[!INCLUDE [note](includes/note.md)]\n",
        "en-us/b.md": "---\ntitle: B title\n---\n# B\n\nB body.\n\n## Cause\n",
        "en-us/includes/note.md": "Shared note v1.\n",
        "ja-jp/a.md": "---\ntitle: A ja\n---\n# A\n\n本文。\n",
    ])
    try FileManager.default.copyItem(atPath: Fixture.defaultTemplates, toPath: site.root + "/templates")
    return site
}

private func open(_ site: Fixture) async throws -> PreviewSite {
    var options = site.options(templates: site.root + "/templates")
    options.outputDirectory = ""
    return try await PreviewSite.open(options, live: .init(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events"))
}

private func html(_ site: PreviewSite, _ path: String) async -> String? {
    guard let file = await site.file(at: path), case .text(let text) = file.contents else { return nil }
    return text
}

@Suite struct PreviewSiteTests {
    @Test func bodyEditReRendersOnlyThatArticlesPages() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        let before = try #require(await html(site, "en-us/b/index.html"))
        #expect(before.contains("B body."))
        #expect(before.contains("<script src=\"/_kb/live.js\" data-events=\"/_kb/events\" data-page=\"/en-us/b/\""))
        _ = await html(site, "en-us/a/index.html")

        try fixture.write("en-us/b.md", "---\ntitle: B title\n---\n# B\n\nB body, edited.\n\n## Cause\n")
        let change = await site.apply([fixture.content + "/en-us/b.md"])
        // Its own page and the ja-jp fallback page that shows it; nothing else.
        #expect(change.pages == ["/en-us/b/", "/ja-jp/b/"])
        #expect(change.diagnostics.isEmpty)
        #expect(try #require(await html(site, "en-us/b/index.html")).contains("B body, edited."))
        #expect(try #require(await html(site, "ja-jp/b/index.html")).contains("B body, edited."))
    }

    @Test func titleEditReachesEveryPageThatShowsIt() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        #expect(try #require(await html(site, "en-us/index.html")).contains(">B title</a>"))
        try fixture.write("en-us/b.md", "---\ntitle: B renamed\n---\n# B\n\nB body.\n\n## Cause\n")
        let change = await site.apply([fixture.content + "/en-us/b.md"])
        #expect(change.pages == nil, "a new title changes other pages: every page reloads")
        // The locale home lists it; the ja-jp fallback page shows it.
        #expect(try #require(await html(site, "en-us/index.html")).contains(">B renamed</a>"))
        #expect(try #require(await html(site, "ja-jp/b/index.html")).contains("<title>B renamed"))
    }

    @Test func includeEditReParsesTheArticlesThatUseIt() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        #expect(try #require(await html(site, "en-us/a/index.html")).contains("Shared note v1."))
        try fixture.write("en-us/includes/note.md", "Shared note v2.\n")
        let change = await site.apply([fixture.content + "/en-us/includes/note.md"])
        #expect(change.pages == ["/en-us/a/"])
        #expect(try #require(await html(site, "en-us/a/index.html")).contains("Shared note v2."))
    }

    @Test func brokenEditKeepsTheLastGoodPageAndShowsTheProblem() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        try fixture.write("en-us/b.md", "---\ntitle: [unclosed\n---\n# B\n\nHalf-typed.\n")
        let change = await site.apply([fixture.content + "/en-us/b.md"])
        #expect(change.diagnostics.map(\.code) == ["yaml-syntax"])
        let page = try #require(await html(site, "en-us/b/index.html"))
        #expect(page.contains("B body."), "the last good version stays served")
        #expect(!page.contains("Half-typed."))
        #expect(page.contains("class=\"kb-overlay\""))
        #expect(page.contains("<code>\(fixture.content)/en-us/b.md:3:1</code>"))
        #expect(page.contains("[yaml-syntax]"))
        // Pages without problems have no overlay.
        #expect(!(try #require(await html(site, "ja-jp/a/index.html")).contains("class=\"kb-overlay\"")))

        try fixture.write("en-us/b.md", "---\ntitle: B title\n---\n# B\n\nFixed.\n")
        _ = await site.apply([fixture.content + "/en-us/b.md"])
        let fixed = try #require(await html(site, "en-us/b/index.html"))
        #expect(fixed.contains("Fixed."))
        #expect(!fixed.contains("class=\"kb-overlay\""))
    }

    @Test func aFileThatNeverParsedShowsItsProblemOnTheFallbackPage() async throws {
        let fixture = try previewFixture()
        try fixture.write("ja-jp/b.md", "---\ntitle: [unclosed\n---\n# B ja\n")
        let site = try await open(fixture)
        let page = try #require(await html(site, "ja-jp/b/index.html"))
        #expect(page.contains("kb-fallback"), "ja-jp shows the en-us article instead")
        #expect(page.contains("<code>\(fixture.content)/ja-jp/b.md:3:1</code>"))
    }

    @Test func linkProblemsShowOnTheirPage() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        let page = try #require(await html(site, "en-us/a/index.html"))
        #expect(page.contains("<code>\(fixture.content)/en-us/a.md:6:"), "the link to c.md is broken")
        #expect(page.contains("[broken-link]"))
    }

    @Test func createdAndDeletedArticles() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        #expect(await site.file(at: "en-us/c/index.html") == nil)
        try fixture.write("en-us/c.md", "---\ntitle: C new\n---\n# C\n\nNew article.\n")
        let created = await site.apply([fixture.content + "/en-us/c.md"])
        #expect(created.pages == nil)
        #expect(try #require(await html(site, "en-us/c/index.html")).contains("New article."))
        let linking = try #require(await html(site, "en-us/a/index.html"))
        #expect(linking.contains("<a href=\"../c/index.html\">c</a>"), "the broken link now resolves")
        #expect(!linking.contains("[broken-link]"))
        #expect(try #require(await html(site, "ja-jp/c/index.html")).contains("kb-fallback"), "ja-jp gets its fallback page")

        try FileManager.default.removeItem(atPath: fixture.content + "/en-us/c.md")
        _ = await site.apply([fixture.content + "/en-us/c.md"])
        #expect(await site.file(at: "en-us/c/index.html") == nil)
        #expect(await site.file(at: "ja-jp/c/index.html") == nil)
    }

    @Test func aNewLocaleFolderJoinsTheSite() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        try fixture.write("de-de/a.md", "---\ntitle: A de\n---\n# A\n\nDeutsch.\n")
        let change = await site.apply([fixture.content + "/de-de/a.md"])
        #expect(change.pages == nil)
        #expect(try #require(await html(site, "de-de/a/index.html")).contains("Deutsch."))
        #expect(try #require(await html(site, "de-de/b/index.html")).contains("kb-fallback"))
        #expect(try #require(await html(site, "en-us/a/index.html")).contains("hreflang=\"de-DE\""))
    }

    @Test func redirectsRenderOnRequestAndAnArticleAtTheOldURLWins() async throws {
        let fixture = try previewFixture()
        try fixture.write("en-us/.openpublishing.redirection.json", """
            {"redirections": [{"source_path": "old.md", "redirect_url": "/b"},
                              {"source_path": "a.md", "redirect_url": "/b"}]}
            """)
        let site = try await open(fixture)
        let redirect = try #require(await html(site, "en-us/old/index.html"))
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../b/index.html\">"))
        #expect(try #require(await html(site, "en-us/a/index.html")).contains("First version."))
    }

    @Test func aNewSymlinkOutOfTheContentFolderIsRefused() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        let secret = fixture.root + "/secret.md"
        try Data("# Secret\n\nSECRET\n".utf8).write(to: URL(fileURLWithPath: secret))
        try FileManager.default.createSymbolicLink(atPath: fixture.content + "/en-us/leak.md", withDestinationPath: secret)
        let change = await site.apply([fixture.content + "/en-us/leak.md"])
        #expect(change.diagnostics.map(\.code) == ["outside-content"])
        #expect(await site.file(at: "en-us/leak/index.html") == nil)
    }

    @Test func removedFolderTakesItsArticlesAlong() async throws {
        let fixture = try previewFixture()
        try fixture.write("en-us/old/x.md", "# X\n")
        let site = try await open(fixture)
        #expect(await site.file(at: "en-us/old/x/index.html") != nil)
        try FileManager.default.removeItem(atPath: fixture.content + "/en-us/old")
        _ = await site.apply([fixture.content + "/en-us/old"])
        #expect(await site.file(at: "en-us/old/x/index.html") == nil)
    }

    @Test func tocEditChangesNavigation() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        #expect(try #require(await html(site, "en-us/b/index.html")).contains("A in toc"))
        try fixture.write("en-us/toc.yml", "- name: Guide\n  items:\n  - name: A renamed in toc\n    href: a.md\n  - name: B in toc\n    href: b.md\n")
        let change = await site.apply([fixture.content + "/en-us/toc.yml"])
        #expect(change.pages == nil)
        #expect(try #require(await html(site, "en-us/b/index.html")).contains("A renamed in toc"))
    }

    @Test func templateEditRendersAgainAndABrokenTemplateKeepsTheOldTheme() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        let footer = fixture.root + "/templates/footer.mustache"
        let original = try String(contentsOfFile: footer, encoding: .utf8)
        try (original + "<p>Footer mark v2</p>\n").write(toFile: footer, atomically: false, encoding: .utf8)
        let change = await site.apply([footer])
        #expect(change.pages == nil)
        #expect(try #require(await html(site, "en-us/b/index.html")).contains("Footer mark v2"))

        try (original + "{{#unclosed}}\n").write(toFile: footer, atomically: false, encoding: .utf8)
        let broken = await site.apply([footer])
        #expect(broken.diagnostics.map(\.code) == ["template-syntax"])
        let page = try #require(await html(site, "en-us/b/index.html"))
        #expect(page.contains("Footer mark v2"), "the last good templates (with the v2 footer) stay in use")
        #expect(page.contains("class=\"kb-overlay\""), "every page shows the template problem")
        #expect(page.contains("footer.mustache"))
        #expect(page.contains("B body."), "pages still render with the last good templates")
    }

    @Test func searchIndexFollowsEdits() async throws {
        let fixture = try previewFixture()
        let site = try await open(fixture)
        #expect(await site.file(at: "en-us/search/manifest.json") != nil)
        #expect(try await searchTerms(site, "en-us").contains("\"first\""))
        #expect(!(try await searchTerms(site, "en-us").contains("\"zeppelin\"")))
        try fixture.write("en-us/b.md", "---\ntitle: B title\n---\n# B\n\nB body about a zeppelin.\n\n## Cause\n")
        _ = await site.apply([fixture.content + "/en-us/b.md"])
        #expect(try await searchTerms(site, "en-us").contains("\"zeppelin\""))
    }

    /// The preview serves every file `kb build` writes, with the same bytes: pages plus only the preview block, the
    /// search index files exactly (one engine numbers documents alike), before and after an edit.
    /// Started from the build cache (`kb build` then `kb serve`), nothing is parsed at start-up and the result is
    /// the same.
    @Test(arguments: [false, true]) func previewMatchesTheBuiltSiteFileForFile(fromCache: Bool) async throws {
        let fixture = try previewFixture()
        var options = fixture.options(templates: fixture.root + "/templates")
        options.cacheDirectory = fromCache ? fixture.root + "/.kb-cache" : nil
        _ = try await BuildPipeline.run(options)
        let site = try await PreviewSite.open(options, live: .init(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events"))
        #expect(await site.parsedAtStart == (fromCache ? 0 : 3))
        try await expectSame(site, fixture)
        try fixture.write("en-us/b.md", "---\ntitle: B title\n---\n# B\n\nB body about a zeppelin.\n\n## Cause\n")
        try fixture.write("en-us/c.md", "# C\n\nA new page.\n")
        _ = await site.apply([fixture.content + "/en-us/b.md", fixture.content + "/en-us/c.md"])
        _ = try await BuildPipeline.run(fixture.options(templates: fixture.root + "/templates"))
        try await expectSame(site, fixture)
    }

    /// Started from a cache older than the content (a page edited since the build, and a shard threshold low enough
    /// to shard), the first search index is that build's files updated for the changed page: the same bytes as a
    /// build of the current content, before any change reaches the preview.
    @Test func aStaleBuildCacheGivesTheCurrentSearchIndex() async throws {
        let fixture = try previewFixture()
        var options = fixture.options(templates: fixture.root + "/templates")
        options.cacheDirectory = fixture.root + "/.kb-cache"
        options.searchShardThreshold = 10
        _ = try await BuildPipeline.run(options)
        try fixture.write("en-us/b.md", "---\ntitle: B title\n---\n# B\n\nB body about a zeppelin.\n\n## Cause\n")
        let site = try await PreviewSite.open(options, live: .init(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events"))
        var cold = options
        cold.cacheDirectory = nil
        cold.outputDirectory = fixture.root + "/cold"
        _ = try await BuildPipeline.run(cold)
        let names = try FileManager.default.contentsOfDirectory(atPath: cold.outputDirectory + "/en-us/search").filter { $0 != "index.html" }
        #expect(names.contains { $0.hasPrefix("terms-") }, "sharded")
        for name in names.sorted() {
            let built = try #require(FileManager.default.contents(atPath: cold.outputDirectory + "/en-us/search/" + name))
            guard case .text(let served)? = await site.file(at: "en-us/search/" + name)?.contents else {
                Issue.record("en-us/search/\(name) not served")
                continue
            }
            #expect(Data(served.utf8) == built, "\(name)")
        }
    }

    private func expectSame(_ site: PreviewSite, _ fixture: Fixture) async throws {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: fixture.output).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: fixture.output + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        #expect(paths.count > 20)
        for path in paths.sorted() {
            let built = try #require(FileManager.default.contents(atPath: fixture.output + "/" + path))
            let file = try #require(await site.file(at: path), "\(path) served")
            switch file.contents {
            case .copy(let source): #expect(FileManager.default.contents(atPath: source) == built, "\(path)")
            case .text(let served) where path.hasSuffix(".html"):
                let withoutPreview = served.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("/_kb/live.js") }
                let stripped = PreviewSiteTests.removingOverlay(withoutPreview).joined(separator: "\n")
                #expect(stripped == String(decoding: built, as: UTF8.self), "\(path)")
            case .text(let served): #expect(Data(served.utf8) == built, "\(path)")
            case .bytes(let served): #expect(Data(served) == built, "\(path)")
            }
        }
    }

    static func removingOverlay(_ lines: [Substring]) -> [Substring] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("<aside class=\"kb-overlay\"") }),
              let end = lines[start...].firstIndex(where: { $0 == "</aside>" }) else { return lines }
        return Array(lines[..<start] + lines[(end + 1)...])
    }

    private func searchTerms(_ site: PreviewSite, _ locale: String) async throws -> String {
        var all = ""
        for shard in 0..<64 {
            guard let file = await site.file(at: "\(locale)/search/terms-\(shard).json") else { continue }
            if case .text(let text) = file.contents { all += text }
        }
        if all.isEmpty, let manifest = await html(site, "\(locale)/search/manifest.json") { all = manifest }
        return all
    }
}
