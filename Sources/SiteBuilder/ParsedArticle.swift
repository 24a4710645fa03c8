import CommonMark
import ContentDiscovery
import FrontMatter
import SiteModel

/// An article after the parse stage: typed front matter and the Markdown tree with heading ids.
struct ParsedArticle: Sendable {
    let source: SourceFile
    let permalink: Permalink
    let frontMatter: FrontMatter
    let document: MarkdownDocument
    /// Front-matter title, else the text of the first H1, else the file name.
    let title: String
    let headings: [Heading]
    /// Heading ids and explicit HTML anchors, for checking `#fragment` links.
    let anchors: Set<String>

    struct Heading: Sendable {
        let level: Int
        let id: String
        let text: String
    }
}

/// The parse stage for one file: read, check UTF-8, split and decode front matter, parse Markdown.
enum ArticleParser {
    static func parse(_ file: SourceFile, config: SiteConfig) -> (ParsedArticle?, [Diagnostic]) {
        let (text, readDiagnostics) = SourceReader.read(file)
        guard let text else { return (nil, readDiagnostics) }
        let block = FrontMatterBlock(splitting: text)
        let (matter, matterDiagnostics) = FrontMatterParser.parse(block, path: file.displayPath)
        var diagnostics = readDiagnostics + matterDiagnostics
        guard let matter else { return (nil, diagnostics) }
        let document = MarkdownParser.parse(String(block.body), options: MarkdownOptions(
            flavor: .docs, path: file.displayPath, lineOffset: block.bodyLineOffset,
            allowedElements: config.allowedElements))
        diagnostics += document.diagnostics
        let headings = collectHeadings(document.root)
        let fileTitle = String(file.path.value.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "")
        let title = matter.title.flatMap { $0.isEmpty ? nil : $0 }
            ?? headings.first(where: { $0.level == 1 })?.text ?? fileTitle
        let article = ParsedArticle(
            source: file, permalink: Permalink.article(file.path, in: file.locale), frontMatter: matter,
            document: document, title: title, headings: headings, anchors: HTMLAnchors.all(in: document.root))
        return (article, diagnostics)
    }

    private static func collectHeadings(_ root: MarkdownNode) -> [ParsedArticle.Heading] {
        var headings: [ParsedArticle.Heading] = []
        root.forEach { node in
            if case .heading(let level, let id?) = node.kind {
                headings.append(.init(level: level, id: id, text: PlainText.of(node.children)))
            }
        }
        return headings
    }
}
