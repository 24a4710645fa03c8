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

    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return true }
        var text = text
        return text.withUTF8 { haystack in
            guard haystack.count >= pattern.count else { return false }
            var i = 0
            let last = haystack.count - pattern.count
            while i <= last {
                if haystack[i] == first {
                    var j = 1
                    while j < pattern.count, haystack[i + j] == pattern[j] { j += 1 }
                    if j == pattern.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}
