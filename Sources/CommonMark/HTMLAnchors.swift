/// Explicit anchors in raw HTML: the `id` and `name` values of every tag, so `[x](#legacy-anchor)` can be checked.
public enum HTMLAnchors {
    public static func ids(in html: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let tagEnd = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            let tag = String(rest[open..<tagEnd])
            if HTMLTag.name(Substring(tag)) != nil, !tag.hasPrefix("</") {
                for attribute in ["id", "name"] {
                    if let value = HTMLTag.attribute(attribute, in: tag), !value.isEmpty { ids.append(value) }
                }
            }
            rest = tagEnd < rest.endIndex ? rest[rest.index(after: tagEnd)...] : rest[tagEnd...]
        }
        return ids
    }

    /// The id of raw HTML that is one bare anchor, `<a name="x">` or `<a id="x"></a>`, and nothing else; nil otherwise.
    public static func bareAnchorID(_ html: String) -> String? {
        guard html.hasPrefix("<"), let end = html.firstIndex(of: ">") else { return nil }
        let tag = String(html[...end])
        let rest = html[html.index(after: end)...].trimmingCharacters(in: .whitespaces).lowercased()
        guard HTMLTag.name(Substring(tag)) == "a", rest.isEmpty || rest == "</a>" else { return nil }
        let id = HTMLTag.attribute("id", in: tag) ?? HTMLTag.attribute("name", in: tag)
        return id.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every anchor of a tree: heading ids and ids in raw HTML.
    public static func all(in root: MarkdownNode) -> Set<String> {
        var anchors = Set<String>()
        root.forEach { node in
            switch node.kind {
            case .heading(_, let id?): anchors.insert(id)
            case .htmlInline(let html), .htmlBlock(let html):
                if html.contains("id") || html.contains("name") { anchors.formUnion(ids(in: html)) }
            default: break
            }
        }
        return anchors
    }
}
