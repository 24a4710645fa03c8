import Foundation
import Testing
@testable import SearchIndexing

/// The tokenizer must answer exactly what the pre-rewrite code (`ReferenceTokenizer`) answered, for every input:
/// search indexes built before and after the rewrite are byte-identical. Terms are compared as UTF-8 bytes, because
/// `String ==` would call canonically equivalent but different terms (`é` and `e` + U+0301) equal.
@Suite struct TokenizerDifferentialTests {
    @Test func sharedVectorsAgreeWithTheReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tokenizer-vectors.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let vectors = try #require(object?["vectors"] as? [[String: Any]])
        for vector in vectors {
            let input = try #require(vector["input"] as? String)
            expectSameTerms(input)
            expectSameTerms(input.uppercased())
        }
    }

    /// ASCII text takes the one path all text takes; the reference had a byte path of its own for it, and its
    /// Unicode path had to agree with that. Both of them must agree with the tokenizer.
    @Test func asciiTextAgreesWithBothReferencePaths() {
        var generator = SplitMix64(seed: 0x6B62)  // fixed seed: a failure reproduces
        let alphabet = Array("abcXYZ019 .-_,:;/()'\"\n\t#")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let terms = bytes(Tokenizer.terms(text))
            #expect(terms == bytes(ReferenceTokenizer.unicodeTerms(text)), "\(text.debugDescription)")
            #expect(terms == bytes(ReferenceTokenizer.asciiTerms(text) ?? []), "\(text.debugDescription)")
        }
    }

    /// Every BMP scalar, and every 61st one above it, alone, between ASCII letters, doubled, and after a mark: the
    /// terms, and the normalised text itself (which keeps the separators terms drop).
    @Test func everyScalarAloneAndBesideItselfAgrees() {
        let values = (0x80...0x10FFFF as ClosedRange<UInt32>).lazy.filter { $0 <= 0xFFFF || $0 % 61 == 0 }
        var failures = 0
        for scalar in values.compactMap(Unicode.Scalar.init) {
            let text = "a\(scalar)b \(scalar)\(scalar)\u{301}\(scalar)"
            let normal = Array(Tokenizer.normalize(text).utf8)
            if !sameTerms(text) || normal != Array(ReferenceTokenizer.normalize(text).utf8) {
                failures += 1
                if failures <= 20 { Issue.record("U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)") }
            }
        }
        #expect(failures == 0)
    }

    /// Random text over an alphabet chosen to hurt: ASCII joiners, combining marks of several scripts, full- and
    /// half-width forms, ligatures, conjoining and compatibility jamo, Arabic presentation forms, emoji sequences,
    /// noncharacters, private use and unassigned code points. A fixed seed keeps a failure reproducible.
    @Test func generatedMixedScriptTextAgrees() {
        var generator = SplitMix64(seed: 0x6B62_7974_6573)
        var failures = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<24, using: &generator)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(EdgeCaseAlphabet.scalar(using: &generator)) }
            let input = String(text)
            if !sameTerms(input) {
                failures += 1
                if failures <= 20 { Issue.record("different terms for \(input.debugDescription)") }
            }
        }
        #expect(failures == 0)
    }

    /// Every ordered pair of the hand-picked troublemakers, with ASCII on either side and glued to each other.
    @Test func everyPairOfTroublemakersAgrees() {
        let set = EdgeCaseAlphabet.troublemakers
        var failures = 0
        for a in set {
            for b in set {
                let input = "x\(a)\(b)y \(a)\(b)"
                if !sameTerms(input) {
                    failures += 1
                    if failures <= 20 { Issue.record("different terms for \(input.debugDescription)") }
                }
            }
        }
        #expect(failures == 0)
    }

    @Test func normalizeAgreesWithTheReference() {
        var generator = SplitMix64(seed: 0x6E66_6B63)
        for _ in 0..<5_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<16, using: &generator) {
                text.append(EdgeCaseAlphabet.scalar(using: &generator))
            }
            let input = String(text)
            #expect(Array(Tokenizer.normalize(input).utf8) == Array(ReferenceTokenizer.normalize(input).utf8),
                    "\(input.debugDescription)")
        }
    }

    @Test(.enabled(if: SharedCorpus.isPresent, "../shared/corpus is absent: corpus differential test skipped"))
    func everyParagraphOfTheSharedCorpusAgrees() throws {
        let paragraphs = try SharedCorpus.paragraphs()
        #expect(paragraphs.count > 2_500)
        var failures = 0
        for paragraph in paragraphs where !sameTerms(paragraph) {
            failures += 1
            if failures <= 20 { Issue.record("different terms for \(paragraph.prefix(200).debugDescription)") }
        }
        #expect(failures == 0)
        print("tokenizer differential: \(paragraphs.count) paragraphs of ../shared/corpus agree")
    }

    private func bytes(_ terms: [String]) -> [[UInt8]] { terms.map { Array($0.utf8) } }

    private func sameTerms(_ text: String) -> Bool {
        bytes(Tokenizer.terms(text)) == bytes(ReferenceTokenizer.terms(text))
    }

    private func expectSameTerms(_ text: String) {
        #expect(bytes(Tokenizer.terms(text)) == bytes(ReferenceTokenizer.terms(text)), "\(text.debugDescription)")
    }
}

