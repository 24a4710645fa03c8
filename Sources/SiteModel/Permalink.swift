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
        // Split at `/` bytes: a Character split walks grapheme clusters (and keeps a `/` that a combining mark follows).
        var parts = path.value.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        if let name = parts.popLast() {
            let last = MarkdownFile.stem(name)
            if !isIndex(last) || parts.isEmpty { parts.append(last) }
        }
        return Permalink(segments: [locale.urlSegment] + parts.map(slug))
    }

    /// `name.lowercased() == "index"`, without lower-casing an ASCII name.
    private static func isIndex(_ name: String) -> Bool {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.lowercased() == "index" }
        return name.utf8.count == 5 && name.utf8.elementsEqual("index".utf8) { $0 | 0x20 == $1 }
    }

    /// Normalises one path segment: NFC, invisible format characters (zero-width spaces, joiners, BOM, soft hyphen)
    /// removed, surrounding whitespace trimmed, inner whitespace runs turned into one `-`, characters that are unsafe
    /// in file names or URLs (`?#%\"<>|*:`) turned into `-`, then lower-cased. Apostrophes and dashes stay.
    public static func slug(_ segment: String) -> String {
        asciiSlug(segment) ?? unicodeSlug(segment)
    }

    /// The same rules over bytes, for an all-ASCII segment (NFC and the invisible characters cannot touch it; its
    /// whitespace is tab, LF, VT, FF, CR and space). Nil when the segment has a non-ASCII byte.
    static func asciiSlug(_ segment: String) -> String? {
        var segment = segment
        return segment.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                switch byte {
                case 0x80...:
                    return nil
                case 0x09...0x0D, 0x20:
                    pendingSpace = !out.isEmpty
                    continue
                default:
                    break
                }
                if pendingSpace { out.append(0x2D); pendingSpace = false }
                switch byte {
                case 0..<0x20, 0x3F, 0x23, 0x25, 0x5C, 0x22, 0x3C, 0x3E, 0x7C, 0x2A, 0x3A:  // controls and ?#%\"<>|*:
                    out.append(0x2D)
                case 0x41...0x5A: out.append(byte + 0x20)
                default: out.append(byte)
                }
            }
            // `.` and `..` would name the folder itself or its parent: never a page of its own.
            if !out.isEmpty && out.allSatisfy({ $0 == 0x2E }) { return String(repeating: "-", count: out.count) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The general rules, for segments with non-ASCII characters.
    static func unicodeSlug(_ segment: String) -> String {
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

    /// Percent-encodes every UTF-8 byte of `segment` but ASCII letters, digits and `-._~!$'()*+,;=@` (`%E8%B3%87`,
    /// upper-case hex). The kept set is ASCII only, so each byte of a non-ASCII character is escaped and the byte
    /// loop serves every input; a segment with nothing to escape is returned as it is.
    static func encode(_ segment: String) -> String {
        var bytes = segment
        guard bytes.withUTF8({ $0.contains { !isKept($0) } }) else { return segment }
        var out: [UInt8] = []
        out.reserveCapacity(segment.utf8.count * 3)
        for byte in segment.utf8 {
            if isKept(byte) {
                out.append(byte)
            } else {
                out.append(0x25)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// ASCII letters and digits, and `-._~!$'()*+,;=@`.
    @inline(__always) private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x40: return true
        default: return false
        }
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
