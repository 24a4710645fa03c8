import Foundation

/// The tokenizer's normalisation of single scalars, worked out once with Foundation, so that text made of common
/// scalars (Latin letters with diacritics, kana, kanji, Hangul syllables, punctuation, full-width forms) is
/// normalised by table look-up instead of four Foundation passes per run.
///
/// Invariant: for a run `x₁…xₙ` of scalars that are all *context free*, `Tokenizer.normalizeFully(x₁…xₙ)` equals
/// `normalizeFully(x₁) + … + normalizeFully(xₙ)`. A scalar is context free when the scalar itself and each step of
/// `normalizeFully` on it (NFKD, lower case + NFD, mark folding) start with a scalar no neighbour can change: not a
/// mark (so combining class 0), and never composing onto the character before it, which among non-marks only the
/// Hangul vowel and final jamo do (U+1161–1175, U+11A8–11C2). Then no NFKC, NFD or NFC step reorders or composes
/// across the boundary, and the folding of U+0300–036F after a Latin letter restarts there. A run with any other
/// scalar (a combining mark, a jamo, a half-width voiced mark, …) goes through Foundation whole.
/// `FoldingTableTests` checks the claim about composition against Foundation for every assigned scalar.
enum FoldingTable {
    /// The BMP pages (scalar >> 8) the table covers, in groups worked out with Foundation on first use (about 1.5 ms
    /// a page): Latin; Greek, Cyrillic, Hebrew, Arabic; Latin and Greek extended; punctuation, letter-like and number
    /// forms; symbols; CJK punctuation, kana and enclosed forms; ligatures; full- and half-width forms.
    static let groups: [ClosedRange<UInt32>] = [0x00...0x02, 0x03...0x06, 0x1E...0x1F, 0x20...0x21, 0x22...0x27,
                                                 0x30...0x33, 0xFB...0xFB, 0xFE...0xFF]
    private static let latin = Pages(groups[0])
    private static let otherAlphabets = Pages(groups[1])
    private static let latinExtended = Pages(groups[2])
    private static let punctuation = Pages(groups[3])
    private static let symbols = Pages(groups[4])
    private static let cjk = Pages(groups[5])
    private static let ligatures = Pages(groups[6])
    private static let fullWidth = Pages(groups[7])

    /// Blocks of scalars that are context free and their own normalisation, too large to work out at run time:
    /// CJK Unified Ideographs (and Extension A) and Hangul syllables. `FoldingTableTests` checks every one of them.
    @inline(__always) static func isIdentityBlock(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3: true
        default: false
        }
    }

    /// Appends the normalisation of the scalar `value`, whose own UTF-8 is `utf8`, and returns true; returns false,
    /// appending nothing, when the table does not know the scalar to be context free.
    @inline(__always) static func appendNormalization(
        of value: UInt32, utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]
    ) -> Bool {
        let pages: Pages
        switch value >> 8 {
        case 0x00...0x02: pages = latin
        case 0x03...0x06: pages = otherAlphabets
        case 0x1E...0x1F: pages = latinExtended
        case 0x20...0x21: pages = punctuation
        case 0x22...0x27: pages = symbols
        case 0x30...0x33: pages = cjk
        case 0xFB: pages = ligatures
        case 0xFE...0xFF: pages = fullWidth
        default:
            guard isIdentityBlock(value) else { return false }
            out.append(contentsOf: utf8)
            return true
        }
        let code = pages.codes[Int(value - pages.firstScalar)]
        switch code {
        case Pages.identity: out.append(contentsOf: utf8)
        case Pages.general: return false
        default: out.append(contentsOf: pages.folded[Int(code >> 8)..<Int(code >> 8) + Int(code & 0xFF)])
        }
        return true
    }

    /// What `appendNormalization` answers for `scalar`: its normalisation as UTF-8, or nil.
    static func normalization(of scalar: Unicode.Scalar) -> [UInt8]? {
        var out: [UInt8] = []
        var utf8 = Array(String(scalar).utf8)
        return utf8.withUnsafeMutableBufferPointer { appendNormalization(of: scalar.value, utf8: .init($0), to: &out) }
            ? out : nil
    }

    /// A group of consecutive pages: a code per scalar, and the bytes of the normalisations that are not identity.
    private struct Pages: Sendable {
        static let identity: UInt32 = 0xFFFF_FFFE
        static let general: UInt32 = 0xFFFF_FFFF

        let firstScalar: UInt32
        /// `identity`, `general`, or where the normalisation is in `folded`: `offset << 8 | length`.
        let codes: [UInt32]
        let folded: [UInt8]

        init(_ pages: ClosedRange<UInt32>) {
            var codes: [UInt32] = []
            var folded: [UInt8] = []
            for value in pages.lowerBound << 8..<(pages.upperBound + 1) << 8 {
                guard let scalar = Unicode.Scalar(value),
                      let normal = FoldingTable.contextFreeNormalization(of: scalar), normal.count < 256 else {
                    codes.append(Self.general)
                    continue
                }
                if normal.elementsEqual(String(scalar).utf8) {
                    codes.append(Self.identity)
                } else {
                    codes.append(UInt32(folded.count) << 8 | UInt32(normal.count))
                    folded += normal
                }
            }
            (firstScalar, self.codes, self.folded) = (pages.lowerBound << 8, codes, folded)
        }
    }

    /// The normalisation of `scalar` as UTF-8 when the scalar is context free (see the type's comment), else nil.
    static func contextFreeNormalization(of scalar: Unicode.Scalar) -> [UInt8]? {
        let text = String(scalar)
        let decomposed = Tokenizer.lowerCased(text.precomposedStringWithCompatibilityMapping)
            .decomposedStringWithCanonicalMapping
        let folded = Tokenizer.foldMarks(decomposed)
        for step in [text, text.decomposedStringWithCompatibilityMapping, decomposed, folded] {
            if let first = step.unicodeScalars.first, !startsSegment(first) { return nil }
        }
        return Array(folded.precomposedStringWithCanonicalMapping.utf8)
    }

    /// A scalar that neither reorders with nor composes onto the character before it, in any normalisation form.
    static func startsSegment(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return !Tokenizer.isMark(scalar) && !(0x1161...0x1175).contains(value) && !(0x11A8...0x11C2).contains(value)
    }
}
