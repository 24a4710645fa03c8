import Foundation
import Testing
@testable import CommonMark

/// The CommonMark 0.30 and GFM table examples, run through `MarkdownParser` + `HTMLRenderer`.
struct SpecExample: Decodable, CustomTestStringConvertible, Sendable {
    let example: Int
    let section: String
    let markdown: String
    let html: String
    var testDescription: String { "example \(example) (\(section))" }
}

private struct SpecFile: Decodable {
    let licence: String
    let examples: [SpecExample]
}

func loadSpec(_ name: String) -> [SpecExample] {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
          let data = try? Data(contentsOf: url),
          let file = try? JSONDecoder().decode(SpecFile.self, from: data)
    else { return [] }
    return file.examples
}

func render(_ markdown: String, _ flavor: MarkdownFlavor) -> String {
    HTMLRenderer().render(MarkdownParser.parse(markdown, options: MarkdownOptions(flavor: flavor)).root)
}

@Suite struct CommonMarkSpecTests {
    static let commonmark = loadSpec("commonmark-0.30")
    static let tables = loadSpec("gfm-tables")

    @Test func specFilesAreComplete() {
        #expect(Self.commonmark.count == 652)
        #expect(Self.tables.count == 14)
    }

    @Test(arguments: commonmark)
    func commonmarkExample(_ example: SpecExample) {
        // Byte for byte, as ARCHITECTURE.md says: no normalisation of whitespace or newlines.
        let html = render(example.markdown, .commonmark)
        #expect(html == example.html, "markdown: \(example.markdown.debugDescription)")
    }

    @Test(arguments: tables)
    func gfmTableExample(_ example: SpecExample) {
        let html = render(example.markdown, .gfm)
        #expect(html == example.html, "markdown: \(example.markdown.debugDescription)")
    }
}
