import CommonMark
import SiteModel

/// Rewrites every link and image of a Markdown tree to its resolved href (a tree rewrite, never HTML patching).
/// A link that cannot be resolved is not rendered live: its text stays, in a `kb-broken-link` span, and the
/// diagnostic says why.
public struct LinkRewriter: Sendable {
    public let resolver: LinkResolver

    public init(resolver: LinkResolver) {
        self.resolver = resolver
    }

    public func rewrite(_ root: MarkdownNode, in context: LinkContext) -> (MarkdownNode, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard let children = rewrittenChildren(of: root, in: context, &diagnostics) else { return (root, diagnostics) }
        var copy = root
        copy.children = children
        return (copy, diagnostics)
    }

    /// The node's children with their links rewritten, or nil when none changed: subtrees without a link, image or
    /// HTML are shared, not copied (most of a page's tree is text).
    private func rewrittenChildren(of node: MarkdownNode, in context: LinkContext, _ diagnostics: inout [Diagnostic]) -> [MarkdownNode]? {
        var result: [MarkdownNode]?
        for index in node.children.indices {
            if let replacement = rewrite(node.children[index], in: context, &diagnostics) {
                if result == nil { result = Array(node.children[..<index]) }
                result!.append(contentsOf: replacement)
            } else if result != nil {
                result!.append(node.children[index])
            }
        }
        return result
    }

    /// The nodes that replace `node`, or nil when it stays as it is.
    private func rewrite(_ node: MarkdownNode, in context: LinkContext, _ diagnostics: inout [Diagnostic]) -> [MarkdownNode]? {
        let children: [MarkdownNode]?
        if node.children.isEmpty {
            children = nil
        } else if case .included(let path, let displayPath) = node.kind {
            // Links inside included content resolve from the include file, and its diagnostics name that file.
            var inner = context
            inner.sourceFolder = path.split(separator: "/").dropLast().map(String.init)
            inner.displayPath = displayPath
            inner.reportsDiagnostics = false
            children = rewrittenChildren(of: node, in: inner, &diagnostics)
        } else {
            children = rewrittenChildren(of: node, in: context, &diagnostics)
        }
        switch node.kind {
        case .link, .image, .htmlInline, .htmlBlock:
            var node = node
            if let children { node.children = children }
            return rewriteLink(node, in: context, &diagnostics)
        default:
            guard let children else { return nil }
            var copy = node
            copy.children = children
            return [copy]
        }
    }

    /// A link, image or HTML node (its children already rewritten) with its own destination resolved.
    private func rewriteLink(_ node: MarkdownNode, in context: LinkContext, _ diagnostics: inout [Diagnostic]) -> [MarkdownNode] {
        switch node.kind {
        case .link(let destination, let title):
            let link = resolve(destination, isImage: false, node, context, &diagnostics)
            guard let href = link.href else { return broken(node.children, title: destination) }
            var copy = node
            copy.kind = .link(destination: href, title: title)
            if let shown = link.title, isAutolink(node, destination) {
                copy.children = [MarkdownNode(.text(shown), range: node.range)]
            }
            return [copy]
        case .image(let source, let title):
            let link = resolve(source, isImage: true, node, context, &diagnostics)
            guard let href = link.href else { return broken(node.children, title: source) }
            var copy = node
            copy.kind = .image(source: href, title: title)
            return [copy]
        case .htmlInline(let html), .htmlBlock(let html):
            guard html.contains("=") else { return [node] }
            let rewritten = HTMLAttributeRewriter.rewrite(html, resolve: { value in
                let link = resolve(value, isImage: false, node, context, &diagnostics)
                return link.href ?? "#"
            }, refuse: { refusal in
                guard context.reportsDiagnostics else { return }
                let location = SourceLocation(path: context.displayPath, line: node.range?.startLine ?? 0,
                                              column: node.range?.startColumn ?? 0)
                switch refusal {
                case .scriptURL(let value):
                    diagnostics.append(.error("unsafe-url", at: location, "`\(value.prefix(40))` can run script; the attribute is replaced by `#`"))
                case .eventHandler(let name):
                    diagnostics.append(.error("unsafe-html", at: location, "event-handler attribute `\(name)` runs script; it is removed"))
                }
            })
            var copy = node
            copy.kind = node.kind == .htmlInline(html) ? .htmlInline(rewritten) : .htmlBlock(rewritten)
            return [copy]
        default:
            return [node]
        }
    }

    private func resolve(
        _ destination: String, isImage: Bool, _ node: MarkdownNode, _ context: LinkContext, _ diagnostics: inout [Diagnostic]
    ) -> ResolvedLink {
        let location = SourceLocation(path: context.displayPath, line: node.range?.startLine ?? 0,
                                      column: node.range?.startColumn ?? 0)
        let link = resolver.resolve(destination, isImage: isImage, at: location, in: context)
        if context.reportsDiagnostics { diagnostics += link.diagnostics }
        return link
    }

    /// `<xref:uid>` and `[xref:uid](xref:uid)`: the text is the destination itself, so the target's title replaces it.
    private func isAutolink(_ node: MarkdownNode, _ destination: String) -> Bool {
        PlainText.of(node.children) == destination
    }

    private func broken(_ children: [MarkdownNode], title: String) -> [MarkdownNode] {
        let open = MarkdownNode(.markup("<span class=\"kb-broken-link\" title=\"\(HTMLEscaping.escape(title))\">"))
        let text = children.isEmpty ? [MarkdownNode(.text(title))] : children
        return [open] + text + [MarkdownNode(.markup("</span>"))]
    }
}
