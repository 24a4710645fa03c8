import SiteModel
import Yams

/// One entry of a DocFX `toc.yml`: a name, an optional href (relative to the toc file's folder) and children.
public struct TocEntry: Hashable, Sendable {
    public var name: String
    public var href: String?
    public var items: [TocEntry]
    /// Line of the entry in its toc file, for diagnostics.
    public var line: Int

    public init(name: String, href: String? = nil, items: [TocEntry] = [], line: Int = 0) {
        self.name = name
        self.href = href
        self.items = items
        self.line = line
    }
}

/// A parsed `toc.yml` in either DocFX shape: a bare list, or a mapping with `items:`.
public struct TableOfContents: Hashable, Sendable {
    /// The toc file's folder below the locale folder (`""` at the locale root), against which hrefs resolve.
    public var folder: String
    public var entries: [TocEntry]

    public init(folder: String, entries: [TocEntry]) {
        self.folder = folder
        self.entries = entries
    }

    /// Parses `text`; an invalid file is an error diagnostic and an empty toc.
    public static func parse(_ text: String, file: SourceFile) -> (TableOfContents, [Diagnostic]) {
        let folder = file.path.value.split(separator: "/").dropLast().joined(separator: "/")
        do {
            guard let node = try Yams.compose(yaml: text) else { return (TableOfContents(folder: folder, entries: []), []) }
            let list: Node?
            switch node {
            case .sequence: list = node
            case .mapping: list = node["items"]
            default: list = nil
            }
            guard let list, case .sequence(let items) = list else {
                return (TableOfContents(folder: folder, entries: []), [.warning(
                    "toc-shape", at: SourceLocation(path: file.displayPath, line: 1, column: 1),
                    "toc has no list of entries (expected a list, or a mapping with `items:`)")])
            }
            return (TableOfContents(folder: folder, entries: items.compactMap(entry)), [])
        } catch let error as YamlError {
            var line = 1, column = 1
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                line = mark.line; column = mark.column
            default: break
            }
            return (TableOfContents(folder: folder, entries: []), [.error(
                "yaml-syntax", at: SourceLocation(path: file.displayPath, line: line, column: column),
                "invalid YAML in toc: \(error)")])
        } catch {
            return (TableOfContents(folder: folder, entries: []), [.error(
                "yaml-syntax", at: SourceLocation(path: file.displayPath, line: 1, column: 1), "invalid toc: \(error)")])
        }
    }

    private static func entry(_ node: Node) -> TocEntry? {
        guard case .mapping = node else { return nil }
        let name = node["name"]?.string ?? node["href"]?.string ?? ""
        let children: [TocEntry]
        if case .sequence(let items)? = node["items"] { children = items.compactMap(entry) } else { children = [] }
        let href = node["href"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        return TocEntry(name: name, href: href, items: children, line: node.mark?.line ?? 0)
    }

    /// Article paths (below the locale folder) in the order the toc lists them, depth first.
    public func orderedArticlePaths() -> [String] {
        var out: [String] = []
        func walk(_ entries: [TocEntry]) {
            for entry in entries {
                if let href = entry.href, let path = resolve(href) { out.append(path) }
                walk(entry.items)
            }
        }
        walk(entries)
        return out
    }

    /// The article path an href names, relative to this toc's folder; nil for external or non-Markdown hrefs.
    public func resolve(_ href: String) -> String? {
        if href.contains("://") || href.hasPrefix("#") { return nil }
        var target = String(href.prefix { $0 != "#" && $0 != "?" })
        if target.contains("%") { target = PercentDecoding.decode(target) ?? target }
        guard target.lowercased().hasSuffix(".md") else { return nil }
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for part in target.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}

/// Decodes `%XX` escapes; nil when the result is not valid UTF-8.
enum PercentDecoding {
    static func decode(_ s: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(s.utf8).makeIterator()
        while let b = iterator.next() {
            if b == UInt8(ascii: "%"), let h = iterator.next(), let l = iterator.next(),
               let v = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) {
                bytes.append(v)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
