import CCmark
import Glibc

/// Substring search over UTF-8 bytes; much cheaper than Character-based searching.
enum ByteScan {
    /// Whether `text` holds the byte: `memchr` over the string's contiguous UTF-8 (a generic `contains` over the
    /// UTF-8 view went byte by byte, 2 % of a shard's time for `<` alone).
    static func contains(_ text: String, byte: UInt8) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether a byte of `text` satisfies `predicate`, over the string's contiguous UTF-8.
    static func contains(_ text: String, where predicate: (UInt8) -> Bool) -> Bool {
        var text = text
        return text.withUTF8 { $0.contains(where: predicate) }
    }

    /// Whether `text` holds `needle`: glibc's `memmem` (a byte loop here was 4 % of a shard's time, most of it the
    /// checks for `:::image` and `[!` on every page).
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        guard needle.utf8CodeUnitCount > 0 else { return true }
        var text = text
        return text.withUTF8 { haystack in
            guard let base = haystack.baseAddress, haystack.count >= needle.utf8CodeUnitCount else { return false }
            return memmem(base, haystack.count, needle.utf8Start, needle.utf8CodeUnitCount) != nil
        }
    }
}

/// A text's lines, split at `\n` only (a `\r` stays on its line: `"\r\n"` is one Character), as offsets found with
/// `memchr`; a line becomes a `Substring` only when asked for. Splitting into substrings up front cost a retained
/// substring per line of every page, most never looked at.
struct SourceLines {
    private let text: String
    /// The UTF-8 offset where each line starts.
    private let starts: [Int]

    init(_ text: String) {
        var starts = [0]
        var copy = text
        copy.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(offset)
            }
        }
        self.text = text
        self.starts = starts
    }

    var count: Int { starts.count }

    subscript(index: Int) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: starts[index])
        let end = index + 1 < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[index + 1] - 1) : utf8.endIndex
        return Substring(utf8[start..<end])
    }
}
