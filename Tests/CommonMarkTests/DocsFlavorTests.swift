import Testing
import SiteModel
@testable import CommonMark

private func docs(_ markdown: String, allowed: Set<String> = [], lineOffset: Int = 0) -> (String, [Diagnostic]) {
    let document = MarkdownParser.parse(markdown, options: MarkdownOptions(
        flavor: .docs, path: "a.md", lineOffset: lineOffset, allowedElements: allowed))
    return (HTMLRenderer().render(document.root), document.diagnostics)
}

@Suite struct HeadingIDTests {
    @Test func docfxAnchorBecomesTheHeadingIDAndIsDropped() {
        let (html, _) = docs("# <a name=\"issues-with-credentials\"></a>資格情報に関する問題\n")
        #expect(html == "<h1 id=\"issues-with-credentials\">資格情報に関する問題</h1>\n")
    }

    @Test func anchorWithIdAttributeAndSingleQuotes() {
        #expect(docs("## <a id='x-1'></a> Title\n").0 == "<h2 id=\"x-1\">Title</h2>\n")
    }

    @Test func unicodeSlugsForJapaneseChineseArabicAndGerman() {
        let (html, _) = docs("## パスワードが正しくない\n## 重置密码\n## إعادة تعيين كلمة المرور\n## Kennwort zurücksetzen!\n")
        #expect(html.contains("<h2 id=\"パスワードが正しくない\">"))
        #expect(html.contains("<h2 id=\"重置密码\">"))
        #expect(html.contains("<h2 id=\"إعادة-تعيين-كلمة-المرور\">"))
        #expect(html.contains("<h2 id=\"kennwort-zurücksetzen\">"))
    }

    /// Explicit anchors count wherever a heading can be: in block quotes, list items and alerts too.
    @Test func explicitIDsInsideContainersAreTakenBeforeSlugs() {
        let (html, _) = docs("## Quoted\n> ## <a name=\"quoted\"></a>In a quote\n\n- ### <a name=\"listed\"></a>In a list\n\n## Listed\n")
        #expect(html.contains("<h2 id=\"quoted\">In a quote</h2>"))
        #expect(html.contains("<h3 id=\"listed\">In a list</h3>"))
        #expect(html.contains("<h2 id=\"quoted-1\">Quoted</h2>"), "a slug never takes an id a writer chose")
        #expect(html.contains("<h2 id=\"listed-1\">Listed</h2>"))
    }

    @Test func slugsAreUniqueWithinAPageAndAvoidExplicitIDs() {
        let (html, _) = docs("## Cause\n## Cause\n## <a name=\"cause-2\"></a>Other\n## Cause\n## `Code` *and* Outlook.com\n")
        #expect(html.contains("<h2 id=\"cause\">Cause</h2>"))
        #expect(html.contains("<h2 id=\"cause-1\">Cause</h2>"))
        #expect(html.contains("<h2 id=\"cause-2\">Other</h2>"))
        #expect(html.contains("<h2 id=\"cause-3\">Cause</h2>"))
        #expect(html.contains("<h2 id=\"code-and-outlookcom\">"))
    }

    @Test func commonmarkFlavorLeavesHeadingsAlone() {
        let document = MarkdownParser.parse("# <a name=\"x\"></a>T\n", options: MarkdownOptions(flavor: .commonmark))
        #expect(HTMLRenderer().render(document.root) == "<h1><a name=\"x\"></a>T</h1>\n")
    }
}

@Suite struct UnknownTagTests {
    @Test func placeholderTagsShowAsTextWithAWarningAtTheirPosition() {
        let (html, diagnostics) = docs("Title\n\nSend mail to <email> or <your-domain>.\n", lineOffset: 10)
        #expect(html == "<p>Title</p>\n<p>Send mail to &lt;email&gt; or &lt;your-domain&gt;.</p>\n")
        #expect(diagnostics.map(\.code) == ["unknown-html-tag", "unknown-html-tag"])
        #expect(diagnostics.first?.location == SourceLocation(path: "a.md", line: 13, column: 14))
        #expect(diagnostics.first?.severity == .warning)
    }

    @Test func realElementsAndAllowedCustomElementsPassThrough() {
        let (html, diagnostics) = docs("Press <kbd>Ctrl</kbd><br><kb-video src=\"a\"></kb-video> <!-- c -->\n", allowed: ["kb-video"])
        #expect(html == "<p>Press <kbd>Ctrl</kbd><br><kb-video src=\"a\"></kb-video> <!-- c --></p>\n")
        #expect(diagnostics.isEmpty)
    }

    @Test func htmlBlockStartingWithAPlaceholderIsReadAsMarkdown() {
        let (html, diagnostics) = docs("<mailbox>\n**bold** text\n")
        #expect(html == "<p>&lt;mailbox&gt;\n<strong>bold</strong> text</p>\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location.line == 1)
    }

