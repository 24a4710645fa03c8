import ContentDiscovery
import Foundation
import LinkResolution
import SearchIndexing
import SiteModel
import Templating

/// The build, top to bottom: configure → discover → parse → index → render → write.
///
/// Each stage is a function of the previous stage's value; content problems travel as diagnostics, and only
/// configuration, template and I/O failures throw (`BuildFailure`, exit code 2).
public enum BuildPipeline {
    public static func run(_ options: BuildOptions) async throws -> BuildReport {
        let started = ContinuousClock.now
        var stopwatch = Stopwatch()
        let (config, theme, configDiagnostics) = try await configure(options)
        stopwatch.lap("configure")
        let inventory = try discover(options, config: config)
        var diagnostics = configDiagnostics + inventory.diagnostics

        stopwatch.lap("discover")
        // Parse includes, then articles (with includes spliced in), in parallel.
        let includeResults = parallelMap(inventory.files(.include), jobs: options.jobs) {
            ArticleParser.parseInclude($0, config: config)
        }
        diagnostics += includeResults.flatMap(\.1)
        let includes = IncludeExpander(includeResults.compactMap(\.0))
        let parsedResults = parallelMap(inventory.files(.article), jobs: options.jobs) {
            ArticleParser.parse($0, config: config, includes: includes)
        }
        diagnostics += parsedResults.flatMap(\.1)
        let tocs = inventory.files(.toc).map(TocReader.read)
        diagnostics += tocs.flatMap(\.1)

        stopwatch.lap("parse")
        // Index: the barrier where every article and resource of every locale is known.
        let resources = inventory.files(.resource).map {
            ResourceEntry(locale: $0.locale, path: $0.path, filePath: $0.filePath)
        }
        let (redirects, redirectDiagnostics) = RedirectReader.readAll(inventory.files(.redirection))
        diagnostics += redirectDiagnostics
        let index = SiteIndex(config: config, locales: inventory.locales, articles: parsedResults.compactMap(\.0),
                              resources: resources, redirects: redirects)
        diagnostics += index.diagnostics
        let articles = parsedResults.compactMap(\.0).filter(index.publishes)

        stopwatch.lap("index")
        // From here pages stream to the writer as they are rendered; any failure discards the staging folder.
        let writer = options.writeOutput ? try SiteWriter(output: options.outputDirectory) : nil
        let written: [String]
        do {
            // Resolve and render every page (fallback pages included) in parallel batches.
            let resolver = PageResolver(index: index, config: config)
            let navigation = Navigation(tocs: tocs.map(\.0), index: index)
            diagnostics += navigation.diagnostics
            let renderer = PageRenderer(config: config, index: index, theme: theme, navigation: navigation)
            let work = resolver.pagesToResolve(articles)
            var searchDocuments: [LocaleCode: [SearchIndex.Analyzed]] = [:]
            for start in stride(from: 0, to: work.count, by: batchSize) {
                let batch = Array(work[start..<min(start + batchSize, work.count)])
                let results = parallelMap(batch, jobs: options.jobs) { item -> (RenderedPage, [Diagnostic], SearchIndex.Analyzed?) in
                    let (page, pageDiagnostics) = resolver.resolve(item.0, for: item.1)
                    let (rendered, breadcrumb) = renderer.renderArticle(page)
                    let search = SearchDocuments.analyzed(page, breadcrumb: breadcrumb, config: config)
                    return (rendered, pageDiagnostics, search)
                }
                diagnostics += results.flatMap(\.1)
                for (item, result) in zip(batch, results) {
                    if let document = result.2 { searchDocuments[item.1, default: []].append(document) }
                }
                writer?.enqueue(results.map { $0.0.outputFile })
            }
            let includeSources = includeResults.compactMap(\.0)
            if !includeSources.isEmpty {
                diagnostics += resolver.checkIncludes(includeSources, used: usedIncludes(articles))
            }
            stopwatch.lap("resolve+render")

            // The search index of each locale, and its search page.
            let searchFiles = parallelMap(index.locales, jobs: options.jobs) { locale -> [SiteWriter.OutputFile] in
                let folder = Permalink.search(locale).segments.joined(separator: "/")
                let searchIndex = SearchIndex(locale: locale.tag, analyzed: searchDocuments[locale] ?? [])
                return searchIndex.files().flatMap(\.outputs).map { .init(path: "\(folder)/\($0.name)", contents: .text($0.text)) }
            }
            writer?.enqueue(searchFiles.flatMap { $0 })
            stopwatch.lap("search index")

            // Locale homes, topic pages, the language chooser, redirects, assets.
            var pages: [RenderedPage] = []
            var files: [SiteWriter.OutputFile] = []
            let order = HomeOrder(tocs: tocs.map(\.0))
            for locale in index.locales {
                pages.append(renderer.renderLocaleHome(locale, articles: order.sorted(index.entries(in: locale))))
                pages += renderer.renderTopicPages(locale, jobs: options.jobs)
                pages.append(renderer.renderSearchPage(locale))
                files.append(.init(path: locale.urlSegment + "/topics.json", contents: .text(renderer.topicsJSON(locale))))
                files.append(.init(path: locale.urlSegment + "/404.html", contents: .text(theme.render(renderer.notFoundPage(locale)))))
            }
            pages.append(renderer.renderSiteHome())
            files.append(.init(path: "404.html", contents: .text(theme.render(renderer.notFoundPage(index.defaultLocale)))))
            let (redirectPages, redirectProblems) = renderer.renderRedirects(resolver: resolver.rewriter.resolver)
            pages += redirectPages
            diagnostics += redirectProblems
            files += Sitemaps.files(index: index, baseURL: config.baseURL)
            files += theme.assets.map { .init(path: $0, contents: .copy(from: theme.directory + "/" + $0)) }
            files += index.resources.map { .init(path: $0.outputPath, contents: .copy(from: $0.filePath)) }
            writer?.enqueue(pages.map(\.outputFile) + files)
            stopwatch.lap("other pages")

            // Swap the finished site in.
            written = try writer?.commit() ?? []
            if writer != nil { FaultInjection.reached(.committed) }
            stopwatch.lap("write (rest)")
        } catch {
            writer?.discard()
            throw error
        }
        var perLocale: [LocaleCode: Int] = [:]
        for locale in index.locales { perLocale[locale] = 0 }
        for article in articles { perLocale[article.source.locale, default: 0] += 1 }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var report = BuildReport(articlePages: perLocale, writtenFiles: written, diagnostics: diagnostics, seconds: seconds)
        report.stageSeconds = stopwatch.laps
        return report
    }

