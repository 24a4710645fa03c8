import SiteModel

/// DocFX's `:::image type="content" source="…" alt-text="…":::` (also `type="icon"`, and `type="complex"` whose
/// long description runs until `:::image-end:::`), turned into an ordinary image node so link resolution checks
/// its source like any other.
enum DocFXImages {
    static func rewrite(_ root: MarkdownNode) -> MarkdownNode {
        var copy = root
        var children: [MarkdownNode] = []
        var describing: (image: MarkdownNode, blocks: [MarkdownNode])?
        for child in root.children {
            // A directive paragraph may carry its description and the end marker as further lines.
            let lines = paragraphLines(child)
            if let first = lines.first, let (image, complex) = image(from: PlainText.of(first), range: child.range) {
                let rest = Array(lines.dropFirst())
                if !complex {
                    children.append(image)
                    if !rest.isEmpty { children.append(paragraph(rest, child.range)) }
                    continue
                }
                if let end = rest.firstIndex(where: { isEnd($0) }) {
                    children.append(image)
                    let description = Array(rest[..<end]), after = Array(rest[(end + 1)...])
                    if !description.isEmpty { children.append(describe([paragraph(description, child.range)], child.range)) }
                    if !after.isEmpty { children.append(paragraph(after, child.range)) }
                } else {
                    describing = (image, rest.isEmpty ? [] : [paragraph(rest, child.range)])
                }
                continue
            }
            if var open = describing {
                if let end = lines.firstIndex(where: { isEnd($0) }) {
                    if end > 0 { open.blocks.append(paragraph(Array(lines[..<end]), child.range)) }
                    children.append(open.image)
                    children.append(describe(open.blocks, child.range))
                    if end + 1 < lines.count { children.append(paragraph(Array(lines[(end + 1)...]), child.range)) }
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

    /// The inline lines of a paragraph (split at soft and hard breaks); empty for other blocks.
    private static func paragraphLines(_ node: MarkdownNode) -> [[MarkdownNode]] {
        guard case .paragraph = node.kind else { return [] }
        var lines: [[MarkdownNode]] = [[]]
        for child in node.children {
            if child.kind == .softBreak || child.kind == .lineBreak { lines.append([]) } else { lines[lines.count - 1].append(child) }
        }
        return lines
    }

    private static func isEnd(_ line: [MarkdownNode]) -> Bool {
        PlainText.of(line).trimming(" \t") == ":::image-end:::"
    }

    private static func paragraph(_ lines: [[MarkdownNode]], _ range: SourceRange?) -> MarkdownNode {
        var inlines: [MarkdownNode] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { inlines.append(MarkdownNode(.softBreak)) }
            inlines += line
        }
        return MarkdownNode(.paragraph, children: inlines, range: range)
    }

    private static func describe(_ blocks: [MarkdownNode], _ range: SourceRange?) -> MarkdownNode {
        MarkdownNode(.div("kb-image-description"), children: blocks, range: range)
    }

    /// The image paragraph for one `:::image …:::` line, and whether a long description follows.
    private static func image(from text: String, range: SourceRange?) -> (MarkdownNode, Bool)? {
        let trimmed = text.trimming(" \t")
        guard trimmed.hasPrefix(":::image "), trimmed.hasSuffix(":::"), trimmed != ":::image-end:::" else { return nil }
        let attributes = "<x " + trimmed.dropFirst(9).dropLast(3) + ">"
        guard let source = HTMLTag.attribute("source", in: String(attributes)) else { return nil }
        let alt = HTMLTag.attribute("alt-text", in: String(attributes)) ?? ""
        let complex = HTMLTag.attribute("type", in: String(attributes))?.lowercased() == "complex"
        let image = MarkdownNode(.image(source: source, title: ""), children: [MarkdownNode(.text(alt), range: range)], range: range)
        return (MarkdownNode(.paragraph, children: [image], range: range), complex)
    }
}
