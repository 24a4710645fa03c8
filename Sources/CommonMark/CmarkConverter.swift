import CCmark
import SiteModel

/// The only place that touches cmark's C tree: parse, walk once with `cmark_iter`, free.
enum CmarkConverter {
    private struct Frame {
        var kind: MarkdownNode.Kind
        var range: SourceRange?
        var children: [MarkdownNode] = []
    }

    /// cmark's tree of `text`; the caller frees it.
    private static func parseDocument(_ text: String) -> OpaquePointer? {
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                cmark_parse_document($0, buffer.count, options)
            }
        }
    }

    static func convert(_ text: String, lineOffset: Int, maxDepth: Int) -> MarkdownNode {
        guard let doc = parseDocument(text) else { return MarkdownNode(.document) }
        defer { cmark_node_free(doc) }

        guard let iter = cmark_iter_new(doc) else { return MarkdownNode(.document) }
        defer { cmark_iter_free(iter) }

        var stack: [Frame] = []
        var flattening: OpaquePointer? = nil
        var flattened = ""
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            if let target = flattening {
                if event == CMARK_EVENT_EXIT && node == target {
                    flattening = nil
                    let isBlock = leafOrContainerIsBlock(node)
                    let textNode = MarkdownNode(.text(flattened), range: range(of: node, lineOffset))
                    append(isBlock ? MarkdownNode(.paragraph, children: [textNode], range: textNode.range) : textNode,
                           to: &stack)
                } else if let literal = cmark_node_get_literal(node) {
                    flattened += String(cString: literal)
                }
                continue
            }
            if event == CMARK_EVENT_ENTER {
                let kind = self.kind(of: node)
                if isLeaf(node) {
                    append(MarkdownNode(kind, range: range(of: node, lineOffset)), to: &stack)
                } else if stack.count > maxDepth {
                    flattening = node
                    flattened = ""
                } else {
                    stack.append(Frame(kind: kind, range: range(of: node, lineOffset)))
                }
            } else if event == CMARK_EVENT_EXIT {
                let frame = stack.removeLast()
                let finished = MarkdownNode(frame.kind, children: frame.children, range: frame.range)
                if stack.isEmpty { return finished }
                append(finished, to: &stack)
            }
        }
        return stack.first.map { MarkdownNode($0.kind, children: $0.children, range: $0.range) } ?? MarkdownNode(.document)
    }

    /// What an index needs of a page, from the same cmark tree `convert` walks: every heading converted exactly as
    /// `convert` converts it, and every piece of raw HTML outside headings, in document order under a document
    /// node. Nil when only the whole tree can tell: nesting deeper than `maxDepth` (which `convert` flattens), an
    /// HTML block `refusesBlock` names, or a link right after text `refusesLink` names (an include marker).
    static func convertHeadings(_ text: String, lineOffset: Int, maxDepth: Int, refusesBlock: (String) -> Bool,
                                refusesLink: (String) -> Bool) -> MarkdownNode? {
        guard let doc = parseDocument(text) else { return MarkdownNode(.document) }
        defer { cmark_node_free(doc) }
        guard let iter = cmark_iter_new(doc) else { return MarkdownNode(.document) }
        defer { cmark_iter_free(iter) }

        // stack[0] is the document; frames above it are a heading and the inlines open inside it, each opened at
        // the depth in `opened`.
        var stack: [Frame] = []
        var opened: [Int] = []
        var depth = 0   // open containers, as `convert` counts them
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_ENTER {
                if isLeaf(node) {
                    if stack.count > 1 {
                        append(MarkdownNode(kind(of: node), range: range(of: node, lineOffset)), to: &stack)
                    } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                        let kind = kind(of: node)
                        if case .htmlBlock(let html) = kind, refusesBlock(html) { return nil }
                        append(MarkdownNode(kind, range: range(of: node, lineOffset)), to: &stack)
                    }
                    continue
                }
                guard depth <= maxDepth else { return nil }
                depth += 1
                if stack.isEmpty || stack.count > 1 || type == CMARK_NODE_HEADING {
                    if !stack.isEmpty { opened.append(depth) }
                    stack.append(Frame(kind: kind(of: node), range: range(of: node, lineOffset)))
                } else if type == CMARK_NODE_LINK, refusesLink(textBefore(node)) {
                    return nil
                }
            } else if event == CMARK_EVENT_EXIT {
                if opened.last == depth {
                    opened.removeLast()
                    let frame = stack.removeLast()
                    append(MarkdownNode(frame.kind, children: frame.children, range: frame.range), to: &stack)
                }
                depth -= 1
            }
        }
        return stack.first.map { MarkdownNode($0.kind, children: $0.children, range: $0.range) } ?? MarkdownNode(.document)
    }

    /// The text right before a node as `convert` gives it: its run of adjacent text siblings, merged.
    private static func textBefore(_ node: OpaquePointer) -> String {
        var parts: [String] = []
        var previous = cmark_node_previous(node)
        while let sibling = previous, cmark_node_get_type(sibling) == CMARK_NODE_TEXT {
            parts.append(string(cmark_node_get_literal(sibling)))
            previous = cmark_node_previous(sibling)
        }
        return parts.reversed().joined()
    }

    /// Appends a finished node to the open frame, merging adjacent text nodes as cmark's renderer would print them.
    private static func append(_ node: MarkdownNode, to stack: inout [Frame]) {
        guard !stack.isEmpty else { return }
        if case .text(let new) = node.kind, let last = stack[stack.count - 1].children.last,
           case .text(let old) = last.kind {
            var merged = last
            merged.kind = .text(old + new)
            if let end = node.range { merged.range?.endLine = end.endLine; merged.range?.endColumn = end.endColumn }
            stack[stack.count - 1].children[stack[stack.count - 1].children.count - 1] = merged
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK,
             CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
            return true
        default:
            return false
        }
    }

    private static func leafOrContainerIsBlock(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        return type.rawValue >= CMARK_NODE_FIRST_BLOCK.rawValue && type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func range(of node: OpaquePointer, _ lineOffset: Int) -> SourceRange? {
        let line = Int(cmark_node_get_start_line(node))
        guard line > 0 else { return nil }
        return SourceRange(
            startLine: line + lineOffset, startColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)) + lineOffset, endColumn: Int(cmark_node_get_end_column(node)))
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(ListStyle(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0))
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(string(cmark_node_get_literal(node)))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)), id: nil)
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            // Custom nodes are never produced by the parser; keep their text.
            return .text(string(cmark_node_get_literal(node)))
        }
    }
}
