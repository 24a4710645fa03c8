import Foundation
import Testing
import SiteModel
@testable import SiteBuilder

/// Inputs that crashed or hung kb while fuzzing (`Tests/Fuzz/regressions/`), and cmark's pathological shapes: each
/// must go through every content stage and come back with output.
@Suite struct FuzzRegressionTests {
    static let folder = Fixture.repository.appendingPathComponent("Tests/Fuzz/regressions").path

    static var regressions: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func thereAreRegressionInputs() {
        #expect(!FuzzRegressionTests.regressions.isEmpty)
    }

    /// Each kept input still goes through, and ends in a page or in an error that says why.
    @Test(arguments: FuzzRegressionTests.regressions)
    func savedInputStillGoesThrough(_ name: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: FuzzRegressionTests.folder + "/" + name))
        let (_, diagnostics, page) = ArticleProbe.run(Array(bytes))
        #expect(page != nil || diagnostics.contains { $0.severity == .error })
    }

    @Test func includeBombIsCutOffWithADiagnostic() throws {
        let bytes = try #require(FileManager.default.contents(atPath: FuzzRegressionTests.folder + "/include-bomb.md"))
        let (_, diagnostics, page) = ArticleProbe.run(Array(bytes))
        #expect(diagnostics.contains { $0.code == "include-too-large" })
        #expect(page != nil, "the article itself is still built")
    }

    /// cmark's pathological shapes, each with what must survive of it: the text readers would see, or the
    /// diagnostics that say what became of it.
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// Checks the probe page's HTML and the diagnostics.
        let check: @Sendable (String?, [Diagnostic]) -> Bool
        var testDescription: String { name }
    }

    static func count(_ needle: String, in html: String?) -> Int {
        (html ?? "").components(separatedBy: needle).count - 1
    }

    static let shapes: [Shape] = [
        Shape(name: "20,000 nested quotes", text: String(repeating: "> ", count: 20_000) + "deep\n") { html, _ in
            html?.contains("deep") == true
        },
        Shape(name: "50,000 open brackets", text: String(repeating: "[", count: 50_000) + "x") { html, _ in
            count("[", in: html) == 50_000 && html?.contains("x") == true
        },
        Shape(name: "20,000 emphasis openers", text: String(repeating: "*a **", count: 20_000) + "\n") { html, _ in
            count("a", in: html) >= 20_000
        },
        Shape(name: "5,000 broken links", text: (0..<5_000).map { "[l\($0)](page\($0).md#x) " }.joined() + "\n") { html, diagnostics in
            diagnostics.count { $0.code == "broken-link" } == 5_000 && html?.contains("l4999") == true
        },
        Shape(name: "2,000 nested list items", text: (0..<2_000).map { String(repeating: "  ", count: $0) + "- item\n" }.joined()) { html, _ in
            count("item", in: html) == 2_000
        },
        Shape(name: "30,000 backticks", text: String(repeating: "`", count: 30_000) + "x") { html, _ in
            html?.contains("x") == true
        },
        Shape(name: "unclosed flow sequences in front matter", text: "---\n" + String(repeating: "- [", count: 10_000) + "\n---\n# x\n") { html, diagnostics in
            html == nil && diagnostics.contains { $0.code == "yaml-syntax" && !$0.message.contains("\n") }
        },
        Shape(name: "YAML aliases", text: "---\ntitle: &a [*a, *a, *a]\nms.custom: &b [*a, *a]\n---\n# billion laughs\n") { html, diagnostics in
            html?.contains("billion laughs") == true || diagnostics.contains { $0.severity == .error }
        },
        Shape(name: "invalid UTF-8", text: String(decoding: [0xFF, 0xFE, 0x23, 0x20, 0xC3, 0x28, 0x0A, 0xED, 0xA0, 0x80], as: UTF8.self)) { html, _ in
            html?.contains("\u{FFFD}") == true
        },
    ]

    @Test(arguments: shapes)
    func pathologicalShapesComeBack(_ shape: Shape) {
        let (_, diagnostics, page) = ArticleProbe.run(Array(shape.text.utf8))
        #expect(shape.check(page, diagnostics), "\(shape.name): \(page?.prefix(200) ?? "no page"); \(diagnostics.prefix(3))")
    }
}
