import Foundation
import Testing
import SiteModel

/// The distances `Tests/search-js/tokenizer.test.js` checks kb-search.js with: did-you-mean (Swift) and typo
/// tolerance (browser) must agree on what one edit is.
@Suite struct EditDistanceTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let a: String, b: String, distance: Int
        var testDescription: String { "\(a) → \(b)" }
    }

    static let vectors: [Vector] = {
        struct File: Decodable {
            struct Section: Decodable { let vectors: [Vector] }
            let editDistance: Section
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tokenizer-vectors.json")
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)))?.editDistance.vectors ?? []
    }()

    @Test func vectorsArePresentAndIncludeTranspositions() {
        #expect(Self.vectors.count >= 15)
        #expect(Self.vectors.contains { $0.a == "passwrod" && $0.b == "password" && $0.distance == 1 })
    }

    @Test(arguments: vectors)
    func sharedVector(_ vector: Vector) {
        #expect(EditDistance.between(vector.a, vector.b, limit: 20) == vector.distance)
        #expect(EditDistance.between(vector.b, vector.a, limit: 20) == vector.distance, "symmetric")
        #expect(EditDistance.between(vector.a, vector.b, limit: 1) == min(vector.distance, 2), "capped at limit + 1")
    }

    @Test func didYouMeanForgivesASwappedPair() {
        #expect(EditDistance.closest(to: "ms.cutsom", among: ["ms.custom", "ms.author"], budget: 1) == "ms.custom")
    }
}

@Suite struct PathReferenceTests {
    @Test func splitsPathQueryAndFragment() {
        let reference = PathReference("../guide/set%20up.md?tabs=a#step-2")
        #expect(reference.path == "../guide/set%20up.md")
        #expect(reference.query == "?tabs=a")
        #expect(reference.fragment == "step-2")
        #expect(reference.decodedPath == "../guide/set up.md")
        #expect(reference.suffix == "?tabs=a#step-2")
    }

    @Test func resolvesDotsRootsAndTildeFromAFolder() {
        #expect(PathReference("b.md").resolved(from: ["guide"]) == ["guide", "b.md"])
        #expect(PathReference("./b.md").resolved(from: ["guide"]) == ["guide", "b.md"])
        #expect(PathReference("../x/b.md").resolved(from: ["guide", "deep"]) == ["guide", "x", "b.md"])
        #expect(PathReference("/x/b.md").resolved(from: ["guide"]) == ["x", "b.md"])
        #expect(PathReference("~/x/b.md").resolved(from: ["guide"]) == ["x", "b.md"])
        #expect(PathReference("a//b.md").resolved(from: []) == ["a", "b.md"])
    }

    @Test func climbingAboveTheRootIsNil() {
        #expect(PathReference("../b.md").resolved(from: []) == nil)
        #expect(PathReference("../../b.md").resolved(from: ["guide"]) == nil)
        #expect(PathReference("/../b.md").resolved(from: ["guide"]) == nil)
    }

    @Test func percentDecodingKeepsWhatIsNotUTF8() {
        #expect(PathReference.percentDecoded("%E8%B3%87%E6%A0%BC.md") == "資格.md")
        #expect(PathReference.percentDecoded("100%.md") == "100%.md")
        #expect(PathReference.percentDecoded("%FF.md") == "%FF.md")
    }

    @Test func schemesButNotDriveLetters() {
        #expect(PathReference.scheme(of: "HTTPS://x") == "https")
        #expect(PathReference.scheme(of: "xref:a.b") == "xref")
        #expect(PathReference.scheme(of: "C:/x.md") == nil)
        #expect(PathReference.scheme(of: "a.md") == nil)
    }
}

@Suite struct MarkdownFileTests {
    @Test func mdAndMarkdownInAnyCase() {
        #expect(MarkdownFile.hasExtension("a.md"))
        #expect(MarkdownFile.hasExtension("A.MARKDOWN"))
        #expect(!MarkdownFile.hasExtension("a.mdx"))
        #expect(!MarkdownFile.hasExtension("md"))
        #expect(MarkdownFile.stem("Reset.Markdown") == "Reset")
        #expect(MarkdownFile.stem("shot.png") == "shot.png")
        // The last dot counts; a byte that differs from a letter only in bit 5 is no letter of the extension.
        #expect(MarkdownFile.stem("notes.md.bak") == "notes.md.bak")
        #expect(MarkdownFile.stem("v1.2.mD") == "v1.2")
        #expect(!MarkdownFile.hasExtension("a.m\u{04}") && !MarkdownFile.hasExtension("a.-d") && !MarkdownFile.hasExtension("a.m"))
        // A slice is read within its bounds.
        #expect(MarkdownFile.hasExtension("docs/ré.md".dropFirst(5)) && MarkdownFile.hasExtension("xa.mdx".dropFirst().dropLast()))
        #expect(!MarkdownFile.hasExtension("a.md.x".dropFirst(2)))
        #expect(MarkdownFile.stem("日本語.md") == "日本語" && MarkdownFile.stem(".md") == "")
    }

    @Test func permalinksDropEitherExtension() {
        let en = LocaleCode("en-us")!
        #expect(Permalink.article(ArticlePath("guide/Start.markdown"), in: en) == Permalink.article(ArticlePath("guide/start.md"), in: en))
        #expect(Permalink.article(ArticlePath("guide/index.markdown"), in: en).segments == ["en-us", "guide"])
    }
}

@Suite struct DiagnosticLineTests {
    @Test func messagesAreOneLine() {
        let diagnostic = Diagnostic.warning("x", at: SourceLocation(path: "a.md", line: 1, column: 1), "first\n   second\r\nthird\n")
        #expect(diagnostic.message == "first second third")
        #expect(!diagnostic.description.contains("\n"))
        let long = Diagnostic.error("x", at: SourceLocation(path: "a.md"), String(repeating: "y", count: 5_000))
        #expect(long.message.count == 500)
    }
}
