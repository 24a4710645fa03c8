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
        // The build cache: what the last build parsed, made and wrote (only when writing a site).
        let cacheFile = options.writeOutput ? options.cacheDirectory.map { BuildCache.file(in: $0, output: options.outputDirectory) } : nil
        let contentPrefix = options.contentDirectory + "/"
        let (cache, cacheProblem) = cacheFile.map { BuildCache.read($0, contentPrefix: contentPrefix) } ?? (nil, nil)
        let keys = cacheFile.map { _ in EngineKeys.compute(options: options, inventory: inventory, cache: cache) }
        stopwatch.lap("cache")
        // Parse and index: the barrier where every article and resource of every locale is known.
        let engine = SiteEngine(options: options, config: config, theme: theme, inventory: inventory,
                                diagnostics: configDiagnostics + inventory.diagnostics, cache: cache, keys: keys)
        var diagnostics = engine.knownDiagnostics + (cacheProblem.map { [$0] } ?? [])
        stopwatch.lap("parse+index")

        // From here files stream to the writer as they are made; any failure discards the staging folder.
        let writer = options.writeOutput ? try SiteWriter(output: options.outputDirectory) : nil
        var next = BuildCache()
        var made: [String: BuildCache.Output] = [:]
        var madeCount = 0, keptCount = 0
        let written: [String]
        do {
            // Every output in path order. One whose dependency key and written file are those the cache knows is
            // kept as it is; the others are made in parallel batches (article pages give their search document).
            let outputs = engine.outputs.keys.sorted().compactMap { engine.outputs[$0] }
            var searchDocuments: [LocaleCode: [String: SearchIndex.Analyzed]] = [:]
            var changedLocales = Set<LocaleCode>()
            var toMake: [(OutputKind, StableHash?)] = []
            for kind in outputs {
                let key = engine.dependencyKey(kind)
                if let key, let known = cache?.outputs[kind.path], known.key == key,
                   BuildCache.Stamp(path: options.outputDirectory + "/" + kind.path) == known.stamp {
                    diagnostics += known.diagnostics
                    if let document = known.search, let locale = engine.locale(of: kind) {
                        searchDocuments[locale, default: [:]][kind.path] = document
                    }
                    next.outputs[kind.path] = known
                    writer?.keep(kind.path)
                    keptCount += 1
                } else {
                    toMake.append((kind, key))
                    if kind.source != nil, let locale = engine.locale(of: kind) { changedLocales.insert(locale) }
                }
            }
            madeCount = toMake.count
            for start in stride(from: 0, to: toMake.count, by: batchSize) {
                let batch = Array(toMake[start..<min(start + batchSize, toMake.count)])
                let results = parallelMap(batch, jobs: options.jobs) { kind, _ -> (SiteFile?, MadeOutput) in
                    let output = engine.make(kind, analyse: true)
                    return (engine.file(kind, output), output)
                }
                for ((kind, key), (file, output)) in zip(batch, results) {
                    diagnostics += output.diagnostics
                    if let document = output.search, let locale = engine.locale(of: kind) {
                        searchDocuments[locale, default: [:]][kind.path] = document
                    }
                    if let key, file != nil {
                        made[kind.path] = BuildCache.Output(key: key, stamp: .init(size: 0, mtime: 0, inode: 0),
                                                            diagnostics: output.diagnostics, search: output.search)
                    }
                }
                writer?.enqueue(results.compactMap(\.0))
                options.progress?(BuildProgress(stage: "render", done: start + batch.count, total: toMake.count))
            }
            diagnostics += engine.resolver.checkIncludes(engine.includes.keys.sorted().compactMap { engine.includes[$0] },
                                                         used: engine.usedIncludes)
            stopwatch.lap("resolve+render")

            // The search index of each locale: kept when no page of the locale was made again and its files are
            // those the cache knows.
            let searchKey = engine.keys.map { keys -> StableHash in
                var hash = StableHash()
                hash.combine(keys.renderKey)
                hash.combine(keys.shape)
                return hash
            }
            var rebuild: [LocaleCode] = []
            for locale in engine.index.locales {
                let prefix = OutputKind.searchFile(locale, name: "").path
                let page = OutputKind.searchPage(locale).path
                let known = cache?.outputs.filter { $0.key.hasPrefix(prefix) && $0.key != page } ?? [:]
                if let searchKey, !changedLocales.contains(locale), !known.isEmpty, known.allSatisfy({ path, record in
                    record.key == searchKey && BuildCache.Stamp(path: options.outputDirectory + "/" + path) == record.stamp
                }) {
                    for (path, record) in known {
                        next.outputs[path] = record
                        writer?.keep(path)
                        keptCount += 1
                    }
                } else {
                    rebuild.append(locale)
                }
            }
            let searchFiles = parallelMap(rebuild, jobs: options.jobs) {
                engine.searchFiles($0, documents: searchDocuments[$0] ?? [:])
            }
            madeCount += searchFiles.reduce(0) { $0 + $1.count }
            for file in searchFiles.flatMap({ $0 }) {
                if let searchKey {
                    made[file.path] = BuildCache.Output(key: searchKey, stamp: .init(size: 0, mtime: 0, inode: 0), diagnostics: [])
                }
            }
            writer?.enqueue(searchFiles.flatMap { $0 })
            stopwatch.lap("search index")

            options.progress?(BuildProgress(stage: "write", done: 0, total: 1))
            // Swap the finished site in, or rename the changed files in.
            // With a cache, the files the last build produced are known: only those that no longer belong go. The
            // files about to be renamed in are noted first, so that a build killed meanwhile leaves no file the next
            // build does not know of.
            let pending = cacheFile.map { $0 + ".pending" }
            var previous = cache.map { Set($0.outputs.keys) }
            if let pending, let noted = FileManager.default.contents(atPath: pending) {
                previous?.formUnion(String(decoding: noted, as: UTF8.self).split(separator: "\n").map(String.init))
            }
            written = try writer?.commit(previous: previous, willRename: { paths in
                guard let pending, !paths.isEmpty else { return }
                let old = FileManager.default.contents(atPath: pending) ?? Data()
                try? SiteWriter.makeFolders((pending as NSString).deletingLastPathComponent)
                FileManager.default.createFile(atPath: pending, contents: old + Data((paths.joined(separator: "\n") + "\n").utf8))
            }) ?? []
            if writer != nil { FaultInjection.reached(.committed) }
            stopwatch.lap("write (rest)")
        } catch {
            writer?.discard()
            throw error
        }
        if let cacheFile, let keys = engine.keys {
            // The stamps of what is on disk now, for the next build to trust.
            for (path, var record) in made {
                guard let stamp = BuildCache.Stamp(path: options.outputDirectory + "/" + path) else { continue }
                record.stamp = stamp
                next.outputs[path] = record
            }
            next.parseKey = keys.parseKey
            next.savedAt = Int(Date().timeIntervalSince1970 * 1e9)
            for (path, hash) in keys.sources {
                if let stamp = keys.stamps[path] { next.sources[path] = .init(stamp: stamp, hash: hash) }
            }
            for (path, entry) in engine.entries {
                next.articles[path] = .init(entry: entry, diagnostics: engine.fileDiagnostics[path] ?? [],
                                            includesUsed: (engine.includesUsed[path] ?? []).sorted(),
                                            inputs: keys.articleInputs[path] ?? StableHash())
            }
            do {
                try next.write(cacheFile, contentPrefix: contentPrefix)
                unlink(cacheFile + ".pending")
            } catch {
                diagnostics.append(.warning("cache-not-saved", at: SourceLocation(path: cacheFile), "cannot write the build cache: \(error)"))
            }
            stopwatch.lap("cache (save)")
        }
        var perLocale: [LocaleCode: Int] = [:]
        for locale in engine.index.locales { perLocale[locale] = engine.index.entries(in: locale).count }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var report = BuildReport(articlePages: perLocale, writtenFiles: written, diagnostics: diagnostics, seconds: seconds)
        report.stageSeconds = stopwatch.laps
        report.madeOutputs = madeCount
        report.parsedArticles = engine.parsedAtLoad
        report.keptOutputs = keptCount
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
