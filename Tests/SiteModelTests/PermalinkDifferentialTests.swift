import Foundation
import Testing
@testable import SiteModel

/// `Permalink.slug` and `Permalink.encode` must answer exactly what the pre-rewrite code (`ReferencePermalink`)
/// answered, byte for byte, so no output path or href changes. Bytes, because `String ==` is canonical equivalence.
@Suite struct PermalinkDifferentialTests {
    /// Every BMP scalar, and every 61st one above it: alone, inside a segment with spaces, and percent-encoded.
    @Test func everyScalarAgrees() {
        var failures = 0
        for value in (0...0x10FFFF as ClosedRange<UInt32>) where value <= 0xFFFF || value % 61 == 0 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["\(scalar)", " A\(scalar) b\(scalar)\(scalar).", ".\(scalar)"] where !agrees(text) {
                failures += 1
                if failures <= 20 { Issue.record("U+\(String(value, radix: 16)) in \(text.debugDescription)") }
            }
        }
        #expect(failures == 0)
    }

    /// Every pair of ASCII characters, and random ASCII of every kind (controls, whitespace, dots, unsafe characters).
    @Test func asciiAgrees() {
        for a in 0..<128 {
            for b in 0..<128 {
                let text = String(decoding: [UInt8(a), UInt8(b)], as: UTF8.self)
                #expect(agrees(text), "\(text.debugDescription)")
            }
        }
        var generator = SplitMix64(seed: 0x736C_7567)
        let alphabet = Array(" \t\n\r\u{B}\u{C}\u{1C}\u{1F}\u{0}\u{7F}...aZ09-_~?#%\\\"<>|*:/'!$()+,;=@&[]{}^`")
        for _ in 0..<20_000 {
            let text = String((0..<Int.random(in: 0..<16, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            })
            #expect(agrees(text), "\(text.debugDescription)")
        }
        for text in ["", ".", "..", "...", " . ", ". .", "\u{200B}.", ".\u{AD}.", "  ", "\t.\n"] {
            #expect(agrees(text), "\(text.debugDescription)")
        }
    }

    /// Random mixed text: ASCII with Latin, combining marks, invisible format characters, Unicode spaces, CJK,
    /// Hangul jamo, full-width forms, emoji and odd code points. A fixed seed keeps a failure reproducible.
    @Test func generatedMixedTextAgrees() {
        let pieces: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x20...0x7E, 0x0...0x1F, 0x80...0x24F, 0x300...0x36F, 0x370...0x4FF, 0x1E00...0x1FFF,
            0x2000...0x206F, 0x3000...0x30FF, 0x4E00...0x4E80, 0x1100...0x11FF, 0xAC00...0xAC80, 0xFF00...0xFFEF,
            0xFB00...0xFB4F, 0x1F300...0x1F6FF, 0xFE00...0xFE0F, 0xFFF0...0xFFFF, 0xE000...0xE010, 0x10FFF0...0x10FFFF,
        ]
        let specials: [UInt32] = [0x85, 0xA0, 0xAD, 0x1680, 0x200B, 0x200C, 0x200D, 0x2028, 0x2029, 0x202F, 0x205F,
                                  0x2060, 0x3000, 0xFEFF, 0x130, 0x1E9E, 0x212B, 0x2126, 0x3A3, 0x345, 0x2E]
        var generator = SplitMix64(seed: 0x7065_7263)
        var failures = 0
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<20, using: &generator) {
                let value = Bool.random(using: &generator) ? specials.randomElement(using: &generator)!
                    : UInt32.random(in: pieces.randomElement(using: &generator)!, using: &generator)
                if let scalar = Unicode.Scalar(value) { text.append(scalar) }
            }
            if !agrees(String(text)) {
                failures += 1
                if failures <= 20 { Issue.record("\(String(text).debugDescription)") }
            }
        }
        #expect(failures == 0)
    }

    /// An `index` file is its folder whatever its case; near misses and non-ASCII look-alikes are pages of their own.
    @Test func indexFilesAgree() throws {
        let locale = try #require(LocaleCode("ja-JP"))
        let names = ["index.md", "INDEX.MD", "Index.markdown", "indeX.Md", "index", "index.txt", "inde.md", "indexx.md",
                     "index .md", " index.md", "İndex.md", "ındex.md", "İNDEX.md", "index\u{200B}.md", "ｉｎｄｅｘ.md"]
        for name in names {
            for path in [name, "a/" + name, "a/b c/" + name] {
                let article = Permalink.article(ArticlePath(path), in: locale).segments
                let reference = [locale.urlSegment] + Self.referenceArticleSegments(path)
                #expect(article.map { Array($0.utf8) } == reference.map { Array($0.utf8) }, "\(path)")
            }
        }
    }

    /// Every file and folder name, every line and every article path of ../shared/corpus.
    @Test(.enabled(if: corpusIsPresent, "../shared/corpus is absent: slug differential test skipped"))
    func everyNameAndLineOfTheSharedCorpusAgrees() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.corpus)?.allObjects as? [String]).sorted()
        var checked = 0
        var failures = 0
        func check(_ text: String) {
            checked += 1
            if !agrees(text) {
                failures += 1
                if failures <= 20 { Issue.record("\(text.prefix(200).debugDescription)") }
            }
        }
        let locale = try #require(LocaleCode("de-DE"))
        for path in files {
            path.split(separator: "/").forEach { check(String($0)) }
            let article = Permalink.article(ArticlePath(path), in: locale).segments
            let reference = [locale.urlSegment] + Self.referenceArticleSegments(path)
            #expect(article.map { Array($0.utf8) } == reference.map { Array($0.utf8) }, "\(path)")
            guard path.lowercased().hasSuffix(".md") else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/" + path))
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).forEach { check(String($0)) }
        }
        #expect(checked > 10_000)
        #expect(failures == 0)
        print("slug differential: \(checked) names and lines of ../shared/corpus agree")
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    static let corpusIsPresent = FileManager.default.fileExists(atPath: corpus)

    /// `Permalink.article` as it was (but for splitting at `/` bytes), over the reference slug.
    static func referenceArticleSegments(_ path: String) -> [String] {
        var parts = path.unicodeScalars.split(separator: "/").map { String(String.UnicodeScalarView($0)) }
        if let name = parts.popLast() {
            let last = MarkdownFile.stem(name)
            if last.lowercased() != "index" || parts.isEmpty { parts.append(last) }
        }
        return parts.map(ReferencePermalink.slug)
    }

    /// Slug, encoding of the text, and encoding of its slug all agree with the reference.
    private func agrees(_ text: String) -> Bool {
        let slug = Permalink.slug(text)
        return Array(slug.utf8) == Array(ReferencePermalink.slug(text).utf8)
            && Array(Permalink.encode(text).utf8) == Array(ReferencePermalink.encode(text).utf8)
            && Array(Permalink.encode(slug).utf8) == Array(ReferencePermalink.encode(slug).utf8)
    }
}

/// A tiny seeded generator so randomized tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
