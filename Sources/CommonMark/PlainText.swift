/// The text of inline content without markup: image alt text, titles, table-of-contents entries, slugs.
///
/// Follows cmark's image-alt rule: text, code and raw HTML contribute their literal, breaks become a space.
public enum PlainText {
    public static func of(_ nodes: [MarkdownNode]) -> String {
        var out = ""
        for node in nodes { append(node, to: &out) }
        return out
    }

    private static func append(_ node: MarkdownNode, to out: inout String) {
        switch node.kind {
        case .text(let s), .code(let s), .htmlInline(let s): out += s
        case .softBreak, .lineBreak: out += " "
        default: for child in node.children { append(child, to: &out) }
        }
    }
}
