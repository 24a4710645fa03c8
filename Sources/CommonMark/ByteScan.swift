/// Substring search over UTF-8 bytes; much cheaper than Character-based searching.
enum ByteScan {
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
