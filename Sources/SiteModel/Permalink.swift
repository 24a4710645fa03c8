import Foundation

/// Where a page lives in the output, decided in one place for every page kind.
///
/// Rules (see ARCHITECTURE.md, "URL rules"): the first segment is the locale in lower case; every other segment is the
/// source path segment normalised by `Permalink.slug(_:)`; an article `a/b.md` becomes `a/b/index.html`, an
/// `index.md` becomes its folder. Two sources with the same permalink are a `url-collision` error.
public struct Permalink: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Path segments below the site root; empty for the root home page.
    public let segments: [String]

    public init(segments: [String]) {
        self.segments = segments
    }

    public static let root = Permalink(segments: [])

    public static func localeHome(_ locale: LocaleCode) -> Permalink {
        Permalink(segments: [locale.urlSegment])
    }

    /// The permalink of an article at `path` (relative to its locale folder, `/`-separated, with extension).
    public static func article(_ path: ArticlePath, in locale: LocaleCode) -> Permalink {
        var parts = path.value.split(separator: "/").map(String.init)
        if let name = parts.popLast() {
            let last = MarkdownFile.stem(name)
            if last.lowercased() != "index" || parts.isEmpty { parts.append(last) }
        }
        return Permalink(segments: [locale.urlSegment] + parts.map(slug))
    }

    /// Normalises one path segment: NFC, invisible format characters (zero-width spaces, joiners, BOM, soft hyphen)
    /// removed, surrounding whitespace trimmed, inner whitespace runs turned into one `-`, characters that are unsafe
    /// in file names or URLs (`?#%\"<>|*:`) turned into `-`, then lower-cased. Apostrophes and dashes stay.
    public static func slug(_ segment: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in segment.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                continue
            default:
                break
            }
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append("-"); pendingSpace = false }
            if "?#%\\\"<>|*:".unicodeScalars.contains(scalar) || scalar.value < 0x20 {
                out.append("-")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        // `.` and `..` would name the folder itself or its parent: never a page of its own.
        if !out.isEmpty && out.allSatisfy({ $0 == "." }) { return String(repeating: "-", count: out.count) }
        return out.lowercased()
    }

    /// The file to write, relative to the output folder.
    public var filePath: String {
        segments.isEmpty ? "index.html" : segments.joined(separator: "/") + "/index.html"
    }

    /// The site-root-relative URL path with a trailing slash (`ja-jp/foo/`), percent-encoded; used for absolute URLs.
    public var urlPath: String {
        segments.map(Permalink.encode).map { $0 + "/" }.joined()
    }

    /// The prefix that leads from this page's folder back to the site root (`../../`).
    public var rootPrefix: String {
        String(repeating: "../", count: segments.count)
    }

    /// A relative href from this page to `target`, ending in `index.html` so that it works from `file://` too.
    public func href(to target: Permalink) -> String {
        var common = 0
        while common < segments.count, common < target.segments.count, segments[common] == target.segments[common] {
            common += 1
        }
        let up = String(repeating: "../", count: segments.count - common)
        let down = target.segments[common...].map { Permalink.encode($0) + "/" }.joined()
        return up + down + "index.html"
    }

    /// A relative href from this page to a file at `segments` below the site root (`ja-jp/media/a.png`).
    public func href(toFileAt file: [String]) -> String {
        var common = 0
        while common < segments.count, common < file.count - 1, segments[common] == file[common] { common += 1 }
        return String(repeating: "../", count: segments.count - common)
            + file[common...].map(Permalink.encode).joined(separator: "/")
    }

    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~!$'()*+,;=@")
        return set
    }()

    static func encode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    public var description: String { "/" + urlPath }

    public static func < (a: Permalink, b: Permalink) -> Bool { a.segments.lexicographicallyPrecedes(b.segments) }
}

/// The path of a source file relative to its locale folder, `/`-separated, as written on disk (`sign-in/Reset.md`).
public struct ArticlePath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
    public static func < (a: ArticlePath, b: ArticlePath) -> Bool { a.value < b.value }
}

/// A topic ID from `ms.custom`, always kept as the string the writer meant (`"7723"`, never the integer 7723).
public struct TopicID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
    public static func < (a: TopicID, b: TopicID) -> Bool { a.value < b.value }
}

/// The `id` of a heading or explicit anchor inside a page.
public struct AnchorID: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
}
