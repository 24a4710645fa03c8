import Foundation

extension Tokenizer {
    /// NFKC, lower case (with `ß` → `ss`), Latin diacritics removed, Arabic letter variants unified.
    public static func normalize(_ text: String) -> String {
        String(decoding: normalizedUTF8(text), as: UTF8.self)
    }

    /// `normalize(text)` as UTF-8, over bytes. ASCII needs none of the Unicode work (it is invariant under every
    /// normalisation form and never composes with a neighbour), so it is only lower-cased, and every run of non-ASCII
    /// scalars between ASCII bytes is normalised on its own. A run of scalars the `FoldingTable` knows to be context
    /// free is folded scalar by scalar from the table; any other run goes through Foundation (`normalizeFully`).
    static func normalizedUTF8(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { input in
            var out: [UInt8] = []
            out.reserveCapacity(input.count + 8)
            var i = 0
            while i < input.count {
                let byte = input[i]
                if byte < 0x80 {
                    out.append(byte &- 0x41 < 26 ? byte + 0x20 : byte)
                    i += 1
                    continue
                }
                var end = i + 1
                while end < input.count, input[end] >= 0x80 { end += 1 }
                appendNormalizedRun(UnsafeBufferPointer(rebasing: input[i..<end]), to: &out)
                i = end
            }
            return out
        }
    }

    /// Appends the normalisation of one maximal run of non-ASCII scalars: from the table when it knows every scalar
    /// of the run to be context free, else from Foundation.
    private static func appendNormalizedRun(_ run: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let mark = out.count
        var i = 0
        while i < run.count {
            let (value, length) = UTF8Scalars.decode(run, at: i)
            let utf8 = UnsafeBufferPointer(rebasing: run[i..<i + length])
            guard FoldingTable.appendNormalization(of: value, utf8: utf8, to: &out) else {
                out.removeSubrange(mark...)
                appendFullyNormalizedRun(run, to: &out)
                return
            }
            i += length
        }
    }

    /// The general path for one run: a combining mark at its start belongs with the ASCII character before it
    /// (`e` + U+0301 composes to `é`), so that character is taken back from the output and normalised with the run.
    private static func appendFullyNormalizedRun(_ run: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let run = String(decoding: run, as: UTF8.self)
        var pending = ""
        if let first = run.unicodeScalars.first, isMark(first), let base = out.popLast() {
            pending.unicodeScalars.append(Unicode.Scalar(base))
        }
        pending += run
        out.append(contentsOf: normalizeFully(pending).utf8)
    }

    /// A scalar that attaches to the one before it: a Unicode mark (Mn, Mc, Me) or anything with a combining class.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.canonicalCombiningClass != .notReordered
        }
    }

    /// The normalisation with Foundation: NFKC, `lowerCased`, NFD, `foldMarks`, NFC.
    static func normalizeFully(_ text: String) -> String {
        let decomposed = lowerCased(text.precomposedStringWithCompatibilityMapping).decomposedStringWithCanonicalMapping
        return foldMarks(decomposed).precomposedStringWithCanonicalMapping
    }

    /// The Unicode lower-case mapping of each scalar on its own (no context), with `ß` and `ẞ` → `ss`.
    static func lowerCased(_ text: String) -> String {
        var lowered = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "ß" || scalar == "ẞ" {
                lowered.append("s"); lowered.append("s")
            } else if scalar.properties.changesWhenLowercased {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                lowered.append(scalar)
            }
        }
        return String(lowered)
    }

    /// Over decomposed text: combining marks U+0300–U+036F after a Latin letter dropped, Arabic letters folded.
    static func foldMarks(_ decomposed: String) -> String {
        var folded = String.UnicodeScalarView()
        var baseIsLatin = false
        for scalar in decomposed.unicodeScalars {
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
        return String(folded)
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
}
