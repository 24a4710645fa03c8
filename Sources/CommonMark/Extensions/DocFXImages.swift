/// DocFX's `:::image type="content" source="…" alt-text="…":::` (also `type="icon"`, and `type="complex"` whose
/// long description runs until `:::image-end:::`), turned into an ordinary image node so link resolution checks
/// its source like any other.
enum DocFXImages {
    static func rewrite(_ root: MarkdownNode) -> MarkdownNode {
        var copy = root
        var children: [MarkdownNode] = []
        var describing: (image: MarkdownNode, blocks: [MarkdownNode])?
        for child in root.children {
            let text = paragraphText(child)
            if let (image, complex) = text.flatMap({ image(from: $0, range: child.range) }) {
                if complex { describing = (image, []) } else { children.append(image) }
                continue
            }
            if var open = describing {
                if text?.trimmingCharacters(in: " \t") == ":::image-end:::" {
                    children.append(open.image)
                    children.append(MarkdownNode(.div("kb-image-description"), children: open.blocks, range: child.range))
                    describing = nil
                } else {
                    open.blocks.append(child)
                    describing = open
                }
                continue
            }
            children.append(child.isBlock ? rewrite(child) : child)
        }
        if let open = describing { children.append(open.image); children += open.blocks }
        copy.children = children
        return copy
    }

    private static func paragraphText(_ node: MarkdownNode) -> String? {
        guard case .paragraph = node.kind, node.children.count == 1, case .text(let text) = node.children[0].kind
        else { return nil }
        return text
    }

    /// The image paragraph for one `:::image …:::` line, and whether a long description follows.
    private static func image(from text: String, range: SourceRange?) -> (MarkdownNode, Bool)? {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard trimmed.hasPrefix(":::image "), trimmed.hasSuffix(":::"), trimmed != ":::image-end:::" else { return nil }
        let attributes = "<x " + trimmed.dropFirst(9).dropLast(3) + ">"
        guard let source = HTMLTag.attribute("source", in: String(attributes)) else { return nil }
        let alt = HTMLTag.attribute("alt-text", in: String(attributes)) ?? ""
        let complex = HTMLTag.attribute("type", in: String(attributes))?.lowercased() == "complex"
        let image = MarkdownNode(.image(source: source, title: ""), children: [MarkdownNode(.text(alt), range: range)], range: range)
        return (MarkdownNode(.paragraph, children: [image], range: range), complex)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
