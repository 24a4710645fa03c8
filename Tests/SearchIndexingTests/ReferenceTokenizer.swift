import Foundation

// The tokenizer exactly as it was before the byte-level rewrite (commit 341079b), frozen here as the reference the
// differential tests compare the production tokenizer with. Do not "fix" or speed up this copy: its only job is to
// say what the old code answered.

/// The pre-rewrite tokenizer: Foundation normalisation of every non-ASCII run, then classes over `[Unicode.Scalar]`.
enum ReferenceTokenizer {
    /// The index terms of `text`, in order (duplicates kept, so callers can count frequencies).
    static func terms(_ text: String) -> [String] {
        if let ascii = asciiTerms(text) { return ascii }
        return unicodeTerms(text)
    }

    /// The same rules over bytes, for text that is all ASCII (no normalisation can change it): most English and much
    /// German text, at a fraction of the cost. Nil when the text has a non-ASCII byte.
    static func asciiTerms(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            for byte in bytes where byte >= 0x80 { return nil }
            @inline(__always) func isWord(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            }
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
            func string(_ range: Range<Int>) -> String {
                String(decoding: bytes[range].map(lower), as: UTF8.self)
            }
            var terms: [String] = []
            var i = 0
            let n = bytes.count
            while i < n {
                guard isWord(bytes[i]) else { i += 1; continue }
                var runs: [Range<Int>] = []
                while true {
                    let start = i
                    while i < n, isWord(bytes[i]) { i += 1 }
                    runs.append(start..<i)
                    let b = i < n ? bytes[i] : 0
                    guard i + 1 < n, b == 0x2E || b == 0x2D || b == 0x5F, isWord(bytes[i + 1]) else { break }
                    i += 1
                }
                let whole = runs.first!.lowerBound..<runs.last!.upperBound
                if runs.count > 1, bytes[whole].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                    terms.append(string(whole))
                } else {
                    for run in runs { terms.append(string(run)) }
                }
            }
            return terms
        }
    }

    /// The full rules: normalisation, then script classes, bigrams and words.
    static func unicodeTerms(_ text: String) -> [String] {
        var terms: [String] = []
        let scalars = Array(normalize(text).unicodeScalars)
        var i = 0
        while i < scalars.count {
            let kind = ReferenceCharacterClass.of(scalars[i])
            switch kind {
            case .separator:
                i += 1
            case .han, .hiragana, .katakana, .hangul:
                var end = i + 1
                while end < scalars.count, ReferenceCharacterClass.of(scalars[end]) == kind { end += 1 }
                appendBigrams(scalars[i..<end], to: &terms)
                i = end
            case .word:
                i = appendWords(scalars, from: i, to: &terms)
            }
        }
        return terms
    }

    /// NFKC, lower case (with `ß` → `ss`), Latin diacritics removed, Arabic letter variants unified.
    ///
    /// ASCII needs none of the Unicode work (it is invariant under every normalisation form and never composes with
    /// a neighbour), so only the non-ASCII runs between ASCII characters go through the full path.
    static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pending = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if !pending.isEmpty { out.append(contentsOf: normalizeFully(String(pending)).unicodeScalars); pending = .init() }
                let v = scalar.value
                out.append((0x41...0x5A).contains(v) ? Unicode.Scalar(v + 0x20)! : scalar)
            } else {
                // A combining mark belongs with the character before it (`e` + U+0301 composes to `é`).
                if pending.isEmpty, isMark(scalar), let base = out.popLast() { pending.append(base) }
                pending.append(scalar)
            }
        }
        if !pending.isEmpty { out.append(contentsOf: normalizeFully(String(pending)).unicodeScalars) }
        return String(out)
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.canonicalCombiningClass != .notReordered
        }
    }

    private static func normalizeFully(_ text: String) -> String {
        let compatible = text.precomposedStringWithCompatibilityMapping
        var lowered = String.UnicodeScalarView()
        for scalar in compatible.unicodeScalars {
            if scalar == "ß" || scalar == "ẞ" {
                lowered.append("s"); lowered.append("s")
            } else if scalar.properties.changesWhenLowercased {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                lowered.append(scalar)
            }
        }
        var folded = String.UnicodeScalarView()
        var baseIsLatin = false
        for scalar in String(lowered).decomposedStringWithCanonicalMapping.unicodeScalars {
            let value = scalar.value
            if (0x0300...0x036F).contains(value) {
                if !baseIsLatin { folded.append(scalar) }
                continue
            }
            if let arabic = arabicFold(value) {
                if let replacement = arabic { folded.append(replacement) }
                baseIsLatin = false
                continue
            }
            baseIsLatin = isLatinLetter(value)
            folded.append(scalar)
        }
        return String(folded).precomposedStringWithCanonicalMapping
    }

    /// Arabic normalisation: nil when the scalar is not affected, `.some(nil)` to drop it (harakat, tatweel),
    /// `.some(x)` to replace it (alef variants → ا, ى → ي, ة → ه).
    private static func arabicFold(_ value: UInt32) -> Unicode.Scalar?? {
        switch value {
        case 0x064B...0x065F, 0x0670, 0x0640: return .some(nil)
        case 0x0622, 0x0623, 0x0625, 0x0671: return .some(Unicode.Scalar(0x0627))
        case 0x0649: return .some(Unicode.Scalar(0x064A))
        case 0x0629: return .some(Unicode.Scalar(0x0647))
        default: return nil
        }
    }

    static func isLatinLetter(_ value: UInt32) -> Bool {
        (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || (0xC0...0x24F).contains(value)
            || (0x1E00...0x1EFF).contains(value)
    }

    private static func appendBigrams(_ run: ArraySlice<Unicode.Scalar>, to terms: inout [String]) {
        let run = Array(run)
        if run.count == 1 { terms.append(String(run[0])); return }
        for k in 0..<(run.count - 1) {
            var term = String.UnicodeScalarView()
            term.append(run[k]); term.append(run[k + 1])
            terms.append(String(term))
        }
    }

    /// Words: runs of letters, digits and marks. Runs joined by one `.`, `-` or `_` form one term when the whole
    /// contains a digit (`0x80070005`, `kb5034441`, `10.0.19041`, `cc-4010`); otherwise each run is a term.
    private static func appendWords(_ scalars: [Unicode.Scalar], from start: Int, to terms: inout [String]) -> Int {
        var runs: [Range<Int>] = []
        var i = start
        while true {
            let runStart = i
            while i < scalars.count, ReferenceCharacterClass.of(scalars[i]) == .word { i += 1 }
            runs.append(runStart..<i)
            guard i + 1 < scalars.count, ".-_".unicodeScalars.contains(scalars[i]),
                  ReferenceCharacterClass.of(scalars[i + 1]) == .word else { break }
            i += 1
        }
        let whole = scalars[runs.first!.lowerBound..<runs.last!.upperBound]
        if runs.count > 1, whole.contains(where: ReferenceCharacterClass.isNumber) {
            terms.append(String(String.UnicodeScalarView(whole)))
        } else {
            for run in runs { terms.append(String(String.UnicodeScalarView(scalars[run]))) }
        }
        return i
    }
}

/// How the tokenizer treats a (normalised) scalar.
enum ReferenceCharacterClass: Equatable {
    case separator, word, han, hiragana, katakana, hangul

    /// Unicode categories Nd, Nl, No (JavaScript `\p{N}`).
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    static func of(_ scalar: Unicode.Scalar) -> ReferenceCharacterClass {
        let value = scalar.value
        if value < 0x80 {
            // ASCII: letters and digits are word characters, everything else separates.
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                ? .word : .separator
        }
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF, 0x3005, 0x3007: return .han
        case 0x3041...0x309F: return .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF: return .katakana
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return .word
        default:
            return .separator
        }
    }
}
