import Testing
import CommonMark
import SiteModel
@testable import LinkResolution

/// A three-locale index: `b` is missing in de-de, `only-ja` exists in ja-jp only, topic 9002531 is shared.
private func makeIndex() -> SiteIndex {
    let en = LocaleCode("en-us")!, ja = LocaleCode("ja-jp")!, de = LocaleCode("de-de")!
    func entry(_ locale: LocaleCode, _ path: String, anchors: Set<String> = [], topics: [String] = [], uid: String? = nil) -> IndexEntry {
        IndexEntry(locale: locale, path: ArticlePath(path), permalink: .article(ArticlePath(path), in: locale),
                   title: "\(path) (\(locale))", anchors: AnchorSet(anchors), topicIDs: topics.map(TopicID.init), uid: uid,
                   sourcePath: "content/\(locale.urlSegment)/\(path)")
    }
    return SiteIndex(
        locales: [de, en, ja], defaultLocale: en,
        entries: [
            entry(en, "Folder/a.md", anchors: ["intro", "Mixed-Case"], topics: ["9002531"], uid: "kb.a"),
            entry(en, "Folder/b.md", anchors: ["cause"], topics: ["9002531"]),
            entry(en, "Folder/set up domain.md"),
            entry(ja, "Folder/a.md", anchors: ["intro"], topics: ["9002531"], uid: "kb.a"),
            entry(ja, "Folder/b.md", anchors: ["原因"]),
            entry(ja, "only-ja.md", topics: ["7723"]),
            entry(de, "Folder/a.md", anchors: ["intro"]),
        ],
        resources: [ResourceEntry(locale: en, path: ArticlePath("Folder/media/Shot.PNG"), filePath: "/x")])
}

private let index = makeIndex()
private let resolver = LinkResolver(index: index)

private func context(_ locale: String, _ path: String = "Folder/a.md", anchors: Set<String> = ["intro"]) -> LinkContext {
    let code = LocaleCode(locale)!
    return LinkContext(locale: code, sourcePath: ArticlePath(path), page: .article(ArticlePath(path), in: code),
                       pageAnchors: AnchorSet(anchors), displayPath: "content/\(locale)/\(path)")
}

private func resolve(_ destination: String, _ ctx: LinkContext = context("en-us"), image: Bool = false) -> ResolvedLink {
    resolver.resolve(destination, isImage: image, at: SourceLocation(path: ctx.displayPath, line: 7, column: 3), in: ctx)
}

@Suite struct RelativeLinkTests {
    @Test(arguments: ["b.md", "b", "./b.md", "../Folder/b.md", "B.MD", "/Folder/b", "/folder/B.md", "~/Folder/b.md"])
    func everySpellingOfTheSameArticle(_ destination: String) {
        let link = resolve(destination)
        #expect(link.href == "../b/index.html")
        #expect(link.diagnostic == nil)
    }

    @Test func spacesPercentEncodingAndAnchors() {
        #expect(resolve("set%20up%20domain.md").href == "../set-up-domain/index.html")
        #expect(resolve("set up domain.md").href == "../set-up-domain/index.html")
        #expect(resolve("b.md#cause").href == "../b/index.html#cause")
        #expect(resolve("#intro").href == "#intro")
        #expect(resolve("a.md#mixed-case").href == "#Mixed-Case")
        #expect(resolve("b.md?tabs=x#cause").href == "../b/index.html?tabs=x#cause")
    }

    @Test func missingArticleIsABrokenLinkWithDidYouMean() throws {
        let link = resolve("../Folder/bb.md")
        #expect(link.href == nil)
        let diagnostic = try #require(link.diagnostic)
        #expect(diagnostic.code == "broken-link")
        #expect(diagnostic.location == SourceLocation(path: "content/en-us/Folder/a.md", line: 7, column: 3))
        #expect(diagnostic.message.contains("did you mean `folder/b`?"))
    }

    @Test func missingAnchorKeepsTheLinkAndSuggests() throws {
        let link = resolve("b.md#caus")
        #expect(link.href == "../b/index.html#caus")
        #expect(link.diagnostic?.code == "missing-anchor")
        #expect(link.diagnostic?.message.contains("did you mean `#cause`?") == true)
        #expect(resolve("#nowhere").diagnostic?.code == "missing-anchor")
    }

