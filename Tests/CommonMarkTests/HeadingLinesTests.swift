import Foundation
import Testing
@testable import CommonMark
import SiteModel

/// `HeadingLines`: the index-only scan reads only the heading lines of a body, and finds the same tree it finds in
/// the whole body, or declines and reads it all.
@Suite struct HeadingLinesTests {
    static var options: MarkdownOptions { HeadingScanTests.options }

    /// Every CommonMark example, the sample content and the corpus (when present): the scan of the reduced body is the
    /// scan of the whole body, node for node and range for range; and its headings and anchors are the whole parse's.
    @Test func theReducedBodyScansToTheSameTree() throws {
        var texts = loadSpec("commonmark-0.30").map(\.markdown) + HeadingScanTests.agreeing + Self.agreeing
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var corpus = 0, withCorpus = false
        for folder in ["content", "../shared/corpus/alchemy"] {
            let root = repository.appendingPathComponent(folder).path
            guard let files = FileManager.default.enumerator(atPath: root) else { continue }
            withCorpus = withCorpus || (folder.hasSuffix("alchemy") && FileManager.default.fileExists(atPath: root))
            while let path = files.nextObject() as? String {
                guard path.hasSuffix(".md"), let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else { continue }
                texts.append(Self.body(text))
                corpus += 1
            }
        }
        #expect(corpus >= 40)
        var reduced = 0, reducedCorpus = 0
        for (number, text) in texts.enumerated() {
            let whole = MarkdownParser.scanHeadings(text, options: Self.options, reducing: false)
            let scanned = MarkdownParser.scanHeadings(text, options: Self.options)
            // The document node's own range ends where cmark saw the last content: only its children are the index's.
            #expect(scanned?.root.children == whole?.root.children, "\(text.prefix(300).debugDescription)")
            guard HeadingLines.reduced(text) != nil else { continue }
            reduced += 1
            if number >= texts.count - corpus { reducedCorpus += 1 }
            if let scanned {
                #expect(HeadingScanTests.IndexView(scanned.root) == HeadingScanTests.IndexView(
                    MarkdownParser.parse(text, options: Self.options).root), "\(text.prefix(300).debugDescription)")
            }
        }
        // Many examples and pages take the reduced read, so the test compares something: most of the corpus's pages
        // (the sample shows includes and raw HTML on purpose, so few of its own).
        #expect(reduced > texts.count / 3 && reducedCorpus >= (withCorpus ? corpus / 2 : 0),
                "\(reduced) of \(texts.count), \(reducedCorpus) of \(corpus)")
    }

    /// Random bodies from lines of every kind that matters (fences, containers, underlines, HTML, definitions, tabs,
    /// indents): wherever the reduced read is taken, its tree is the whole scan's.
    @Test func randomBodiesScanAlike() {
        let pieces = ["# H1", "## H2 `c` *e*", "   ### Indented", "    # Four", "#NoSpace", "Text line", "", "", "```", "~~~",
                      "  ```", "    ```", "``` info `x`", "- item", "- # Item heading", "  # In item", "1. step", "   text",
                      "> quote", "> # Quote heading", "> ```", "===", "---", "  - - -", "<div>", "a <b>x</b>", "[ref]: /u",
                      "# [ref]", "\tTabbed", "> [!NOTE]", "[!INCLUDE[x](y.md)]", "  ~~~~", "| a | b |", "  = x", "* * *",
                      "  - sub", "    text", " > > # deep", "-", "1)", "      code", "10. # x", "1.  ## y", " - ```", "Title #",
                      " - item", "  1. x", "   > q", ">", "> ", "  > # x", "-   ```", "    ~~~", "~~~ ```", "````", "   ````",
                      " ```` ", "``", "# x #", "\\# esc", "&#35; x", "  text", "   ```", "     ```", " ~~~", "+ x", "2) y", "   - ```"]
        var generator = SeededGenerator(seed: 0x4EAD)
        var reduced = 0
        for _ in 0..<30_000 {
            let text = (0..<Int.random(in: 1...12, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)!.replacingOccurrences(of: "\\t", with: "\t") }
                .joined(separator: "\n") + "\n"
            guard HeadingLines.reduced(text) != nil else { continue }
            reduced += 1
            #expect(MarkdownParser.scanHeadings(text, options: Self.options)?.root.children
                    == MarkdownParser.scanHeadings(text, options: Self.options, reducing: false)?.root.children,
                    "\(text.debugDescription)")
        }
        #expect(reduced > 3_000, "\(reduced) of 30,000 took the reduced read")
    }

    /// Code, blank lines and headings the reduced read must get right.
    static let agreeing = [
        "```\n# not a heading\n```\n# Heading\n\n~~~~ bash\n# comment\n~~~\nstill code\n~~~~\n## After\n",
        "- Step one\n  ```\n  # in the item's code\n  ```\n  ## In the item\n# Top\n",
        "Text\n# Interrupts the paragraph\nmore\n\n   ### Indented three\n#NoSpace\n#\n",
        "``` not `a fence`\n# Heading after text\n",
        "> [!NOTE]\n> Text with a [link](x).\n\n1. Item\n2. Item\n\n# <a name=\"x\"></a>With an anchor\n",
        "# Title #\n## `code` and *em* [link](y.md) &amp; \\# ##\n",
    ]

    static let declined = [
        "Text\n\tindented by a tab\n# H\n", "Line\r\n# H\r\n", "<div>\n# H\n</div>\n", "a <span id=\"x\">b</span>\n# H\n",
        "[!INCLUDE[a](b.md)]\n# H\n", "[!include [a](b.md)]\n", "Title\n===\n", "Title\n---\n", "- # In a list\n",
        "> # In a quote\n", "1) # Ordered\n", "    # Indented code\n", "- a\n\n    ```\n    x\n    ```\n",
        "- a\n  ```\n  x\nb\n", "  ```\n  x\n     ```\n  # H\n", "[a]: /url\n# [a]\n", "> [a]: /url\n# [a]\n",
        "> Quote\n> ===\n", "- x\n  ---\n",
    ]

    @Test(arguments: declined)
    func theReducedReadDeclinesWhatOnlyTheWholeBodyTells(markdown: String) {
        #expect(HeadingLines.reduced(markdown) == nil)
        #expect(MarkdownParser.scanHeadings(markdown, options: Self.options)?.root
                == MarkdownParser.scanHeadings(markdown, options: Self.options, reducing: false)?.root)
    }

    @Test func theReducedBodyKeepsEveryLineInItsPlace() throws {
        let text = "Intro\n```\n# code\n```\n## <a name=\"a\"></a>Head\ntext\n# Last"
        let reduced = try #require(HeadingLines.reduced(text))
        #expect(reduced == "\n\n\n\n## <a name=\"a\"></a>Head\n\n# Last")
    }

    /// The body after front matter, its lines blank so numbers stay those of the file.
    static func body(_ text: String) -> String {
        guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex)
        else { return text }
        return String(text[end.upperBound...])
    }
}
