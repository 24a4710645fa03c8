import FrontMatter
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
    /// The toc file as diagnostics name it.
    public var displayPath: String

    public init(folder: String, entries: [TocEntry], displayPath: String = "") {
        self.folder = folder
        self.entries = entries
        self.displayPath = displayPath
    }

    /// The toc of `file` with these entries (hrefs resolve from the file's folder).
    public init(file: SourceFile, entries: [TocEntry]) {
        self.init(folder: file.path.value.split(separator: "/").dropLast().joined(separator: "/"), entries: entries,
                  displayPath: file.displayPath)
    }

    /// Parses `text`; an invalid file is an error diagnostic and an empty toc.
    public static func parse(_ text: String, file: SourceFile) -> (TableOfContents, [Diagnostic]) {
        if let entries = PlainToc.read(text) { return (TableOfContents(file: file, entries: entries), []) }
        return parseWithYams(text, file: file)
    }

    /// `parse` by Yams alone (what `PlainToc` must agree with).
    static func parseWithYams(_ text: String, file: SourceFile) -> (TableOfContents, [Diagnostic]) {
        do {
            // Names and hrefs are read as written: no scalar needs its type resolved (see FrontMatterParser).
            guard let node = try Yams.compose(yaml: text, .basic) else { return (TableOfContents(file: file, entries: []), []) }
            let list: Node?
            switch node {
            case .sequence: list = node
            case .mapping: list = node["items"]
            default: list = nil
            }
            guard let list, case .sequence(let items) = list else {
                return (TableOfContents(file: file, entries: []), [.warning(
                    "toc-shape", at: SourceLocation(path: file.displayPath, line: 1, column: 1),
                    "toc has no list of entries (expected a list, or a mapping with `items:`)")])
            }
            return (TableOfContents(file: file, entries: items.compactMap(entry)), [])
        } catch {
            let problem = YAMLProblem(error, yaml: text)
            return (TableOfContents(file: file, entries: []), [.error(
                "yaml-syntax", at: SourceLocation(path: file.displayPath, line: max(problem.line, 1), column: max(problem.column, 1)),
                "invalid YAML in toc: \(problem.message)")])
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

    /// What an entry's href names.
    public enum Target: Hashable, Sendable {
        /// An article, by its path below the locale folder (`guide/start.md`).
        case article(String)
        /// A path whose `..` climbs above the locale folder.
        case aboveRoot
        /// An external URL, an anchor, or a file that is no article: not kb's to check.
        case other
    }

    /// The article path an href names, relative to this toc's folder; nil for external, non-Markdown or broken hrefs.
    public func resolve(_ href: String) -> String? {
        if case .article(let path) = target(of: href) { return path }
        return nil
    }

    /// The target of an href, resolved from this toc's folder by the same rules as links (`PathReference`).
    public func target(of href: String) -> Target {
        if let path = plainArticlePath(href) { return .article(path) }
        return resolvedTarget(of: href)
    }

    /// The common href, `group/name.md` in letters, digits, `-`, `_` and `.`, with no segment that starts with a dot:
    /// the answer of `resolvedTarget` without its work (a 10,000-entry toc has 10,000 of them).
    func plainArticlePath(_ href: String) -> String? {
        var previous = UInt8(ascii: "/")
        for byte in href.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                break
            case UInt8(ascii: "."), UInt8(ascii: "/"):
                if previous == UInt8(ascii: "/") { return nil }
            default:
                return nil
            }
            previous = byte
        }
        guard href.utf8.count > 3, href.utf8.suffix(3).elementsEqual(".md".utf8) else { return nil }
        return folder.isEmpty ? href : folder + "/" + href
    }

    /// `target(of:)` by the general rules.
    func resolvedTarget(of href: String) -> Target {
        if PathReference.scheme(of: href) != nil || href.hasPrefix("//") || href.hasPrefix("#") { return .other }
        let reference = PathReference(href)
        guard MarkdownFile.hasExtension(reference.decodedPath) else { return .other }
        guard let segments = reference.resolved(from: folder.split(separator: "/").map(String.init)) else { return .aboveRoot }
        return .article(segments.joined(separator: "/"))
    }
}
