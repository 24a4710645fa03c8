/// Which dialect to parse. `docs` is exactly what kb renders inside pages.
public enum MarkdownFlavor: String, CaseIterable, Sendable {
    /// cmark's CommonMark 0.30, raw HTML passed through.
    case commonmark
    /// CommonMark plus GFM pipe tables and bare-URL autolinks.
    case gfm
    /// GFM plus heading ids (`<a name>` anchors and Unicode slugs) and escaping of tags that are no HTML element.
    case docs
}

/// Options for one parse. `path` and `lineOffset` place diagnostics in the original file.
public struct MarkdownOptions: Sendable {
    public var flavor: MarkdownFlavor
    public var path: String
    /// Lines of the file before the Markdown body (the front matter block).
    public var lineOffset: Int
    /// Tag names that pass through as raw HTML in `docs` although they are no HTML element.
    public var allowedElements: Set<String>
    /// Deeper nesting is flattened to text so that no later stage recurses without bound.
    public var maxDepth: Int
    /// False when the caller splices includes first and then calls `MarkdownParser.assignHeadingIDs`, so ids are
    /// unique across the whole page.
    public var assignsHeadingIDs: Bool = true

    public init(
        flavor: MarkdownFlavor = .docs,
        path: String = "-",
        lineOffset: Int = 0,
        allowedElements: Set<String> = [],
        maxDepth: Int = 100
    ) {
        self.flavor = flavor
        self.path = path
        self.lineOffset = lineOffset
        self.allowedElements = allowedElements
        self.maxDepth = maxDepth
    }
}
