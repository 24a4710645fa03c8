import SiteModel

/// Shows text that only looks like a tag (`<email>`, `<your-domain>`) as text, with a warning; and elements that
/// run script or take over the page (`<script>`, `<base>`, `<meta>`, `<link>`, `<object>`, `<embed>`) as text, with an
/// error.
///
/// Raw HTML is otherwise trusted, so real elements pass through; a tag whose name is no HTML element and is not in
/// `html.allowedElements` becomes literal text. An HTML block that starts with such a tag is parsed again as
/// Markdown with that `<` escaped, so the rest of the block keeps its formatting.
struct UnknownTags {
    let options: MarkdownOptions

    /// Elements an article may never contain, whoever wrote it.
    static let forbidden: Set<String> = ["script", "base", "meta", "link", "object", "embed", "applet", "frame", "frameset"]

    func isUnknown(_ html: Substring) -> String? {
        guard let name = HTMLTag.name(html) else { return nil }
        if UnknownTags.forbidden.contains(name) { return name }
        if HTMLElements.known.contains(name) || options.allowedElements.contains(name) { return nil }
        return name
    }

    func rewrite(_ root: MarkdownNode, source: String, diagnostics: inout [Diagnostic]) -> MarkdownNode {
        var found: [Diagnostic] = []
        let result = root.rewritingChildren { node in
            switch node.kind {
            case .htmlInline(let html):
                guard let name = isUnknown(Substring(html)) else { return nil }
                found.append(warning(name, node.range))
                return [MarkdownNode(.text(html), range: node.range)]
            case .htmlBlock(let html):
                guard let name = isUnknown(Substring(html)) else { return nil }
                found.append(warning(name, node.range))
                let escaped = html.replacingFirst("<", with: "\\<")
                var nested = options
                nested.lineOffset = (node.range?.startLine ?? 1) - 1
                nested.flavor = .commonmark
                let reparsed = MarkdownParser.parse(escaped, options: nested)
                // Tags further inside the block are checked by this same pass over the re-parsed children.
                return rewrite(reparsed.root, source: escaped, diagnostics: &found).children
            default:
                return nil
            }
        }
        diagnostics += found
        return result
    }

    private func warning(_ name: String, _ range: SourceRange?) -> Diagnostic {
        if UnknownTags.forbidden.contains(name) {
            return .error(
                "unsafe-html",
                at: SourceLocation(path: options.path, line: range?.startLine ?? 0, column: range?.startColumn ?? 0),
                "<\(name)> is not allowed in articles; shown as text")
        }
        return .warning(
            "unknown-html-tag",
            at: SourceLocation(path: options.path, line: range?.startLine ?? 0, column: range?.startColumn ?? 0),
            "<\(name)> is not an HTML element; shown as text (list real custom elements in html.allowedElements of kb.yml)")
    }
}

extension String {
    func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[index...].dropFirst())
    }
}