    @Test func placeholdersInCodeAreNotTags() {
        let (html, diagnostics) = docs("`Get-Mailbox <user>`\n\n```\n<email>\n```\n")
        #expect(html.contains("<code>Get-Mailbox &lt;user&gt;</code>"))
        #expect(diagnostics.isEmpty)
    }
}

@Suite struct PipeTableTests {
    @Test func tableInsideAListItem() {
        let html = docs("- item\n\n  | a | b |\n  |---|:-:|\n  | 1 | 2 |\n").0
        #expect(html.contains("<li>\n<p>item</p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"center\">b</th>"))
        #expect(html.contains("<td>1</td>\n<td align=\"center\">2</td>"))
    }

    /// The block rewrites (tables, alerts, includes) look into containers of blocks only, so each container kind
    /// must be among those they enter: a table in an alert in a list item in a quote.
    @Test func blockExtensionsReachNestedContainers() {
        let html = docs("> - item\n>\n>   > [!TIP]\n>   > | a |\n>   > | - |\n>   > | 1 |\n>\n>   [!INCLUDE[s](s.md)]\n").0
        #expect(html.contains("<li>\n<p>item</p>\n<div class=\"kb-alert kb-alert-tip\" role=\"note\">\n<p class=\"kb-alert-title\">TIP</p>\n<table>"))
        #expect(html.contains("<td>1</td>"))
        #expect(!html.contains("[!INCLUDE"), "the include marker became an include node: \(html)")
    }

    @Test func tableInsideABlockQuote() {
        let html = docs("> | a | b |\n> | - | - |\n> | `x\\|` | **y** |\n").0
        #expect(html.hasPrefix("<blockquote>\n<table>"))
        #expect(html.contains("<td><code>x|</code></td>\n<td><strong>y</strong></td>"))
    }

    @Test func textBeforeTheHeaderStaysAParagraph() {
        let html = docs("Intro *text*\n| a |\n| - |\n| 1 |\n").0
        #expect(html.hasPrefix("<p>Intro <em>text</em></p>\n<table>"))
    }

    @Test func cellsThatLookLikeBlocksStayInline() {
        let html = docs("| a | b | c |\n|---|---|---|\n| - x | # y | 1. z |\n").0
        #expect(html.contains("<td>- x</td>\n<td># y</td>\n<td>1. z</td>"))
    }

    @Test func windowsLineEndings() {
        let html = docs("| a | b |\r\n| - | - |\r\n| 1 | 2 |\r\n").0
        #expect(html.contains("<td>1</td>\n<td>2</td>"))
    }

    @Test func mismatchedDelimiterRowIsNoTable() {
        let html = docs("| a | b |\n| - |\n").0
        #expect(!html.contains("<table>"))
    }
}

@Suite struct AutolinkTests {
    @Test func bareURLsBecomeLinksWithoutTrailingPunctuation() {
        let html = docs("See https://example.com/a_(b). Or www.contoso.example, then (https://x.example/y).\n").0
        #expect(html.contains("<a href=\"https://example.com/a_(b)\">https://example.com/a_(b)</a>. Or"))
        #expect(html.contains("<a href=\"http://www.contoso.example\">www.contoso.example</a>,"))
        #expect(html.contains("(<a href=\"https://x.example/y\">https://x.example/y</a>)."))
    }

    @Test func urlsInsideLinksAndCodeAreLeftAlone() {
        let html = docs("[https://a.example](https://b.example) `https://c.example` <https://d.example>\n").0
        #expect(html == "<p><a href=\"https://b.example\">https://a.example</a> <code>https://c.example</code> <a href=\"https://d.example\">https://d.example</a></p>\n")
    }

    @Test func schemeWithoutHostIsNoLink() {
        #expect(!docs("the prefix https:// alone\n").0.contains("<a "))
    }
}

@Suite struct PathologicalInputTests {
    @Test func deepNestingIsFlattenedNotACrash() {
        let markdown = String(repeating: "> ", count: 5_000) + "deep\n"
        let document = MarkdownParser.parse(markdown, options: MarkdownOptions(flavor: .docs, maxDepth: 50))
        let html = HTMLRenderer().render(document.root)
        #expect(html.contains("deep"))
        #expect(html.components(separatedBy: "<blockquote>").count - 1 <= 51)
    }

    @Test func deepInlineNestingIsFlattenedToo() {
        let markdown = String(repeating: "*a ", count: 3_000) + "x" + String(repeating: " a*", count: 3_000) + "\n"
        let html = HTMLRenderer().render(MarkdownParser.parse(markdown, options: MarkdownOptions(maxDepth: 50)).root)
        #expect(html.hasPrefix("<p>"))
        #expect(html.contains("x"))
    }
}
