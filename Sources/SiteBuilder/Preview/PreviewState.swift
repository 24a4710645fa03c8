import ContentDiscovery
import Foundation
import LinkResolution
import SiteModel
import Templating

/// The site as `kb serve` holds it between two changes: every source parsed (the last good version of each), the
/// index, and a route per output file. Pages themselves are rendered only when asked for.
///
/// A value: a change builds the next state from this one, re-parsing only the files that changed.
struct PreviewState: Sendable {
    let options: BuildOptions
    var config: SiteConfig
    var theme: Theme
    /// Every source file found, by `filePath`.
    var files: [String: SourceFile]
    /// Includes by `<locale>/<path>`.
    var includes: [String: IncludeSource]
    /// The last article that parsed, by display path: a broken edit keeps the previous version served.
    var articles: [String: ParsedArticle]
    /// The includes each article splices in (`<locale>/<path>`), by the article's display path.
    var includesUsed: [String: Set<String>]
    /// Problems of the latest attempt to read each file (articles, includes, tocs, redirection files).
    var fileDiagnostics: [String: [Diagnostic]]
    var tocs: [String: LocaleToc]
    var redirects: [String: [RedirectRule]]
    /// Problems that concern every page: a template that does not compile, an invalid kb.yml, index problems.
    var siteDiagnostics: [Diagnostic] = []
    /// Where the locale folders are (some may live outside the content folder).
    var layout = ContentLayout(root: "", realRoot: "", folders: [])
    /// Problems of toc entries (missing articles, redirects), found when the navigation is built.
    var navigationDiagnostics: [Diagnostic] = []

    // Derived from the above by `reindex()`.
    var index: SiteIndex
    var resolver: PageResolver
    var renderer: PageRenderer
    var routes: [String: PreviewRoute] = [:]
    /// Output paths of the pages each article is shown on (its own, and fallbacks), by display path.
    var pagesOfSource: [String: [String]] = [:]
    /// The article file that would make each page, parsed or not: a page shown as a fallback because its own file
    /// does not parse still names that file's problems.
    var fileOfPage: [String: String] = [:]

    /// Reads and parses everything, as `kb build` does up to the index.
    static func load(_ options: BuildOptions) async throws -> PreviewState {
        let (config, theme, configDiagnostics) = try await BuildPipeline.configure(options)
        let inventory = try BuildPipeline.discover(options, config: config)
        let empty = SiteIndex(locales: inventory.locales, defaultLocale: config.defaultLocale, fallbackOrder: [:],
                              entries: [], resources: [])
        let navigation = Navigation(tocs: [], index: empty)
        var state = PreviewState(
            options: options, config: config, theme: theme,
            files: Dictionary(inventory.files.map { ($0.filePath, $0) }, uniquingKeysWith: { a, _ in a }),
            includes: [:], articles: [:], includesUsed: [:], fileDiagnostics: [:], tocs: [:], redirects: [:],
            index: empty, resolver: PageResolver(index: empty, settings: LinkSettings()),
            renderer: PageRenderer(config: config, index: empty, theme: theme, navigation: navigation))
        state.layout = inventory.layout
        state.siteDiagnostics = configDiagnostics + inventory.diagnostics
        state.reparse(Set(inventory.files.map(\.filePath)))
        state.reindex()
        return state
    }

    // MARK: Changes

    /// What re-reading a set of files did.
    struct Reparse {
        /// Display paths of the articles whose pages may differ.
        var articles = Set<String>()
        /// The site files among the changed paths (editor scratch files are none).
        var files: [SourceFile] = []
        /// True when other pages may show something new: an article added or removed, a changed title, anchor,
        /// topic ID, description or URL, a toc, a redirection file or a resource.
        var changesShape = false
        /// Files refused on the way (a symlink out of the content folder).
        var diagnostics: [Diagnostic] = []
    }