    /// Pages resolved and rendered per parallel batch before they go to the writer.
    static let batchSize = 256

    /// `<locale>/<path>` of every include spliced into some article.
    static func usedIncludes(_ articles: [ParsedArticle]) -> Set<String> {
        var used = Set<String>()
        for article in articles {
            article.document.root.forEach { node in
                if case .included(let path, _) = node.kind { used.insert(article.source.locale.urlSegment + "/" + path) }
            }
        }
        return used
    }

    /// kb.yml with the command-line options applied, and the theme: what every build and preview starts from.
    /// The diagnostics are kb.yml's warnings (deprecated keys).
    static func configure(_ options: BuildOptions) async throws -> (SiteConfig, Theme, [Diagnostic]) {
        var (config, diagnostics) = try ConfigLoader.load(contentDirectory: options.contentDirectory)
        config.apply(options)
        return (config, try await loadTheme(options.templatesDirectory), diagnostics)
    }

    /// Discovery's inventory in kb's canonical order (shuffled first when a test asks, to prove order is irrelevant).
    static func discover(_ options: BuildOptions, config: SiteConfig) throws -> ContentInventory {
        var inventory: ContentInventory
        do {
            inventory = try ContentScanner.scan(
                root: options.contentDirectory, localeFolders: config.locales.compactMapValues(\.path))
        } catch {
            throw BuildFailure.configuration("\(error)")
        }
        if let seed = options.discoveryShuffleSeed {
            var generator = SeededGenerator(seed: seed)
            inventory.files.shuffle(using: &generator)
            inventory.locales.shuffle(using: &generator)
        }
        return inventory.inCanonicalOrder()
    }

    static func loadTheme(_ directory: String) async throws -> Theme {
        do {
            return try await Theme.load(from: directory)
        } catch let error as Theme.LoadError {
            throw BuildFailure.configuration(error.description)
        }
    }
}

extension SiteIndex {
    /// The index over the articles that parsed, with the configured default locale and fallback order.
    init(config: SiteConfig, locales: [LocaleCode], articles: [ParsedArticle], resources: [ResourceEntry],
         redirects: [RedirectRule] = []) {
        self.init(locales: locales, defaultLocale: config.defaultLocale, fallbackOrder: config.locales.mapValues(\.fallback),
                  entries: articles.map(\.indexEntry), resources: resources, redirects: redirects)
    }

    /// True when `article` owns its URL: of files colliding on one URL, only the first is published.
    func publishes(_ article: ParsedArticle) -> Bool {
        entry(at: article.permalink)?.sourcePath == article.source.displayPath
    }
}

extension PageResolver {
    init(index: SiteIndex, config: SiteConfig) {
        self.init(index: index, settings: LinkSettings(
            localizeHosts: config.localizeHosts ?? LinkSettings.defaultLocalizeHosts, siteRootFallback: config.siteRootFallback))
    }
}

extension ParsedArticle {
    var indexEntry: IndexEntry {
        IndexEntry(
            locale: source.locale, path: source.path, permalink: permalink, title: title,
            description: frontMatter.description, anchors: anchors, topicIDs: frontMatter.topicIDs,
            uid: frontMatter.uid, sourcePath: source.displayPath, isNoIndex: frontMatter.isNoIndex)
    }
}

/// SplitMix64: a small, seedable generator for reproducible shuffles in tests and mutations in `kb-fuzz`.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
