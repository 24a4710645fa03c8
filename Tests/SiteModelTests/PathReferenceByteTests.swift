import Testing
@testable import SiteModel

/// `PathReference` splits links over bytes; it must read every link as the Character-based reading did, but for a
/// delimiter that a combining mark follows, which it now takes as the delimiter (as a browser does).
@Suite struct PathReferenceByteTests {
    /// The former Character-based reading: path, query, fragment, scheme, and the segments from folder `a/b`.
    private func reference(_ raw: String) -> (String, String, String?, String?, [String]?) {
        var rest = Substring(raw)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query = ""
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[question...])
            rest = rest[..<question]
        }
        let path = String(rest)
        var scheme: String?
        if let colon = raw.firstIndex(of: ":") {
            let candidate = raw[..<colon]
            if candidate.count >= 2, let first = candidate.first, first.isASCII, first.isLetter,
               candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) {
                scheme = candidate.lowercased()
            }
        }
        let rooted = path.hasPrefix("/") || path.hasPrefix("~/")
        var segments: [String]? = rooted ? [] : ["a", "b"]
        for part in PathReference.percentDecoded(path).split(separator: "/") where part != "." && part != "~" {
            if part == ".." {
                if segments?.isEmpty ?? true { segments = nil; break }
                segments?.removeLast()
            } else {
                segments?.append(String(part))
            }
        }
        return (path, query, fragment, scheme, segments)
    }

    @Test func readsLinksAsTheCharacterReadingDid() {
        let pieces = ["../", "./", "/", "~/", "a", "B", "iis", "set%20up", "%E3%81%82", "%zz", ".md", "#", "#anchor", "?", "?q=1",
                      "&x", ":", "https:", "HTTP:", "mailto:", "x-y.z+1:", "1a:", "é", "日本", "..", ".", " ", "%2F", "//"]
        var generator = SeededGenerator(seed: 0x9A74)
        for _ in 0..<20_000 {
            let raw = (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let reference = reference(raw)
            let link = PathReference(raw)
            #expect(link.path == reference.0 && link.query == reference.1 && link.fragment == reference.2, "\(raw.debugDescription)")
            #expect(PathReference.scheme(of: raw) == reference.3, "\(raw.debugDescription)")
            #expect(link.resolved(from: ["a", "b"]) == reference.4, "\(raw.debugDescription)")
        }
    }

    @Test func aDelimiterThatACombiningMarkFollowsStillDelimits() {
        let link = PathReference("a.md#\u{301}x")
        #expect(link.path == "a.md" && link.fragment == "\u{301}x")
        #expect(PathReference("x/\u{301}y.md").resolved(from: []) == ["x", "\u{301}y.md"])
        #expect(PathReference.scheme(of: "HTTPS:\u{301}//x") == "https")
    }
}
