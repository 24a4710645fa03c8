import Testing
import SiteModel

@Suite struct PermalinkTests {
    let ja = LocaleCode("ja-JP")!

    @Test func articleBecomesFolderWithIndexHTML() {
        let p = Permalink.article(ArticlePath("AlchemyInsights/Remove-domain.md"), in: ja)
        #expect(p.segments == ["ja-jp", "alchemyinsights", "remove-domain"])
        #expect(p.filePath == "ja-jp/alchemyinsights/remove-domain/index.html")
    }

    @Test func indexFileIsItsFolder() {
        #expect(Permalink.article(ArticlePath("a/index.md"), in: ja).segments == ["ja-jp", "a"])
        #expect(Permalink.article(ArticlePath("a/INDEX.MD"), in: ja).segments == ["ja-jp", "a"])
        // At the locale root the article keeps its own folder so it cannot replace the locale home.
        #expect(Permalink.article(ArticlePath("index.md"), in: ja).segments == ["ja-jp", "index"])
    }

    /// Folders are split at every `/`, even one that a combining mark follows (one Character with it).
    @Test func pathsSplitAtEverySlash() {
        #expect(Permalink.article(ArticlePath("a/\u{301}b.md"), in: ja).segments == ["ja-jp", "a", Permalink.slug("\u{301}b")])
        #expect(Permalink.article(ArticlePath("資料/手順.md"), in: ja).segments == ["ja-jp", "資料", "手順"])
    }

    @Test func slugRulesForRealCorpusFileNames() {
        #expect(Permalink.slug("sign-in to-windows-10-without-a-password") == "sign-in-to-windows-10-without-a-password")
        #expect(Permalink.slug("restore-an-office-365-group-using-eac\u{200B}\u{200B}\u{200B}") == "restore-an-office-365-group-using-eac")
        #expect(Permalink.slug("outlook-won't-accept-your-gmail-pwd") == "outlook-won't-accept-your-gmail-pwd")
        #expect(Permalink.slug("subscription–based") == "subscription–based")
        #expect(Permalink.slug("  Two   Spaces ") == "two-spaces")
        #expect(Permalink.slug("what?#100%") == "what--100-")
        #expect(Permalink.slug("..") == "--")
    }

    @Test func relativeHrefsWorkFromFileURLs() {
        let page = Permalink(segments: ["ja-jp", "a", "b"])
        #expect(page.href(to: Permalink(segments: ["ja-jp", "a", "c"])) == "../c/index.html")
        #expect(page.href(to: .localeHome(ja)) == "../../index.html")
        #expect(page.href(to: .root) == "../../../index.html")
        #expect(page.href(to: page) == "index.html")
        #expect(Permalink.root.href(to: page) == "ja-jp/a/b/index.html")
        #expect(page.rootPrefix == "../../../")
    }

    @Test func hrefsAreValidURLsForAnyScript() {
        let target = Permalink(segments: ["ja-jp", "資格 情報"])
        #expect(Permalink.root.href(to: target) == "ja-jp/%E8%B3%87%E6%A0%BC%20%E6%83%85%E5%A0%B1/index.html")
        #expect(target.urlPath == "ja-jp/%E8%B3%87%E6%A0%BC%20%E6%83%85%E5%A0%B1/")
    }
}
