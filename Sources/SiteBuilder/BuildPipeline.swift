import ContentDiscovery
import Foundation
import LinkResolution
import SearchIndexing
import SiteModel
import Templating

/// The build, top to bottom: configure → discover → parse → index → render → search index → write.
///
/// Parsing and indexing build the `SiteEngine`, the same model `kb serve` answers requests from; the build then asks
/// it for every output. Content problems travel as diagnostics, and only configuration, template and I/O failures
/// throw (`BuildFailure`, exit code 2).
public enum BuildPipeline {
    public static func run(_ options: BuildOptions) async throws -> BuildReport {
        let started = ContinuousClock.now
        var stopwatch = Stopwatch()
        let (config, theme, configDiagnostics) = try await configure(options)
        stopwatch.lap("configure")
        let inventory = try discover(options, config: config)
        stopwatch.lap("discover")
        // Parse and index: the barrier where every article and resource of every locale is known.
        let engine = SiteEngine(options: options, config: config, theme: theme, inventory: inventory,
                                diagnostics: configDiagnostics + inventory.diagnostics)
        var diagnostics = engine.knownDiagnostics
        stopwatch.lap("parse+index")

        // From here files stream to the writer as they are made; any failure discards the staging folder.
        let writer = options.writeOutput ? try SiteWriter(output: options.outputDirectory) : nil
        let written: [String]
        do {
            // Every output in path order, made in parallel batches; article pages also give their search document.
            let outputs = engine.outputs.keys.sorted().compactMap { engine.outputs[$0] }
            var searchDocuments: [LocaleCode: [String: SearchIndex.Analyzed]] = [:]
            for start in stride(from: 0, to: outputs.count, by: batchSize) {
                let batch = Array(outputs[start..<min(start + batchSize, outputs.count)])
                let made = parallelMap(batch, jobs: options.jobs) { kind -> (SiteFile?, MadeOutput) in
                    let made = engine.make(kind, analyse: true)
                    return (engine.file(kind, made), made)
                }
                for (kind, (_, output)) in zip(batch, made) {
                    diagnostics += output.diagnostics
                    if let document = output.search, let locale = engine.locale(of: kind) {
                        searchDocuments[locale, default: [:]][kind.path] = document
                    }
                }
                writer?.enqueue(made.compactMap(\.0))
            }
            diagnostics += engine.resolver.checkIncludes(engine.includes.keys.sorted().compactMap { engine.includes[$0] },
                                                         used: engine.usedIncludes)
            stopwatch.lap("resolve+render")

            // The search index of each locale.
            let searchFiles = parallelMap(engine.index.locales, jobs: options.jobs) {
                engine.searchFiles($0, documents: searchDocuments[$0] ?? [:])
            }
            writer?.enqueue(searchFiles.flatMap { $0 })
            stopwatch.lap("search index")

            // Swap the finished site in.
            written = try writer?.commit() ?? []
            if writer != nil { FaultInjection.reached(.committed) }
            stopwatch.lap("write (rest)")
        } catch {
            writer?.discard()
            throw error
        }
        var perLocale: [LocaleCode: Int] = [:]
        for locale in engine.index.locales { perLocale[locale] = engine.index.entries(in: locale).count }
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
