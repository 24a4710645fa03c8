/// DocFX include markers, `[!INCLUDE[title](path)]`: cmark reads them as text `[!INCLUDE`, a link, and text `]`.
/// A paragraph holding only the marker becomes a block include; a marker among other inlines an inline include.
/// Expansion needs the other files, so it happens in the resolve stage (`IncludeExpander`).
enum DocFXIncludes {
    static func rewrite(_ root: MarkdownNode) -> MarkdownNode {
        root.rewritingChildren(descend: \.isBlockContainer) { node in
            guard case .paragraph = node.kind, node.children.count >= 3 else { return nil }
            guard let inlines = markers(in: node.children) else { return nil }
            if inlines.count == 1, case .include(let path, _) = inlines[0].kind {
                return [MarkdownNode(.include(path: path, inline: false), range: node.range)]
            }
            var copy = node
            copy.children = inlines
            return [copy]
        }
    }

    /// Whether text, trailing spaces aside, ends with `[!INCLUDE` in any case: a marker when a link follows.
    static func endsWithMarker(_ text: String) -> Bool {
        text.trimmingTrailingSpaces.uppercased().hasSuffix("[!INCLUDE")
    }

    /// Replaces every `[!INCLUDE` text + link + `]` text run with one include node; nil when there is none.
    private static func markers(in children: [MarkdownNode]) -> [MarkdownNode]? {
        var result: [MarkdownNode] = []
        var found = false
        var i = 0
        while i < children.count {
            // DocFX accepts spaces before the link too: `[!INCLUDE [title](path)]`.
            if i + 2 < children.count, case .text(let before) = children[i].kind,
               endsWithMarker(before), case let trimmed = before.trimmingTrailingSpaces,
               case .link(let destination, _) = children[i + 1].kind,
               case .text(let after) = children[i + 2].kind, after.hasPrefix("]") {
                let head = String(trimmed.dropLast("[!INCLUDE".count))
                if !head.isEmpty { result.append(MarkdownNode(.text(head), range: children[i].range)) }
                result.append(MarkdownNode(.include(path: destination, inline: true), range: children[i + 1].range))
                found = true
                let tail = String(after.dropFirst())
                if !tail.isEmpty { result.append(MarkdownNode(.text(tail), range: children[i + 2].range)) }
                i += 3
            } else {
                result.append(children[i])
                i += 1
            }
        }
        return found ? result : nil
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[..<end]
    }
}
