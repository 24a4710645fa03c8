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
        var copy = root
        copy.children = root.children.flatMap { rewrite($0, in: context, &diagnostics) }
        return (copy, diagnostics)
    }

    private func rewrite(_ node: MarkdownNode, in context: LinkContext, _ diagnostics: inout [Diagnostic]) -> [MarkdownNode] {
        var context = context
        if case .included(let path, let displayPath) = node.kind {
            // Links inside included content resolve from the include file, and its diagnostics name that file.
            context.sourceFolder = path.split(separator: "/").dropLast().map(String.init)
            context.displayPath = displayPath
            context.reportsDiagnostics = false
        }
        var node = node
        node.children = node.children.flatMap { rewrite($0, in: context, &diagnostics) }
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
