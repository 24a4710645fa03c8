/// How the tokenizer treats a (normalised) scalar. `word` and `number` are both word characters (Unicode L, M, N);
/// they are told apart because runs joined by `.`, `-` or `_` stay one term only when they contain a number.
enum CharacterClass: Equatable {
    case separator, word, number, han, hiragana, katakana, hangul

    var isWord: Bool { self == .word || self == .number }

    @inline(__always) static func of(_ value: UInt32) -> CharacterClass {
        if value < 0x80 {
            // ASCII: letters and digits are word characters, everything else separates.
            if value &- 0x30 < 10 { return .number }
            return (value | 0x20) &- 0x61 < 26 ? .word : .separator
        }
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF, 0x3005, 0x3007: return .han
        case 0x3041...0x309F: return .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF: return .katakana
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        default: return ofOther(value)
        }
    }

    /// Everything outside ASCII and the CJK blocks, by general category: letters and marks are words, numbers
    /// (Nd, Nl, No: JavaScript `\p{N}`) are numbers, the rest separates.
    private static func ofOther(_ value: UInt32) -> CharacterClass {
        guard let scalar = Unicode.Scalar(value) else { return .separator }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return .word
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .separator
        }
    }
}
