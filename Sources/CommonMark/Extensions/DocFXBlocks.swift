import SiteModel

/// DocFX's block-quote extensions, recognised on the tree: `> [!NOTE]` (and TIP, IMPORTANT, CAUTION, WARNING)
/// alerts, `> [!VIDEO url]` and `> [!div class="…"]`. The marker must open the quote's first paragraph.
enum DocFXBlocks {
    static let alertKinds: Set<String> = ["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"]

    static func rewrite(_ root: MarkdownNode) -> MarkdownNode {
        root.rewritingChildren(descend: \.isBlockContainer) { node in
            guard case .blockQuote = node.kind, let first = node.children.first, case .paragraph = first.kind,
                  let marker = leadingMarker(first) else { return nil }
            let (rest, nextLine) = remainder(of: first, after: marker.length)
            var children = Array(node.children.dropFirst())
            if !rest.isEmpty {
                // A marker alone on its line: the rest of the paragraph starts on the next one (a pipe table reads
                // its rows back from these lines).
                var range = first.range
                if nextLine, var shifted = range, shifted.startLine < shifted.endLine {
                    shifted.startLine += 1
                    range = shifted
                }
                children.insert(MarkdownNode(.paragraph, children: rest, range: range), at: 0)
            }
            switch marker.kind {
            case .alert(let kind):
                return [MarkdownNode(.alert(kind), children: children, range: node.range)]
            case .video(let url):
                var result = [MarkdownNode(.video(url), range: node.range)]
                if !children.isEmpty { result.append(MarkdownNode(.blockQuote, children: children, range: node.range)) }
                return result
            case .div(let className):
                return [MarkdownNode(.div(className), children: children, range: node.range)]
            }
        }
    }

    private enum MarkerKind {
        case alert(String), video(String), div(String)
    }

    /// The marker at the start of the paragraph's first text node, and its length in that text.
    private static func leadingMarker(_ paragraph: MarkdownNode) -> (kind: MarkerKind, length: Int)? {
        guard let first = paragraph.children.first, case .text(let text) = first.kind, text.hasPrefix("[!"),
              let close = text.firstIndex(of: "]") else { return nil }
        let body = text[text.index(text.startIndex, offsetBy: 2)..<close]
        let length = text.distance(from: text.startIndex, to: close) + 1
        let upper = body.uppercased()
        if alertKinds.contains(upper) { return (.alert(upper), length) }
        if upper.hasPrefix("VIDEO ") {
            let url = body.dropFirst(6).trimming(" \t")
            guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else { return nil }
            return (.video(String(url)), length)
        }
        if upper.hasPrefix("DIV ") {
            let className = HTMLTag.attribute("class", in: "<div " + body.dropFirst(4) + ">") ?? ""
            return (.div(className), length)
        }
        return nil
    }

    /// The paragraph's inlines after the marker, without the line break that followed it, and whether they start on a
    /// line after the marker's.
    private static func remainder(of paragraph: MarkdownNode, after length: Int) -> ([MarkdownNode], Bool) {
        var children = paragraph.children
        guard case .text(let text) = children[0].kind else { return (children, false) }
        let rest = String(text.dropFirst(length)).drop { $0 == " " }
        if rest.isEmpty { children.removeFirst() } else { children[0].kind = .text(String(rest)) }
        var nextLine = false
        while let first = children.first, first.kind == .softBreak || first.kind == .lineBreak {
            children.removeFirst()
            nextLine = rest.isEmpty
        }
        return (children, nextLine)
    }
}
