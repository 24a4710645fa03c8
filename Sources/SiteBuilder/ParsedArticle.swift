import CommonMark
import ContentDiscovery
import FrontMatter
import LinkResolution
import SiteModel

/// An article after the parse stage: typed front matter and the Markdown tree with heading ids.
struct ParsedArticle: Sendable {
    let source: SourceFile
    let permalink: Permalink
    let frontMatter: FrontMatter
    /// The tree; a build keeps it packed (`SiteEngine.packed`) and this root empty until a page needs it.
    var document: MarkdownDocument
    /// Front-matter title, else the text of the first H1, else the file name.
    let title: String
    let headings: [Heading]
    /// Heading ids and explicit HTML anchors, for checking `#fragment` links: made once, shared by the index entry
    /// and every page that shows the article.
    let anchors: AnchorSet
    /// Values of the keys a home without a toc groups by (`SiteConfig.homeGroupBy`).
    let homeGroups: [String]

    struct Heading: Sendable {
        let level: Int
        let id: String
        let text: String
    }
}

/// The parse stage for one file: read, check UTF-8, split and decode front matter, parse Markdown.
enum ArticleParser {
    ///
    /// `indexOnly` is for an article whose pages another shard makes: its index entry (title, headings, anchors,
    /// front matter) is exact, but its tree holds only headings and raw HTML (`MarkdownParser.scanHeadings`), and
    /// its diagnostics are those of reading and front matter only.
    static func parse(_ file: SourceFile, config: SiteConfig, includes: IncludeExpander, indexOnly: Bool = false) -> (ParsedArticle?, [Diagnostic]) {
        let (article, diagnostics, _) = parse(file, config: config, includes: includes, indexOnly: indexOnly, hashing: false)
        return (article, diagnostics)
    }

    /// `parse(_:config:includes:indexOnly:)`, and with `hashing` the content hash of the bytes read
    /// (`EngineKeys.contentHash`, as `hashFile` takes it) when they were valid UTF-8, so a shard without cache need
    /// not read its sources again for its manifest.
    static func parse(_ file: SourceFile, config: SiteConfig, includes: IncludeExpander, indexOnly: Bool,
                      hashing: Bool) -> (ParsedArticle?, [Diagnostic], StableHash?) {
        let (text, readDiagnostics) = SourceReader.read(file, limit: config.maxFileBytes)
        var hash: StableHash?
        if hashing, var bytes = text, readDiagnostics.isEmpty {
            hash = bytes.withUTF8 { EngineKeys.contentHash(UnsafeRawBufferPointer($0)) }
        }
        guard let text else { return (nil, readDiagnostics, hash) }
        let (article, diagnostics) = parse(text: text, file: file, config: config, includes: includes, indexOnly: indexOnly)
        return (article, readDiagnostics + diagnostics, hash)
    }

    /// The parse stage for text already read (the file's path still names it in diagnostics).
    static func parse(text: String, file: SourceFile, config: SiteConfig, includes: IncludeExpander,
                      indexOnly: Bool = false) -> (ParsedArticle?, [Diagnostic]) {
        var (matter, parsed, diagnostics) = parseMarkdown(text: text, file: file, config: config, indexOnly: indexOnly)
        guard let matter, let parsed else { return (nil, diagnostics) }
        let (expanded, includeDiagnostics) = includes.expand(
            parsed.root, locale: file.locale, path: file.path, displayPath: file.displayPath)
        diagnostics += includeDiagnostics
        let document = MarkdownDocument(root: MarkdownParser.assignHeadingIDs(expanded), diagnostics: parsed.diagnostics)
        if config.safeMode, !indexOnly { diagnostics += droppedHTML(document.root, path: file.displayPath) }
        let headings = collectHeadings(document.root)
        let fileTitle = MarkdownFile.stem(String(file.path.value.split(separator: "/").last ?? ""))
        let title = matter.title.flatMap { $0.isEmpty ? nil : $0 }
            ?? headings.first(where: { $0.level == 1 })?.text ?? fileTitle
        let article = ParsedArticle(
            source: file, permalink: Permalink.article(file.path, in: file.locale), frontMatter: matter,
            document: document, title: title, headings: headings, anchors: AnchorSet(HTMLAnchors.all(in: document.root)),
            homeGroups: config.homeGroupBy.map { matter.text(of: $0) ?? "" })
        return (article, diagnostics)
    }

    /// Read, check UTF-8, split and decode front matter, parse Markdown (heading ids left for after includes).
    /// Front matter and document are nil when the file cannot be read or its YAML is invalid (diagnostics say which).
    static func parseMarkdown(_ file: SourceFile, config: SiteConfig) -> (FrontMatter?, MarkdownDocument?, [Diagnostic]) {
        let (text, readDiagnostics) = SourceReader.read(file, limit: config.maxFileBytes)
        guard let text else { return (nil, nil, readDiagnostics) }
        let (matter, document, diagnostics) = parseMarkdown(text: text, file: file, config: config)
        return (matter, document, readDiagnostics + diagnostics)
    }

    static func parseMarkdown(text: String, file: SourceFile, config: SiteConfig,
                              indexOnly: Bool = false) -> (FrontMatter?, MarkdownDocument?, [Diagnostic]) {
        let block = FrontMatterBlock(splitting: text)
        let (matter, matterDiagnostics) = FrontMatterParser.parse(block, path: file.displayPath)
        guard matter != nil else { return (nil, nil, matterDiagnostics) }
        var options = MarkdownOptions(
            flavor: .docs, path: file.displayPath, lineOffset: block.bodyLineOffset, allowedElements: config.allowedElements)
        options.assignsHeadingIDs = false
        let body = String(block.body)
        if indexOnly, let scanned = MarkdownParser.scanHeadings(body, options: options) {
            return (matter, MarkdownDocument(root: scanned.root), matterDiagnostics)
        }
        let document = MarkdownParser.parse(body, options: options)
        return (matter, document, matterDiagnostics + document.diagnostics)
    }

    /// An include file, parsed once for every article that includes it.
    static func parseInclude(_ file: SourceFile, config: SiteConfig) -> (IncludeSource?, [Diagnostic]) {
        let (matter, document, diagnostics) = parseMarkdown(file, config: config)
        guard matter != nil, let document else { return (nil, diagnostics) }
        return (IncludeSource(locale: file.locale, path: file.path, displayPath: file.displayPath, root: document.root), diagnostics)
    }

    /// Safe mode's note for each piece of raw HTML it will drop, so writers know why it is missing.
    private static func droppedHTML(_ root: MarkdownNode, path: String) -> [Diagnostic] {
        var result: [Diagnostic] = []
        root.forEach { node in
            switch node.kind {
            case .htmlInline(let html), .htmlBlock(let html):
                guard SafeHTML.anchor(html) == nil else { return }
                let location = SourceLocation(path: path, line: node.range?.startLine ?? 0, column: node.range?.startColumn ?? 0)
                result.append(.warning("raw-html-dropped", at: location,
                                       "raw HTML `\(html.prefix(30))` is dropped in safe mode"))
            default: break
            }
        }
        return result
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
