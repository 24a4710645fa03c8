import ContentDiscovery
import LinkResolution
import SearchIndexing
import SiteModel
import Templating

/// What one output is made of, before the theme turns a page into HTML (the preview adds its overlay first).
enum OutputBody: Sendable {
    case page(Page)
    case text(String)
    case copy(from: String)
    /// Nothing to write (a redirect that leads nowhere, an article that no longer parses).
    case none
}

/// One output, made: its body, the problems found making it (link problems of a page), and for article pages the
/// page analysed for the search index.
struct MadeOutput: Sendable {
    var body: OutputBody
    var diagnostics: [Diagnostic] = []
    var search: SearchIndex.Analyzed?
}

extension SiteEngine {
    /// Makes one output. `analyse` asks article pages for their search document too (NOINDEX pages may have none).
    func make(_ kind: OutputKind, analyse: Bool = false) -> MadeOutput {
        switch kind {
        case .article(_, let source), .fallback(_, let source, _):
            guard let article = article(source), let locale = locale(of: kind) else { return MadeOutput(body: .none) }
            let (resolved, problems) = resolver.resolve(article, for: locale)
            let (page, breadcrumb) = renderer.articlePage(resolved)
            let search = analyse ? SearchDocuments.analyzed(resolved, breadcrumb: breadcrumb, config: config) : nil
            return MadeOutput(body: .page(page), diagnostics: problems, search: search)
        case .localeHome(let locale):
            let order = HomeOrder(tocs: tocList)
            let entries = index.entries(in: locale)
            return MadeOutput(body: .page(renderer.localeHomePage(locale, articles: order.sorted(entries),
                                                                  grouped: order.leavesUnordered(entries))))
        case .siteHome: return MadeOutput(body: .page(renderer.siteHomePage()))
        case .searchPage(let locale): return MadeOutput(body: .page(renderer.searchPage(locale)))
        case .topic(let topic, let locale): return MadeOutput(body: .page(renderer.topicPage(topic, in: locale)))
        case .topicsJSON(let locale): return MadeOutput(body: .text(renderer.topicsJSON(locale)))
        case .notFound(let locale), .siteNotFound(let locale): return MadeOutput(body: .page(renderer.notFoundPage(locale)))
        case .robots, .sitemapIndex, .sitemap:
            return MadeOutput(body: .text(Sitemaps.text(of: kind, index: index, baseURL: config.baseURL)))
        case .redirect(let locale, let key, let rule):
            let (page, problems) = renderer.redirectPage(key: key, locale: locale, rule: rule, resolver: resolver.rewriter.resolver)
            return MadeOutput(body: page.map(OutputBody.page) ?? .none, diagnostics: problems)
        case .asset(let path): return MadeOutput(body: .copy(from: theme.directory + "/" + path))
        case .resource(let resource): return MadeOutput(body: .copy(from: resource.filePath))
        case .searchFile: return MadeOutput(body: .none)
        case .statusPage: return MadeOutput(body: statusPage().map(OutputBody.page) ?? .none)
        }
    }

    /// The locale of an article or fallback page.
    func locale(of kind: OutputKind) -> LocaleCode? {
        switch kind {
        case .article(_, let source): entries[source]?.locale
        case .fallback(_, _, let locale): locale
        default: nil
        }
    }

    /// The parsed article at a display path: parsed now when the engine took its entry from the cache.
    func article(_ source: String) -> ParsedArticle? {
        if var article = articles[source] {
            guard let tree = packed[source] else { return article }
            if let root = tree.unpacked() {
                article.document.root = root
                return article
            }
        }
        guard let file = sources[source] else { return nil }
        return ArticleParser.parse(file, config: config, includes: includeExpander).0
    }

    /// Lets go of an article's parsed tree, packed or not, once a build has made its pages (`article(_:)` would parse
    /// the file again if one were asked for).
    mutating func releaseTree(of source: String) {
        articles[source] = nil
        packed[source] = nil
    }

    /// The file for an output as `kb build` writes it.
    func file(_ kind: OutputKind, _ made: MadeOutput) -> SiteFile? {
        switch made.body {
        case .page(let page): SiteFile(path: kind.path, contents: .bytes(theme.renderBytes(page)))
        case .text(let text): SiteFile(path: kind.path, contents: .text(text))
        case .copy(let source): SiteFile(path: kind.path, contents: .copy(from: source))
        case .none: nil
        }
    }

    /// The files of a locale's search index, from its pages' analysed documents by output path. Documents are
    /// numbered in path order, so build and preview number them alike and an edit keeps every other number.
    func searchFiles(_ locale: LocaleCode, documents: [String: SearchIndex.Analyzed]) -> [SiteFile] {
        Self.searchFiles(locale, documents: documents, threshold: options.searchShardThreshold)
    }

    /// The same, for `kb merge`, which has the shards' documents and no engine.
    static func searchFiles(_ locale: LocaleCode, documents: [String: SearchIndex.Analyzed], threshold: Int) -> [SiteFile] {
        let ordered = documents.keys.sorted().compactMap { documents[$0] }
        return searchFiles(locale, index: SearchIndex(locale: locale.tag, analyzed: ordered), threshold: threshold)
    }

    /// The files of an index already made (`kb merge` joins the shards' postings).
    static func searchFiles(_ locale: LocaleCode, index: SearchIndex, threshold: Int) -> [SiteFile] {
        index.outputs(shardThreshold: threshold).map {
            SiteFile(path: OutputKind.searchFile(locale, name: $0.name).path, contents: .text($0.text))
        }
    }

    /// Every `<locale>/<path>` of an include some article splices in.
    var usedIncludes: Set<String> { includesUsed.values.reduce(into: Set()) { $0.formUnion($1) } }

    /// Every problem known before pages are made: configuration, parse, index and toc problems.
    var knownDiagnostics: [Diagnostic] {
        siteDiagnostics + fileDiagnostics.filter { !$0.value.isEmpty }.keys.sorted().flatMap { fileDiagnostics[$0] ?? [] }
            + index.diagnostics
            + navigationDiagnostics
    }

    /// The part of `knownDiagnostics` a shard reports, so that the shards together report each once: an article's
    /// problems come from the shard that makes its pages (the only one that parsed it whole), every other file's
    /// and the site-wide ones from the first shard.
    func knownDiagnostics(of shard: ShardSpec) -> [Diagnostic] {
        var articleFiles: [String: SourceFile] = [:]
        for file in files.values where file.kind == .article { articleFiles[file.displayPath] = file }
        var result = shard.index == 0 ? siteDiagnostics : []
        for path in fileDiagnostics.keys.sorted() where !(fileDiagnostics[path] ?? []).isEmpty {
            let owner = articleFiles[path].map(shard.ownsArticle)
            if owner ?? (shard.index == 0) { result += fileDiagnostics[path] ?? [] }
        }
        return result + (shard.index == 0 ? index.diagnostics + navigationDiagnostics : [])
    }
}
