/// kb's search tokenizer, version 1. The same rules run in the browser (`templates/assets/kb-search.js`); both are
/// checked against `Tests/Fixtures/tokenizer-vectors.json` so index time and query time cannot drift.
/// The rules are written out in ARCHITECTURE.md ("Search tokenizer").
public enum Tokenizer {
    public static let version = 1

    /// The index terms of `text`, in order (duplicates kept, so callers can count frequencies).
    ///
    /// One pass over the normalised UTF-8 (`normalizedUTF8`, which only lower-cases ASCII) classes each scalar and
    /// cuts the terms straight from those bytes: no array of scalars, no intermediate strings.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(text) { bytes, range in terms.append(UTF8Scalars.string(bytes, range)) }
        return terms
    }

    /// The same terms as byte ranges of the normalised UTF-8 (valid only during the call), for callers that count
    /// terms without making a `String` of each (`SearchIndex.analyze`).
    static func forEachTerm(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Void) {
        normalizedUTF8(text).withUnsafeBufferPointer { bytes in
            var joints: [Int] = []
            var i = 0
            while i < bytes.count {
                let (value, length) = UTF8Scalars.decode(bytes, at: i)
                switch CharacterClass.of(value) {
                case .separator:
                    i += length
                case .word, .number:
                    i = words(bytes, from: i, joints: &joints) { body(bytes, $0) }
                case let kind:
                    i = bigrams(bytes, from: i, length: length, kind: kind) { body(bytes, $0) }
                }
            }
        }
    }

    /// Overlapping bigrams of the run of `kind` characters starting at `start` (a one-character run gives itself);
    /// returns where the run ends.
    private static func bigrams(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, length: Int, kind: CharacterClass,
        _ emit: (Range<Int>) -> Void
    ) -> Int {
        var previous = start, current = start + length
        while current < bytes.count {
            let (value, length) = UTF8Scalars.decode(bytes, at: current)
            guard CharacterClass.of(value) == kind else { break }
            emit(previous..<current + length)
            previous = current
            current += length
        }
        if previous == start { emit(start..<current) }
        return current
    }

    /// Words: runs of letters, digits and marks. Runs joined by one `.`, `-` or `_` form one term when the whole
    /// contains a number (`0x80070005`, `kb5034441`, `10.0.19041`, `cc-4010`); otherwise each run is a term.
    /// `joints` is scratch space for the joiners' offsets, kept by the caller so a word allocates nothing.
    private static func words(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, joints: inout [Int], _ emit: (Range<Int>) -> Void
    ) -> Int {
        joints.removeAll(keepingCapacity: true)
        var hasNumber = false
        var i = start
        while true {
            while i < bytes.count {
                let (value, length) = UTF8Scalars.decode(bytes, at: i)
                let kind = CharacterClass.of(value)
                guard kind.isWord else { break }
                if kind == .number { hasNumber = true }
                i += length
            }
            let joiner = i < bytes.count ? bytes[i] : 0
            guard i + 1 < bytes.count, joiner == 0x2E || joiner == 0x2D || joiner == 0x5F,
                  CharacterClass.of(UTF8Scalars.decode(bytes, at: i + 1).value).isWord else { break }
            joints.append(i)
            i += 1
        }
        if !joints.isEmpty, hasNumber {
            emit(start..<i)
        } else {
            var runStart = start
            for joint in joints {
                emit(runStart..<joint)
                runStart = joint + 1
            }
            emit(runStart..<i)
        }
        return i
    }
}

/// Scalars read straight from valid UTF-8 (a `String`'s own bytes, or bytes kb assembled from such strings).
enum UTF8Scalars {
    /// The scalar at `i` and its length in bytes. The bytes must be valid UTF-8 and `i` must start a scalar.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    @inline(__always) static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
