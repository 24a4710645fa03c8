import SiteModel

/// The result of parsing one Markdown body: the tree and the problems the extensions noticed.
public struct MarkdownDocument: Sendable {
    public var root: MarkdownNode
    public var diagnostics: [Diagnostic]

    public init(root: MarkdownNode, diagnostics: [Diagnostic] = []) {
        self.root = root
        self.diagnostics = diagnostics
    }
}

/// Parses Markdown with cmark and converts its tree into `MarkdownNode` values, then applies the flavour's extensions.
public enum MarkdownParser {
    public static func parse(_ text: String, options: MarkdownOptions = MarkdownOptions()) -> MarkdownDocument {
        let root = CmarkConverter.convert(text, lineOffset: options.lineOffset, maxDepth: options.maxDepth)
        return extend(root, text: text, options: options)
    }

    /// What a site index needs of a `docs` page, at a fraction of `parse`'s cost: a document of the headings `parse`
    /// would give (same inlines, ids left to `assignHeadingIDs`) and of the raw HTML outside them (for anchors), in
    /// document order. Nil when only `parse` can tell: an include marker, an `:::image` block, an HTML block that
    /// starts with an unknown tag (parsed again as Markdown), or nesting `parse` flattens. Its diagnostics are not
    /// the page's.
    ///
    /// cmark reads only the lines that can hold a heading when `HeadingLines` can tell which those are.
    public static func scanHeadings(_ text: String, options: MarkdownOptions) -> MarkdownDocument? {
        scanHeadings(text, options: options, reducing: true)
    }

    static func scanHeadings(_ text: String, options: MarkdownOptions, reducing: Bool) -> MarkdownDocument? {
        guard options.flavor == .docs, !ByteScan.contains(text, ":::image") else { return nil }
        let hasMarker = ByteScan.contains(text, "[!")
        let unknown = UnknownTags(options: options)
        guard let root = CmarkConverter.convertHeadings(
            (reducing ? HeadingLines.reduced(text) : nil) ?? text, lineOffset: options.lineOffset, maxDepth: options.maxDepth,
            refusesBlock: { unknown.isUnknown(Substring($0)) != nil },
            refusesLink: { hasMarker && DocFXIncludes.endsWithMarker($0) })
        else { return nil }
        return extend(root, text: text, options: options, tables: false)
    }

    /// The flavour's extensions over cmark's tree. Pipe tables (`tables`) only ever replace paragraphs.
    private static func extend(_ root: MarkdownNode, text: String, options: MarkdownOptions, tables: Bool = true) -> MarkdownDocument {
        var root = root
        var diagnostics: [Diagnostic] = []
        guard options.flavor != .commonmark else { return MarkdownDocument(root: root) }
        // Each extension runs only when a byte scan finds its marker: most pages use few of them.
        if options.flavor == .docs, ByteScan.contains(text, byte: UInt8(ascii: "<")) {
            root = UnknownTags(options: options).rewrite(root, source: text, diagnostics: &diagnostics)
        }
        // DocFX markers first: `[!VIDEO https://…]` must not become an autolink.
        if options.flavor == .docs, ByteScan.contains(text, "[!") {
            root = DocFXBlocks.rewrite(root)
            root = DocFXIncludes.rewrite(root)
        }
        if tables { root = PipeTables(source: text, lineOffset: options.lineOffset).rewrite(root) }
        root = BareURLAutolinks.rewrite(root)
        if options.flavor == .docs {
            if ByteScan.contains(text, ":::image") { root = DocFXImages.rewrite(root) }
            if options.assignsHeadingIDs { root = HeadingIDs.assign(root) }
        }
        return MarkdownDocument(root: root, diagnostics: diagnostics)
    }

    /// Heading ids for a finished page tree (after includes are spliced in): explicit anchors, then unique slugs.
    public static func assignHeadingIDs(_ root: MarkdownNode) -> MarkdownNode {
        HeadingIDs.assign(root)
    }

    /// Parses a fragment as inline content only (table cells): the text is protected so it cannot start a block.
    static func parseInlines(_ text: String, lineOffset: Int) -> [MarkdownNode] {
        let root = CmarkConverter.convert(InlineProtection.protect(text), lineOffset: lineOffset, maxDepth: 100)
        guard let first = root.children.first else { return [] }
        switch first.kind {
        case .paragraph: return first.children
        case .htmlBlock(let html): return [MarkdownNode(.htmlInline(html.trimmingTrailingNewlines()), range: first.range)]
        default: return [MarkdownNode(.text(text), range: first.range)]
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
