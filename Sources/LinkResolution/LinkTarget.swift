import Foundation

/// A link destination split into path, query and fragment, without resolving it.
struct LinkTarget {
    let raw: String
    let path: String
    let query: String
    let fragment: String?

    init(_ raw: String) {
        self.raw = raw
        var rest = Substring(raw)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        } else {
            fragment = nil
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[question...])
            rest = rest[..<question]
        } else {
            query = ""
        }
        path = String(rest)
    }

    /// The path with `%XX` escapes decoded (`set%20up.md` → `set up.md`).
    var decodedPath: String { Self.percentDecoded(path) }

    /// Query and fragment, to append to a resource href.
    var suffix: String { query + (fragment.map { "#" + $0 } ?? "") }

    static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        return s.removingPercentEncoding ?? s
    }

    /// The URL scheme in lower case (`https`, `xref`, `mailto`), or nil for a path. A Windows drive letter is a path.
    static func scheme(of s: String) -> String? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let candidate = s[..<colon]
        guard candidate.count >= 2, let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return candidate.lowercased()
    }

    static func hasMarkdownExtension(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }
}
