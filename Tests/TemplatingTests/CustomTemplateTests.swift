import Foundation
import Testing
@testable import Templating

/// The repository's theme with some files changed or removed, loaded from a temporary copy (deleted again: a loaded
/// theme keeps its templates and interface strings in memory).
func changedDefaultTheme(changing files: [String: String] = [:], removing removed: [String] = []) async throws -> Theme {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-theme-\(UUID().uuidString)").path
    try FileManager.default.copyItem(atPath: defaultTheme, toPath: directory)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name)) }
    for name in removed { try FileManager.default.removeItem(atPath: directory + "/" + name) }
    return try await Theme.load(from: directory)
}

/// A theme's own templates win over the Swift renderer: a page whose templates are not all the default ones renders
/// through swift-mustache, except for an own `head`, `header` or `footer` that can be rendered alone.
@Suite struct CustomTemplateTests {
    let chrome = PageChrome(lang: "ja-JP", dir: "ltr", siteTitle: "S", title: "T", root: "../")
    var article: Page { .article(chrome, ArticleView(bodyHTML: "<p>x</p>", headings: [], sourcePath: "a.md")) }

    func expectMustache(_ theme: Theme, _ page: Page, shows text: String) {
        #expect(!theme.defaultTheme.renders(page, preview: false))
        let html = theme.render(page)
        #expect(html.contains(text))
        #expect(html.utf8.elementsEqual(theme.render(page, preview: nil, with: .mustache).utf8))
    }

    @Test func aChangedPageTemplateIsHonoured() async throws {
        let text = try String(contentsOfFile: defaultTheme + "/article.mustache", encoding: .utf8)
        let theme = try await changedDefaultTheme(changing: [
            "article.mustache": text.replacingOccurrences(of: "</article>", with: "</article><p>Custom {{lang}}</p>"),
        ])
        expectMustache(theme, article, shows: "</article><p>Custom ja-JP</p>")
        #expect(theme.defaultTheme.renders(.search(chrome), preview: true))
    }

    @Test func aMissingPartialIsHonoured() async throws {
        let theme = try await changedDefaultTheme(removing: ["nav-item.mustache"])
        var chrome = chrome
        chrome.navigation = [NavItem(name: "Entry", href: "a/index.html")]
        expectMustache(theme, .article(chrome, ArticleView(bodyHTML: "", headings: [], sourcePath: "a.md")),
                       shows: "<ul>\n    </ul>")
    }

    /// A footer that calls a partial of its own cannot be rendered alone safely: every page with the layout goes
    /// to swift-mustache. Redirect pages, which have no layout, stay in Swift.
    @Test func aFooterReachingBeyondItselfIsHonoured() async throws {
        let theme = try await changedDefaultTheme(changing: [
            "footer.mustache": "<footer>{{> legal}}</footer>\n", "legal.mustache": "Legal {{siteTitle}}",
        ])
        #expect(theme.defaultTheme.ownPartials.isEmpty)
        for page in [article, .search(chrome), .notFound(chrome), .localeHome(chrome, articles: [])] {
            expectMustache(theme, page, shows: "<footer>Legal S</footer>")
        }
        let redirect = Page.redirect(chrome, targetHref: "../b/index.html")
        #expect(theme.defaultTheme.renders(redirect, preview: true))
        #expect(theme.render(redirect).utf8.elementsEqual(theme.render(redirect, preview: nil, with: .mustache).utf8))
    }

    /// Why a block tag sends the page to swift-mustache: inside the layout, `{{$main}}` in the footer is the
    /// page's own main block, which the footer rendered alone would not see.
    @Test func aFooterWithABlockRendersThePagesBlock() async throws {
        let theme = try await changedDefaultTheme(changing: [
            "footer.mustache": "<footer>{{$main}}default{{/main}}</footer>\n",
        ])
        #expect(theme.defaultTheme.ownPartials.isEmpty)
        expectMustache(theme, .search(chrome), shows: "<footer><main id=\"kb-main\" class=\"kb-search-page\">")
    }

    /// A changed `preview` partial matters only to the preview: built pages keep the Swift renderer.
    @Test func aChangedPreviewPartialOnlyAffectsThePreview() async throws {
        let theme = try await changedDefaultTheme(changing: [
            "preview.mustache": "<script src=\"{{scriptURL}}\"></script>\n",
        ])
        let page = Page.search(chrome)
        let preview = PreviewView(scriptURL: "/_kb/live.js", eventsURL: "/_kb/events", page: "/", problems: [])
        #expect(theme.defaultTheme.renders(page, preview: false))
        #expect(!theme.defaultTheme.renders(page, preview: true))
        #expect(theme.render(page, preview: preview).contains("<script src=\"/_kb/live.js\"></script>\n</body>"))
    }

    /// Own `head`, `header` and `footer` using sections, the page's values, interface strings, lists and the
    /// preview: rendered by swift-mustache inside the Swift page, the bytes of a whole swift-mustache page.
    @Test func ownPartialsRenderAlike() async throws {
        let theme = try await changedDefaultTheme(changing: [
            "head.mustache": "<meta charset=\"utf-8\">\n  <title>{{title}} | {{siteTitle}}</title>\n{{#article}}"
                + "<meta name=\"date\" content=\"{{date}}\">\n{{/article}}{{^article}}<!-- {{lang}} -->{{/article}}\n",
            "header.mustache": "<header>\n  {{#navigation}}\n  <b>{{name}}</b>\n  {{/navigation}}\n"
                + "{{#hasLanguages}}{{#languages}}{{name}}{{/languages}}{{/hasLanguages}}{{ui.search}}</header>\n",
            "footer.mustache": "<footer>{{siteTitle}}{{#homeHref}} <a href=\"{{homeHref}}\">{{ui.home}}</a>"
                + "{{/homeHref}}{{#preview}} live{{/preview}}</footer>",
        ])
        #expect(theme.defaultTheme.ownPartials == [.head, .header, .footer])
        var samples = PageSamples(seed: 7)
        for number in 0..<300 {
            let page = samples.page(), preview = samples.preview()
            #expect(theme.defaultTheme.renders(page, preview: preview != nil))
            let automatic = theme.render(page, preview: preview)
            let mustache = theme.render(page, preview: preview, with: .mustache)
            guard automatic.utf8.elementsEqual(mustache.utf8) else {
                Issue.record("own partials, page \(number): \(DefaultThemeTests.difference(automatic, mustache))")
                return
            }
        }
    }
}
