/// A path reference as writers put it in links, includes, toc hrefs and redirection files, split into its parts.
///
/// One type for every place that reads such references, so `./`, `../`, `~/`, percent escapes and "above the root"
/// mean the same thing in a Markdown link, a `[!INCLUDE]`, a `toc.yml` href and a redirect target.
public struct PathReference: Sendable, Hashable {
    /// The reference as written (`../guide/set%20up.md?tabs=a#step-2`).
    public let raw: String
    /// Everything before `?` and `#`, still percent-encoded.
    public let path: String
    /// `?…` including the question mark, or empty.
    public let query: String
    /// What follows `#`, or nil when there is none.
    public let fragment: String?

    public init(_ raw: String) {
        self.raw = raw
        // `#` and `?` found as bytes: a Character search walks grapheme clusters (and misses one a combining mark
        // follows, which a browser still reads as the delimiter).
        var rest = Substring(raw)
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(rest[rest.utf8.index(after: hash)...])
            rest = rest[..<hash]
        } else {
            fragment = nil
        }
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = String(rest[question...])
            rest = rest[..<question]
        } else {
            query = ""
        }
        path = String(rest)
    }

    /// `/x` and `~/x` start at the locale folder; anything else at the referring file's folder.
    public var isRooted: Bool { path.hasPrefix("/") || path.hasPrefix("~/") }

    /// The path with `%XX` escapes decoded (`set%20up.md` → `set up.md`); kept as written when they are not UTF-8.
    public var decodedPath: String { PathReference.percentDecoded(path) }

    /// Query and fragment, to append to a resolved href.
    public var suffix: String { query + (fragment.map { "#" + $0 } ?? "") }

    /// The segments below the locale folder that this reference names from a file in `folder`, or nil when `..`
    /// climbs above the locale folder. `.`, `~` and empty segments are skipped.
    public func resolved(from folder: some Sequence<String>) -> [String]? {
        var segments: [String] = isRooted ? [] : Array(folder)
        for bytes in decodedPath.utf8.split(separator: UInt8(ascii: "/")) {
            let part = String(decoding: bytes, as: UTF8.self)
            if part == "." || part == "~" { continue }
            if part == ".." {
                guard !segments.isEmpty else { return nil }
                segments.removeLast()
            } else {
                segments.append(part)
            }
        }
        return segments
    }

    /// The URL scheme in lower case (`https`, `xref`, `mailto`), or nil for a path. A Windows drive letter is a path.
    public static func scheme(of s: String) -> String? {
        // Over bytes: a scheme is ASCII, and a Character search for `:` walked whole relative paths by grapheme.
        guard let colon = s.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let candidate = s.utf8[..<colon]
        func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z") }
        guard candidate.count >= 2, let first = candidate.first, isLetter(first),
              candidate.allSatisfy({ isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                  || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { return nil }
        return String(decoding: candidate.map { $0 | 0x20 }, as: UTF8.self)   // lower case; digits, `+`, `-`, `.` have the bit
    }

    /// Decodes `%XX` escapes over UTF-8 bytes; the text stays as written when an escape is malformed or the bytes are
    /// not UTF-8.
    public static func percentDecoded(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "%")) else { return s }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        let input = Array(s.utf8)
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "%"), i + 2 < input.count,
               let high = hexValue(input[i + 1]), let low = hexValue(input[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(input[i])
                i += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? s
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Which file names are Markdown articles: `.md` and `.markdown`, in any case, everywhere (discovery, permalinks,
/// links, tocs, redirects).
public enum MarkdownFile {
    public static func hasExtension(_ name: Substring) -> Bool {
        extensionStart(name) != nil
    }

    public static func hasExtension(_ name: String) -> Bool {
        extensionStart(Substring(name)) != nil
    }

    /// The name without its Markdown extension (`Reset.markdown` → `Reset`); other names unchanged.
    public static func stem(_ name: String) -> String {
        guard let dot = extensionStart(Substring(name)) else { return name }
        return String(name[..<dot])
    }

    /// Where a Markdown extension starts (its `.`). On bytes, the last `.` and ASCII case: one test per file of a
    /// large site at discovery.
    private static func extensionStart(_ name: Substring) -> Substring.Index? {
        let utf8 = name.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let ext = utf8[utf8.index(after: dot)...]
        func isExtension(_ expected: StaticString) -> Bool {
            ext.count == expected.utf8CodeUnitCount
                && zip(ext, UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
                    .allSatisfy { ($0 | 0x20) == $1 }
        }
        return isExtension("md") || isExtension("markdown") ? dot : nil
    }
}
