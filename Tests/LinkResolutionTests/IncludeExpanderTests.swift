import Testing
import CommonMark
import SiteModel
@testable import LinkResolution

private let en = LocaleCode("en-us")!

private func source(_ path: String, _ markdown: String) -> IncludeSource {
    IncludeSource(locale: en, path: ArticlePath(path), displayPath: "content/en-us/\(path)",
                  root: MarkdownParser.parse(markdown, options: MarkdownOptions()).root)
}

private func expand(_ markdown: String, _ includes: [IncludeSource], path: String = "guide/a.md") -> (String, [Diagnostic]) {
    let root = MarkdownParser.parse(markdown, options: MarkdownOptions(lineOffset: 3)).root
    let (expanded, diagnostics) = IncludeExpander(includes).expand(root, locale: en, path: ArticlePath(path),
                                                                   displayPath: "content/en-us/\(path)")
    return (HTMLRenderer().render(expanded), diagnostics)
}

@Suite struct IncludeExpanderTests {
    let snippet = source("includes/snippet.md", "**Shared** text.\n\nSecond paragraph.\n")

    @Test func includesInNestedContainersAreExpanded() {
        let (html, diagnostics) = expand("> - [!NOTE]\n>   > Before [!INCLUDE[s](../includes/snippet.md)] after.\n>\n>   [!INCLUDE[s](../includes/snippet.md)]\n", [snippet])
        #expect(diagnostics.isEmpty)
        #expect(html.contains("Before <strong>Shared</strong> text. after."), "inline include in a paragraph of an alert: \(html)")
        #expect(html.contains("<p>Second paragraph.</p>\n</li>"), "block include in a list item: \(html)")
    }

    @Test func blockAndInlineIncludesResolveFromTheIncludingFile() {
        let (html, diagnostics) = expand("[!INCLUDE[s](../includes/snippet.md)]\n\nUse [!INCLUDE[s](../includes/Snippet.md)] now.\n", [snippet])
        #expect(diagnostics.isEmpty)
        #expect(html == "<p><strong>Shared</strong> text.</p>\n<p>Second paragraph.</p>\n<p>Use <strong>Shared</strong> text. now.</p>\n")
    }

    @Test func nestedIncludesResolveFromTheirOwnFolder() {
        let outer = source("includes/outer.md", "Outer [!INCLUDE[i](inner/x.md)]\n")
        let inner = source("includes/inner/x.md", "inner text\n")
        #expect(expand("[!INCLUDE[o](/includes/outer.md)]\n", [outer, inner]).0 == "<p>Outer inner text</p>\n")
    }

    @Test func missingCycleAndEscapeAreErrorsAtTheMarker() {
        let a = source("includes/a.md", "[!INCLUDE[b](b.md)]\n")
        let b = source("includes/b.md", "[!INCLUDE[a](a.md)]\n")
        let (_, cycle) = expand("[!INCLUDE[a](../includes/a.md)]\n", [a, b])
        #expect(cycle.map(\.code) == ["include-cycle"])
        #expect(cycle.first?.location.path == "content/en-us/includes/b.md")
        let (html, missing) = expand("Text\n\n[!INCLUDE[x](../includes/none.md)]\n", [])
        #expect(html == "<p>Text</p>\n")
        #expect(missing.map(\.code) == ["include-not-found"])
        #expect(missing.first?.location == SourceLocation(path: "content/en-us/guide/a.md", line: 6, column: 1))
        #expect(expand("[!INCLUDE[x](../../../etc/passwd)]\n", []).1.map(\.code) == ["include-outside-content"])
    }
}