    /// Re-reads the given content files (changed, created or deleted) and re-parses the articles that include a
    /// changed include.
    @discardableResult
    mutating func reparse(_ changedPaths: Set<String>) -> Reparse {
        // A folder that went away (deleted or renamed) takes every known file below it along.
        var filePaths = changedPaths
        for path in changedPaths where files[path] == nil && !FileManager.default.fileExists(atPath: path) {
            filePaths.formUnion(files.keys.filter { $0.hasPrefix(path + "/") })
        }
        var result = Reparse()
        var changedIncludes = Set<String>()
        var articleFiles: [SourceFile] = []
        for seen in filePaths.sorted() {
            // The same rules as discovery: hidden files ignored, symlinks out of the content folder refused (a refused
            // file that was part of the site leaves it).
            let (scanned, problem) = ContentScanner.file(at: seen, in: layout)
            // A file of a locale folder reached through a symlink is known by the path discovery gave it.
            let path = files[seen] == nil ? scanned?.filePath ?? seen : seen
            if let problem { result.diagnostics.append(problem) }
            let exists = problem == nil && FileManager.default.fileExists(atPath: path)
            guard let file = files[path] ?? scanned else { continue }
            if files[path] != nil || exists { result.files.append(file) }
            // A toc or redirection file shapes other pages; a changed image shows on pages that are not known here.
            if [.toc, .redirection, .resource].contains(file.kind) { result.changesShape = true }
            if !exists {
                files[path] = nil
                fileDiagnostics[file.displayPath] = nil
                switch file.kind {
                case .article:
                    if articles.removeValue(forKey: file.displayPath) != nil { result.changesShape = true }
                    includesUsed[file.displayPath] = nil
                    result.articles.insert(file.displayPath)
                case .include:
                    includes[includeKey(file)] = nil
                    changedIncludes.insert(includeKey(file))
                case .toc: tocs[path] = nil
                case .redirection: redirects[path] = nil
                case .resource, .other: break
                }
                continue
            }
            files[path] = file
            switch file.kind {
            case .article: articleFiles.append(file)
            case .include:
                let (include, diagnostics) = ArticleParser.parseInclude(file, config: config)
                fileDiagnostics[file.displayPath] = diagnostics
                if let include { includes[includeKey(file)] = include }
                changedIncludes.insert(includeKey(file))
            case .toc:
                let (toc, diagnostics) = TocReader.read(file)
                tocs[path] = toc
                fileDiagnostics[file.displayPath] = diagnostics
            case .redirection:
                let (list, diagnostics) = RedirectReader.read(file)
                redirects[path] = list
                fileDiagnostics[file.displayPath] = diagnostics
            case .resource, .other: break
            }
        }
        // Articles that splice in a changed include are parsed again with its new text.
        if !changedIncludes.isEmpty {
            let users = includesUsed.filter { !$0.value.isDisjoint(with: changedIncludes) }.keys
            let queued = Set(articleFiles.map(\.displayPath))
            for user in users where !queued.contains(user) {
                if let file = articles[user]?.source { articleFiles.append(file) }
            }
        }
        let expander = IncludeExpander(Array(includes.values))
        let parsed = parallelMap(articleFiles, jobs: options.jobs) { ArticleParser.parse($0, config: config, includes: expander) }
        for (file, (article, diagnostics)) in zip(articleFiles, parsed) {
            fileDiagnostics[file.displayPath] = diagnostics
            result.articles.insert(file.displayPath)
            // A file that no longer parses keeps its last good version on screen; its diagnostics say why.
            guard let article else { continue }
            if articles.updateValue(article, forKey: file.displayPath)?.indexEntry != article.indexEntry {
                result.changesShape = true
            }
            includesUsed[file.displayPath] = BuildPipeline.usedIncludes([article])
        }
        return result
    }

    /// Rebuilds the index, the resolver, the renderer and the routes from the parsed sources.
    mutating func reindex() {
        let sorted = articles.values.sorted { $0.source.filePath < $1.source.filePath }
        let resources = files.values.filter { $0.kind == .resource }.sorted { $0.filePath < $1.filePath }
            .map { ResourceEntry(locale: $0.locale, path: $0.path, filePath: $0.filePath) }
        // Locales in discovery's canonical order; one whose files are all gone stays until the next start.
        let locales = Set(files.values.map(\.locale)).union(index.locales).sorted { $0.urlSegment < $1.urlSegment }
        let rules = redirects.keys.sorted().flatMap { redirects[$0] ?? [] }
        index = SiteIndex(config: config, locales: locales, articles: sorted, resources: resources, redirects: rules)
        resolver = PageResolver(index: index, config: config)
        use(theme)
    }

