/// The anchors of a page (heading ids, `<a name>` and `id` values), held as one string: the names sorted and
/// joined by NUL, which no name holds (Markdown input turns U+0000 into U+FFFD). The site index has one per article
/// and the build cache reads tens of thousands of them: one string each, not a set of strings to allocate and hash.
/// Membership is a scan, which a link check does a few times per page.
public struct AnchorSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral {
    /// The names, sorted (UTF-8 byte order), without duplicates (equal bytes) or empty names, joined by NUL.
    public let joined: String

    public init<Names: Sequence<String>>(_ names: Names) {
        // Sorted, then equal neighbours dropped: no set of strings to hash (names of every script, on every article).
        var sorted = names.filter { !$0.isEmpty && !$0.utf8.contains(0) }
        sorted.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for name in sorted where unique.last.map({ !$0.utf8.elementsEqual(name.utf8) }) ?? true { unique.append(name) }
        joined = unique.joined(separator: "\0")
    }

    public init(arrayLiteral names: String...) {
        self.init(names)
    }

    /// Names already joined as `joined` is (a build cache's record); anything else still answers `contains`, and
    /// is only ever unequal to a set made from the same names.
    public init(joined: String) {
        self.joined = joined
    }

    public var isEmpty: Bool { joined.isEmpty }

    public func contains(_ name: String) -> Bool {
        !name.isEmpty && joined.utf8.split(separator: 0).contains { $0.elementsEqual(name.utf8) }
    }

    public func makeIterator() -> IndexingIterator<[String]> {
        (joined.isEmpty ? [] : joined.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)).makeIterator()
    }
}
