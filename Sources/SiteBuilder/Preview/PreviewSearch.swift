import SearchIndexing
import SiteModel

/// The search indexes of a previewed site: built per locale on first request, from analysed pages that survive
/// changes to other pages.
struct PreviewSearch: Sendable {
    struct Built: Sendable {
        /// Analysed pages by output path (NOINDEX pages absent).
        var documents: [String: SearchIndex.Analyzed?]
        /// `manifest.json`, `terms-0.js`, … by file name.
        var files: [String: String]
    }

    var documents: [LocaleCode: [String: SearchIndex.Analyzed?]] = [:]
    var files: [LocaleCode: [String: String]] = [:]
    var running: [LocaleCode: Task<Built, Never>] = [:]

    /// Drops what a changed page contributed; its locale's index is built again on the next search.
    mutating func forget(_ path: String) {
        guard let segment = path.split(separator: "/").first, let locale = LocaleCode(String(segment)) else { return }
        files[locale] = nil
        running[locale] = nil
        documents[locale]?[path] = nil
    }

    /// Analyses the locale's pages not in `known` (in parallel) and builds the index files, as `kb build` does.
    static func build(_ locale: LocaleCode, state: PreviewState, known: [String: SearchIndex.Analyzed?], jobs: Int) -> Built {
        var pages: [(path: String, source: String)] = []
        for (path, route) in state.routes {
            if case .article(let source, let routeLocale) = route, routeLocale == locale { pages.append((path, source)) }
        }
        pages.sort { $0.path < $1.path }
        let missing = pages.filter { known[$0.path] == nil }
        let analysed = parallelMap(missing, jobs: jobs) { page -> SearchIndex.Analyzed? in
            guard let article = state.articles[page.source] else { return nil }
            let (resolved, _) = state.resolver.resolve(article, for: locale)
            let breadcrumb = state.renderer.navigation.breadcrumbText(for: Array(resolved.permalink.segments.dropFirst()), locale: locale)
            return SearchDocuments.analyzed(resolved, breadcrumb: breadcrumb, config: state.config)
        }
        var documents = known
        for (page, document) in zip(missing, analysed) { documents[page.path] = .some(document) }
        let index = SearchIndex(locale: locale.tag, analyzed: pages.compactMap { documents[$0.path] ?? nil })
        var files: [String: String] = [:]
        for output in index.files().flatMap(\.outputs) { files[output.name] = output.text }
        return Built(documents: documents, files: files)
    }
}