    /// A theme that compiled replaces the old one; pages need rendering again, sources need no parsing.
    mutating func use(_ theme: Theme) {
        self.theme = theme
        let navigation = Navigation(tocs: tocList, index: index)
        navigationDiagnostics = navigation.diagnostics
        renderer = PageRenderer(config: config, index: index, theme: theme, navigation: navigation)
        routeEverything(articles.values.filter(index.publishes).sorted { $0.source.filePath < $1.source.filePath })
    }

    /// The toc files in path order, as the build reads them.
    var tocList: [LocaleToc] { tocs.keys.sorted().compactMap { tocs[$0] } }

    private mutating func routeEverything(_ published: [ParsedArticle]) {
        var routes: [String: PreviewRoute] = [:]
        var pagesOfSource: [String: [String]] = [:]
        for (article, locale) in resolver.pagesToResolve(published) {
            let permalink = Permalink(segments: [locale.urlSegment] + Array(article.permalink.segments.dropFirst()))
            routes[permalink.filePath] = .article(source: article.source.displayPath, locale: locale)
            pagesOfSource[article.source.displayPath, default: []].append(permalink.filePath)
        }
        for locale in index.locales {
            routes[Permalink.localeHome(locale).filePath] = .localeHome(locale)
            routes[Permalink.search(locale).filePath] = .search(locale)
            routes[locale.urlSegment + "/topics.json"] = .topicsJSON(locale)
            routes[locale.urlSegment + "/404.html"] = .notFound(locale)
            for topic in index.topics { routes[Permalink.topic(topic, in: locale).filePath] = .topic(topic, locale) }
        }
        routes[Permalink.root.filePath] = .siteHome
        routes["404.html"] = .notFound(index.defaultLocale)
        routes["robots.txt"] = .publishing
        if config.baseURL != nil {
            routes["sitemap.xml"] = .publishing
            for locale in index.locales { routes[locale.urlSegment + "/sitemap.xml"] = .publishing }
        }
        // Redirect pages render on request too.
        for (locale, key, rule) in index.redirectPages {
            routes[Permalink(segments: [locale.urlSegment] + key).filePath] = .redirect(key: key, locale: locale, rule: rule)
        }
        for asset in theme.assets { routes[asset] = .file(theme.directory + "/" + asset) }
        for resource in index.resources { routes[resource.outputPath] = .file(resource.filePath) }
        self.routes = routes
        self.pagesOfSource = pagesOfSource
        fileOfPage = [:]
        for file in files.values where file.kind == .article {
            fileOfPage[Permalink.article(file.path, in: file.locale).filePath] = file.displayPath
        }
    }

    // MARK: Helpers

    func includeKey(_ file: SourceFile) -> String { file.locale.urlSegment + "/" + file.path.value }

    /// The problems a page shows: its source's and its includes' parse problems, and the site-wide ones.
    func sourceDiagnostics(of displayPath: String) -> [Diagnostic] {
        var result = fileDiagnostics[displayPath] ?? []
        for key in (includesUsed[displayPath] ?? []).sorted() {
            if let include = includes[key] { result += fileDiagnostics[include.displayPath] ?? [] }
        }
        result += (index.diagnostics + navigationDiagnostics).filter { $0.location.path == displayPath }
        return result
    }
}

/// What answers a request for one output path.
enum PreviewRoute: Sendable {
    case article(source: String, locale: LocaleCode)
    case localeHome(LocaleCode)
    case siteHome
    case search(LocaleCode)
    case topic(TopicID, LocaleCode)
    case topicsJSON(LocaleCode)
    case notFound(LocaleCode)
    case redirect(key: [String], locale: LocaleCode, rule: RedirectRule)
    /// robots.txt and the sitemaps, made when asked for.
    case publishing
    case file(String)
}