    @Test func escapingTheContentRootIsAnError() {
        #expect(resolve("../../../etc/passwd.md").diagnostic?.code == "link-outside-content")
        #expect(resolve("../../../etc/passwd.md").href == nil)
    }

    @Test func resourcesResolveToTheCopiedFileAndFallBackToTheDefaultLocale() {
        #expect(resolve("media/Shot.PNG", image: true).href == "../media/shot.png")
        #expect(resolve("media/Shot.PNG", context("ja-jp"), image: true).href == "../../../en-us/folder/media/shot.png")
        #expect(resolve("media/none.png", image: true).diagnostic?.code == "missing-file")
    }
}

@Suite struct TranslationLinkTests {
    @Test func linkToAnArticleMissingInThisLocaleGoesToItsFallbackPage() {
        // de-de has no b.md: the de-de fallback page exists at the expected URL.
        #expect(resolve("b.md#cause", context("de-de")).href == "../b/index.html#cause")
        #expect(resolve("b.md#cause", context("de-de")).diagnostic == nil)
        // only-ja exists in ja-jp only; from en-us it resolves to the en-us fallback page.
        #expect(resolve("../only-ja.md").href == "../../only-ja/index.html")
    }

    @Test func bestTranslationFollowsConfiguredOrderThenDefault() {
        let ja = LocaleCode("ja-jp")!, de = LocaleCode("de-de")!
        #expect(index.bestTranslation(key: ["folder", "b"], for: de)?.locale == LocaleCode("en-us")!)
        let custom = SiteIndex(locales: index.locales, defaultLocale: LocaleCode("en-us")!, fallbackOrder: [de: [ja]],
                               entries: index.entries)
        #expect(custom.bestTranslation(key: ["folder", "b"], for: de)?.locale == ja)
    }
}

@Suite struct IdentifierLinkTests {
    @Test func xrefResolvesThroughUIDAndGivesTheTitle() {
        let link = resolve("xref:kb.a#intro", context("ja-jp", "only-ja.md"))
        #expect(link.href == "../folder/a/index.html#intro")
        #expect(link.title == "Folder/a.md (ja-JP)")
        let unknown = resolve("xref:kb.b")
        #expect(unknown.href == nil)
        #expect(unknown.diagnostic?.code == "unknown-xref")
        #expect(unknown.diagnostic?.message.contains("did you mean `kb.a`?") == true)
    }

    @Test func topicResolvesToTheTopicPage() {
        #expect(resolve("topic:9002531").href == "../../topic/9002531/index.html")
        #expect(resolve("topic:7723").title == "only-ja.md (ja-JP)")
        #expect(resolve("topic:1").diagnostic?.code == "unknown-topic")
        #expect(index.articles(topic: TopicID("9002531")).count == 3)
        // Topic pages follow each translation key once: a and b (a in two locales), in the order of the articles.
        var unique: [[String]] = []
        for key in index.articles(topic: TopicID("9002531")).map(\.translationKey) where !unique.contains(key) { unique.append(key) }
        #expect(index.translationKeys(topic: TopicID("9002531")) == unique)
        #expect(unique.count == 2)
        #expect(index.translationKeys(topic: TopicID("1")).isEmpty)
        // A topic many articles carry (past the linear check): 12 keys in two locales, each once, in path order.
        let en = LocaleCode("en-us")!, ja = LocaleCode("ja-jp")!
        let many = SiteIndex(locales: [en, ja], entries: [en, ja].flatMap { locale in
            (10..<22).map { number in
                IndexEntry(locale: locale, path: ArticlePath("t/\(number).md"), permalink: .article(ArticlePath("t/\(number).md"), in: locale),
                           title: "\(number)", topicIDs: [TopicID("shared")], sourcePath: "content/\(locale)/t/\(number).md")
            }
        })
        #expect(many.translationKeys(topic: TopicID("shared")) == (10..<22).map { ["t", "\($0)"] })
    }
}

