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
        case emphasis
        case strong
        case link(destination: String, title: String)
        case image(source: String, title: String)
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
             .table, .tableRow, .tableCell:
            return true
        default:
            return false
        }
    }

    /// Returns the tree with `transform` applied bottom-up to every node's children list.
    public func rewritingChildren(_ transform: (MarkdownNode) -> [MarkdownNode]) -> MarkdownNode {
        var copy = self
        copy.children = children.flatMap { transform($0.rewritingChildren(transform)) }
        return copy
    }

    /// Visits every node depth-first in document order.
    public func forEach(_ body: (MarkdownNode) -> Void) {
        body(self)
        for child in children { child.forEach(body) }
    }
}
