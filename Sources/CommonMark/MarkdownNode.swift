import SiteModel

/// A span of Markdown source, 1-based lines and byte columns as cmark reports them, relative to the whole file.
public struct SourceRange: Hashable, Sendable {
    public var startLine: Int
    public var startColumn: Int
    public var endLine: Int
    public var endColumn: Int

    public init(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) {
        self.startLine = startLine
        self.startColumn = startColumn
        self.endLine = endLine
        self.endColumn = endColumn
    }
}

public enum TableAlignment: String, Hashable, Sendable {
    case none, left, center, right
}

public struct ListStyle: Hashable, Sendable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public init(ordered: Bool, start: Int, tight: Bool) {
        self.ordered = ordered
        self.start = start
        self.tight = tight
    }
}

/// One node of the Markdown tree: an immutable value converted once from cmark, then rewritten by extensions.
///
/// Blocks and inlines share one type so that rewrites (tables, heading ids, link resolution) are plain functions
/// from tree to tree; C pointers never leave `MarkdownParser`.
public struct MarkdownNode: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case document
        case blockQuote
        case list(ListStyle)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case paragraph
        /// `id` is nil for the plain CommonMark flavours and set by the heading-id extension.
        case heading(level: Int, id: String?)
        case thematicBreak
        case table
        case tableRow(isHeader: Bool)
        case tableCell(TableAlignment)
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        /// Markup kb itself generates (a broken link's span): always rendered, even when raw HTML is not.
        case markup(String)
        case emphasis
        case strong
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// DocFX alert `> [!NOTE]`: kind in upper case (`NOTE`, `TIP`, `IMPORTANT`, `CAUTION`, `WARNING`).
        case alert(String)
        /// DocFX `> [!VIDEO url]`.
        case video(String)
        /// DocFX `> [!div class="…"]`.
        case div(String)
        /// DocFX `[!INCLUDE[title](path)]` before expansion; `inline` when it stands inside a paragraph.
        case include(path: String, inline: Bool)
        /// Content spliced in from an include file: links inside resolve from that file, diagnostics name it.
        case included(path: String, displayPath: String)
    }

    public var kind: Kind
    public var children: [MarkdownNode]
    public var range: SourceRange?

    public init(_ kind: Kind, children: [MarkdownNode] = [], range: SourceRange? = nil) {
        self.kind = kind
        self.children = children
        self.range = range
    }

    public var isBlock: Bool {
        switch kind {
        case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .paragraph, .heading, .thematicBreak,
             .table, .tableRow, .tableCell, .alert, .video, .div:
            return true
        default:
            return false
        }
    }

    /// Whether the node holds blocks (paragraphs, headings, tables, quotes): a rewrite of blocks descends into these
    /// alone, not into the inlines that make up most of a tree.
    public var isBlockContainer: Bool {
        switch kind {
        case .document, .blockQuote, .list, .item, .alert, .div, .included: true
        default: false
        }
    }

    /// Whether a heading can be among the descendants: only containers of blocks hold headings.
    var mayHoldHeadings: Bool { isBlockContainer }

    /// Returns the tree with `transform` applied bottom-up to every descendant. `transform` returns the nodes that
    /// replace its argument, or nil to keep it; subtrees where nothing changed are shared, not copied.
    /// `descend` decides which subtrees are visited at all (autolinks never look inside links or code).
    public func rewritingChildren(
        descend: (MarkdownNode) -> Bool = { _ in true }, _ transform: (MarkdownNode) -> [MarkdownNode]?
    ) -> MarkdownNode {
        rewritten(descend: descend, by: transform) ?? self
    }

    /// The rewritten node, or nil when neither it nor any descendant changed.
    private func rewritten(
        descend: (MarkdownNode) -> Bool, by transform: (MarkdownNode) -> [MarkdownNode]?
    ) -> MarkdownNode? {
        var newChildren: [MarkdownNode]?
        for (index, child) in children.enumerated() {
            let inner = descend(child) ? child.rewritten(descend: descend, by: transform) : nil
            let base = inner ?? child
            let replacement = transform(base)
            if inner != nil || replacement != nil {
                if newChildren == nil { newChildren = Array(children[..<index]) }
                newChildren!.append(contentsOf: replacement ?? [base])
            } else if newChildren != nil {
                newChildren!.append(child)
            }
        }
        guard let newChildren else { return nil }
        var copy = self
        copy.children = newChildren
        return copy
    }

    /// Visits every node depth-first in document order.
    public func forEach(_ body: (MarkdownNode) -> Void) {
        body(self)
        for child in children { child.forEach(body) }
    }
}