/// Code points that exercise the normalisation: the tokenizer's hard cases, drawn from by the generated tests.
enum EdgeCaseAlphabet {
    /// Ranges to draw from, each equally likely, whatever its size.
    static let ranges: [ClosedRange<UInt32>] = [
        0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x20...0x2F,  // ASCII letters, digits, separators and joiners
        0x80...0x24F, 0x250...0x36F, 0x370...0x52F, 0x1E00...0x1FFF,  // Latin, IPA, marks, Greek, Cyrillic
        0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05C7, 0x0E31...0x0E4E, 0x1AB0...0x1AFF, 0x20D0...0x20F0,
        0x0600...0x06FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF,  // Arabic and its presentation forms
        0x0900...0x0DFF, 0x1000...0x109F, 0x1B00...0x1B7F,  // Indic, Myanmar, Balinese: length marks compose
        0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF, 0xAC00...0xD7A3,  // Hangul
        0x3000...0x30FF, 0x3190...0x33FF, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
        0xFF00...0xFFEF, 0xFB00...0xFB4F, 0xFE10...0xFE6F,  // full-, half-width, ligatures, vertical forms
        0x2000...0x2BFF, 0xA700...0xA7FF, 0xAB30...0xAB6F, 0x10400...0x1044F, 0x1D400...0x1D7FF,  // symbols, math
        0x1F000...0x1FAFF, 0x1F3FB...0x1F3FF, 0x1F1E6...0x1F1FF, 0xE0020...0xE007F, 0xFE00...0xFE0F,  // emoji
        0xE000...0xE0FF, 0xFFF0...0xFFFF, 0x10FFF0...0x10FFFF, 0x0378...0x037F, 0x2FFF0...0x2FFFF,  // odd
    ]

    /// Single characters known to be awkward: case mappings that grow or carry marks, singletons, joiners.
    static let troublemakers: [Unicode.Scalar] = {
        let text = "aAzZ09.-_ äÄöÖüÜßẞéÉİıǅǄſﬁﬀﬃﬅΩΩÅÅKKẛᾈᾼΐΣςŉǰ\u{345}\u{301}\u{308}\u{327}\u{34F}\u{360}"
            + "がガｶﾞﾟ\u{3099}\u{309A}ゝゞヽヾ゛ー（）：Ａａ１①⑽Ⅻⅻ㈱㍿ー・、。「」"
            + "가각\u{1100}\u{1161}\u{11A8}\u{3131}\u{314F}\u{3164}\u{FFA0}\u{FFDA}"
            + "آأإٱىةـ\u{64B}\u{651}\u{670}\u{FE7D}\u{FEF5}\u{FDFA}ﷲ"
            + "\u{B47}\u{B3E}\u{B57}\u{DD9}\u{DCF}\u{DCA}\u{1025}\u{102E}\u{1B05}\u{1B35}\u{915}\u{93C}\u{929}"
            + "\u{0}\u{AD}\u{A0}\u{85}\u{200B}\u{200D}\u{2028}\u{202F}\u{3000}\u{FEFF}\u{FFFD}\u{FFFF}\u{E000}"
            + "👍🏽👨‍👩‍👧🇩🇪\u{FE0F}\u{E0067}\u{10FFFF}\u{378}"
        return Array(text.unicodeScalars)
    }()

    static func scalar(using generator: inout SplitMix64) -> Unicode.Scalar {
        if Int.random(in: 0..<4, using: &generator) == 0 { return troublemakers.randomElement(using: &generator)! }
        while true {
            let range = ranges.randomElement(using: &generator)!
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) { return scalar }
        }
    }
}

/// `../shared/corpus` beside the repository: real articles in several languages, when present.
enum SharedCorpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    static let isPresent = FileManager.default.fileExists(atPath: folder)

    /// Every Markdown file's text, split into paragraphs at blank lines (front matter included, as written), and
    /// each whole file too.
    static func paragraphs() throws -> [String] {
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { $0.lowercased().hasSuffix(".md") }.sorted()
        var paragraphs: [String] = []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            var current: [Substring] = []
            let text = String(decoding: data, as: UTF8.self)
            paragraphs.append(text)
            for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                if line.allSatisfy(\.isWhitespace) {
                    if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")); current = [] }
                } else {
                    current.append(line)
                }
            }
            if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
        }
        return paragraphs
    }
}