@Suite struct ExternalLinkTests {
    @Test func documentationHostsGetThePageLocale() {
        let ja = context("ja-jp")
        #expect(resolve("https://docs.microsoft.com/azure/active-directory/x#y", ja).href
            == "https://docs.microsoft.com/ja-jp/azure/active-directory/x#y")
        #expect(resolve("https://learn.microsoft.com/en-us/azure", ja).href == "https://learn.microsoft.com/en-us/azure")
        // From the seed article: `/cli/` looks like a three-letter language but is no locale.
        #expect(resolve("https://docs.microsoft.com/cli/azure/ad/app/credential", ja).href
            == "https://docs.microsoft.com/ja-jp/cli/azure/ad/app/credential")
        #expect(resolve("https://example.com/azure", ja).href == "https://example.com/azure")
        // The host in any case; no path, an empty first segment or a query at once leave the URL as it is.
        #expect(resolve("https://DOCS.microsoft.com/azure?x=1#y", ja).href == "https://DOCS.microsoft.com/ja-jp/azure?x=1#y")
        #expect(resolve("https://docs.microsoft.com/de-de/azure", ja).href == "https://docs.microsoft.com/de-de/azure")
        #expect(resolve("https://docs.microsoft.com/a-b-c-d-e-f-g-h-i/x", ja).href
            == "https://docs.microsoft.com/ja-jp/a-b-c-d-e-f-g-h-i/x")
        for unchanged in ["https://docs.microsoft.com", "https://docs.microsoft.com/", "https://docs.microsoft.com?x",
                          "https://docs.microsoft.com//azure", "https://docs.microsoft.com#top"] {
            #expect(resolve(unchanged, ja).href == unchanged)
        }
        #expect(resolve("mailto:a@b.example").href == "mailto:a@b.example")
        #expect(resolve("ms-settings:windowsupdate").href == "ms-settings:windowsupdate")
    }

    @Test(arguments: ["javascript:alert(1)", " JavaScript:alert(1)", "vbscript:x", "data:text/html;base64,PHNjcmlwdD4="])
    func scriptURLsNeverBecomeLinks(_ url: String) {
        let link = resolve(url)
        #expect(link.href == nil)
        #expect(link.diagnostic?.code == "unsafe-url")
        #expect(link.diagnostic?.severity == .error)
    }

    @Test func imageDataURLsAreAllowed() {
        #expect(resolve("data:image/png;base64,iVBOR", image: true).href == "data:image/png;base64,iVBOR")
    }

    @Test func siteRootFallbackHost() {
        let fallback = LinkResolver(index: index, settings: LinkSettings(siteRootFallback: "https://learn.microsoft.com/"))
        let ctx = context("en-us")
        let link = fallback.resolve("/microsoft-365/admin/x", isImage: false, at: SourceLocation(path: "p"), in: ctx)
        #expect(link.href == "https://learn.microsoft.com/microsoft-365/admin/x")
    }
}

@Suite struct LinkRewriterTests {
    @Test func rewritesTheTreeAndReportsAtTheLinkPosition() {
        let document = MarkdownParser.parse("Intro\n\nSee [B](b.md), <xref:kb.a> and [gone](nope.md).\n",
                                            options: MarkdownOptions(flavor: .docs, lineOffset: 4))
        let (root, diagnostics) = LinkRewriter(resolver: resolver).rewrite(document.root, in: context("en-us"))
        let html = HTMLRenderer().render(root)
        #expect(html.contains("<a href=\"../b/index.html\">B</a>"))
        #expect(html.contains("<a href=\"index.html\">Folder/a.md (en-US)</a>"))
        #expect(html.contains("<span class=\"kb-broken-link\" title=\"nope.md\">gone</span>"))
        #expect(diagnostics.map(\.code) == ["broken-link"])
        #expect(diagnostics.first?.location.line == 7)
        #expect(diagnostics.first?.location.column == 32)
    }
}

@Suite struct RedirectFollowTests {
    /// `a` → `b` → `a`: the cycle is found when the walk comes back to where it started, after exactly the two rules
    /// (its diagnostic lists the rules followed).
    @Test func aCycleBackToTheStartIsFoundAfterItsOwnRules() {
        let en = LocaleCode("en-us")!
        func rule(_ source: String, _ target: String, line: Int) -> RedirectRule {
            RedirectRule(locale: en, sourcePath: ArticlePath(source), target: target,
                         location: SourceLocation(path: "content/en-us/.openpublishing.redirection.json", line: line, column: 1))
        }
        let index = SiteIndex(locales: [en], entries: [], redirects: [rule("a.md", "b.md", line: 2), rule("b.md", "a.md", line: 3)])
        guard case .cycle(let via) = index.follow(key: ["a"], for: en) else {
            Issue.record("no cycle found")
            return
        }
        #expect(via.map(\.location.line) == [2, 3])
    }
}
