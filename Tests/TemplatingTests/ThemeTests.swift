import Foundation
import Testing
@testable import Templating

func makeTheme(_ files: [String: String]) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kb-theme-\(UUID().uuidString)").path
    for (path, contents) in files {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return root
}

/// The repository's default theme, found from this file's path.
let defaultTheme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates").path

private let minimal = [
    "layout.mustache": "<html lang=\"{{lang}}\" dir=\"{{dir}}\"><title>{{title}}</title>{{$main}}{{/main}}</html>",
    "article.mustache": "{{<layout}}{{$main}}{{#article}}{{{body}}}{{/article}}{{/main}}{{/layout}}",
    "locale-home.mustache": "{{#articles}}<a href=\"{{href}}\">{{title}}</a>{{/articles}}",
    "home.mustache": "{{#locales}}{{name}}{{/locales}}",
    "topic.mustache": "{{#articles}}{{title}}{{/articles}}",
    "search.mustache": "<ol id=\"search-results\"></ol>",
    "redirect.mustache": "<meta http-equiv=\"refresh\" content=\"0; url={{targetHref}}\">",
    "404.mustache": "{{title}}",
    "assets/site.css": "body{}",
]

@Suite struct ThemeTests {
    let chrome = PageChrome(lang: "ar-SA", dir: "rtl", siteTitle: "S", title: "<script>alert(1)</script>", root: "../")

    @Test func parentTemplatesAndEscaping() async throws {
        let theme = try await Theme.load(from: try makeTheme(minimal))
        let html = theme.render(.article(chrome, ArticleView(bodyHTML: "<p>raw</p>", headings: [], sourcePath: "a.md")))
        #expect(html == "<html lang=\"ar-SA\" dir=\"rtl\"><title>&lt;script&gt;alert(1)&lt;/script&gt;</title><p>raw</p></html>")
        #expect(theme.assets == ["assets/site.css"])
    }

    @Test func missingRequiredTemplateIsAConfigurationError() async throws {
        var files = minimal
        files["home.mustache"] = nil
        let directory = try makeTheme(files)
        await #expect(throws: Theme.LoadError.self) { try await Theme.load(from: directory) }
    }

    @Test func syntaxErrorNamesFileAndLine() async throws {
        var files = minimal
        files["home.mustache"] = "ok\n{{#locales}}unclosed\n"
        let directory = try makeTheme(files)
        do {
            _ = try await Theme.load(from: directory)
            Issue.record("expected a syntax error")
        } catch let error as Theme.LoadError {
            #expect(error.description.contains("home.mustache:"))
        }
    }

    @Test func defaultThemeRendersEveryPageKind() async throws {
        let theme = try await Theme.load(from: defaultTheme)
        var article = chrome
        article.description = "desc \"quoted\""
        article.robots = "NOINDEX, NOFOLLOW"
        article.homeHref = "../index.html"
        article.languages = [
            LanguageLink(name: "العربية", lang: "ar-SA", href: "index.html", isCurrent: true),
            LanguageLink(name: "English", lang: "en-US", href: "../../en-us/a/index.html", isCurrent: false),
        ]
        let html = theme.render(.article(article, ArticleView(
            bodyHTML: "<h1 id=\"t\">T</h1>", headings: [HeadingLink(level: 2, id: "s", text: "Sec <1>")],
            sourcePath: "a.md")))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"ar-SA\" dir=\"rtl\">"))
        #expect(html.contains("<meta name=\"description\" content=\"desc &quot;quoted&quot;\">"))
        #expect(html.contains("<meta name=\"robots\" content=\"NOINDEX, NOFOLLOW\">"))
        #expect(html.contains("<a href=\"#s\">Sec &lt;1&gt;</a>"))
        #expect(html.contains("<h1 id=\"t\">T</h1>"))
        #expect(html.contains("href=\"../assets/kb.css\""))
        #expect(html.contains("href=\"../index.html\""))
        #expect(html.contains("aria-current=\"true\">العربية</a>"))

        let home = theme.render(.localeHome(article, articles: [ArticleLink(title: "A & B", href: "a/index.html")]))
        #expect(home.contains("<a href=\"a/index.html\">A &amp; B</a>"))
        let root = theme.render(.siteHome(chrome, locales: [
            LocaleLink(name: "日本語", lang: "ja-JP", dir: "ltr", href: "ja-jp/index.html", articleCount: 3),
        ]))
        #expect(root.contains("href=\"ja-jp/index.html\" hreflang=\"ja-JP\">日本語</a>"))
    }
}
