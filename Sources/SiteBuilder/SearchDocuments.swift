import CommonMark
import SearchIndexing
import SiteModel

/// Builds the search document of a page from its resolved Markdown tree: the title, and one section per H2/H3
/// (the introduction first) with its plain text, code included, so error codes in code blocks are findable.
enum SearchDocuments {
    /// The page analysed for the search index, or nil for a NOINDEX page when `search.excludeNoIndex` is set.
    static func analyzed(_ page: ResolvedPage, breadcrumb: String, config: SiteConfig) -> SearchIndex.Analyzed? {
        if page.source.frontMatter.isNoIndex && config.searchExcludesNoIndex { return nil }
        return SearchIndex.analyze(document(for: page, breadcrumb: breadcrumb))
    }

    static func document(for page: ResolvedPage, breadcrumb: String) -> SearchDocument {
        var sections = [SearchDocument.Section(anchor: nil, heading: page.source.title, text: "")]
        var texts = [""]
        for block in page.root.children {
            if case .heading(let level, let id) = block.kind, level == 2 || level == 3, let id {
                sections.append(.init(anchor: id, heading: PlainText.of(block.children), text: ""))
                texts.append("")
                continue
            }
            if case .heading(1, _) = block.kind { continue }
            append(block, to: &texts[texts.count - 1])
        }
        for index in sections.indices { sections[index].text = texts[index] }
        let description = page.source.frontMatter.description ?? ""
        let excerpt = description.isEmpty ? String(texts.joined(separator: " ").prefix(220)) : description
        return SearchDocument(
            url: page.permalink.urlPath, title: page.source.title, breadcrumb: breadcrumb,
            excerpt: String(excerpt.trimming(" \n")), isFallback: page.isFallback, sections: sections)
    }

    /// The words a reader sees: like `PlainText` but without raw HTML tags.
    private static func readable(_ nodes: [MarkdownNode]) -> String {
        var out = ""
        for node in nodes {
            switch node.kind {
            case .text(let s), .code(let s): out += s
            case .softBreak, .lineBreak: out += " "
            case .htmlInline: break
            default: out += readable(node.children)
            }
        }
        return out
    }

    /// Plain text of a block and everything inside it, one line per paragraph-like block.
    private static func append(_ node: MarkdownNode, to text: inout String) {
        switch node.kind {
        case .paragraph, .heading, .tableCell:
            text += readable(node.children) + "\n"
        case .codeBlock(_, let literal):
            text += literal + "\n"
        case .htmlBlock, .thematicBreak, .video, .include:
            break
        default:
            for child in node.children { append(child, to: &text) }
        }
    }
}
