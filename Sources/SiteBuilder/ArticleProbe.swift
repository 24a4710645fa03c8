import CommonMark
import ContentDiscovery
import LinkResolution
import SearchIndexing
import SiteModel

/// Runs bytes through every content stage of a build, in memory: UTF-8 check, front matter, Markdown with the
/// docs extensions, includes, the index, link resolution, the body renderer, search analysis and index files —
/// and the same bytes as a toc file. The fuzz harness (`make fuzz`) and its regression test call it; whatever the
/// input, it must return.
public enum ArticleProbe {
    /// Returns the number of bytes of output produced (so nothing is optimised away), the diagnostics, and the body
    /// HTML of the probe's own page (nil when its front matter did not parse: a diagnostic then says why).
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> (outputBytes: Int, diagnostics: [Diagnostic], page: String?) {
        let locale = LocaleCode("en-us")!
        let file = SourceFile(locale: locale, path: ArticlePath("guide/probe.md"), filePath: "probe.md",
                              displayPath: "content/en-us/guide/probe.md", kind: .article)
        let text = String(validating: bytes, as: UTF8.self) ?? String(decoding: bytes, as: UTF8.self)
        let config = SiteConfig(defaultLocale: locale, allowedElements: ["kb-video"])

        // The same bytes serve as the include that the probe (and its sibling) may name.
        let includeFile = SourceFile(locale: locale, path: ArticlePath("guide/includes/probe.md"), filePath: "include.md",
                                     displayPath: "content/en-us/guide/includes/probe.md", kind: .include)
        var diagnostics: [Diagnostic] = []
        var includes: [IncludeSource] = []
        let (includeMatter, includeDocument, includeDiagnostics) = ArticleParser.parseMarkdown(text: text, file: includeFile, config: config)
        diagnostics += includeDiagnostics
        if includeMatter != nil, let includeDocument {
            includes.append(IncludeSource(locale: locale, path: includeFile.path, displayPath: includeFile.displayPath,
                                          root: includeDocument.root))
        }
        let expander = IncludeExpander(includes)
        let (article, parseDiagnostics) = ArticleParser.parse(text: text, file: file, config: config, includes: expander)
        diagnostics += parseDiagnostics
        let siblingFile = SourceFile(locale: locale, path: ArticlePath("guide/sibling.md"), filePath: "sibling.md",
                                     displayPath: "content/en-us/guide/sibling.md", kind: .article)
        let (sibling, _) = ArticleParser.parse(
            text: "---\ntitle: Sibling\nms.custom: '1234'\nuid: kb.sibling\n---\n# Sibling\n\n## Cause\n\n[!INCLUDE[p](includes/probe.md)]\n",
            file: siblingFile, config: config, includes: expander)
        var output = 0
        let articles = [article, sibling].compactMap { $0 }
        let index = SiteIndex(config: config, locales: [locale, LocaleCode("ja-jp")!], articles: articles, resources: [])
        let resolver = PageResolver(index: index, config: config)
        var analysed: [SearchIndex.Analyzed] = []
        var probePage: String?
        for (page, pageLocale) in resolver.pagesToResolve(articles) {
            let (resolved, resolveDiagnostics) = resolver.resolve(page, for: pageLocale)
            diagnostics += resolveDiagnostics
            var renderer = HTMLRenderer(rawHTML: true)
            renderer.alignmentClasses = true
            let html = renderer.render(resolved.root)
            if page.source == file && pageLocale == locale { probePage = html }
            output += html.utf8.count
            output += HTMLRenderer(rawHTML: false).render(resolved.root).utf8.count
            analysed.append(SearchIndex.analyze(SearchDocuments.document(for: resolved, breadcrumb: page.title)))
        }
        for file in SearchIndex(locale: "en-US", analyzed: analysed).outputs(shardThreshold: 4) {
            output += file.text.utf8.count
        }
        let toc = SourceFile(locale: locale, path: ArticlePath("toc.yml"), filePath: "toc.yml",
                             displayPath: "content/en-us/toc.yml", kind: .toc)
        let (tableOfContents, tocDiagnostics) = TableOfContents.parse(text, file: toc)
        output += tableOfContents.entries.count
        diagnostics += tocDiagnostics
        return (output, diagnostics, probePage)
    }
}
