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
        // The build cache: what the last build parsed, made and wrote (only when writing a site).
        let cacheFile = options.writeOutput ? options.cacheDirectory.map { BuildCache.file(in: $0, output: options.outputDirectory) } : nil
        let contentPrefix = options.contentDirectory + "/"
        let (inventory, reading) = try await discover(options, config: config, readingCache: cacheFile, deferringOutputs: true)
        stopwatch.lap("discover")
        var (cache, cacheProblem, pending) = await reading?.value ?? (nil, nil, nil)
        var keys = cacheFile.map { _ in EngineKeys.compute(options: options, inventory: inventory, cache: cache) }
        stopwatch.lap("cache")
        // The output records are decoded, and the files they name checked against the disk (tens of thousands of
        // `stat`s), while the site is parsed and indexed: only the output stage needs them.
        let seal = cache?.seal
        let readingOutputs = pending.map { pending in
            Task.detached { () -> (outputs: [String: BuildCache.Output], parts: [BuildCache.EncodedPart], known: SiteOutputs.Known)? in
                guard let (outputs, parts) = pending.decode() else { return nil }
                var records = BuildCache()
                records.seal = seal
                records.outputs = outputs
                records.readParts = parts
                return (outputs, parts, SiteOutputs.Known(records, outputDirectory: options.outputDirectory, jobs: options.jobs))
            }
        }
        // Parse and index: the barrier where every article and resource of every locale is known.
        var parsed = SiteEngine(options: options, config: config, theme: theme, inventory: inventory,
                                diagnostics: configDiagnostics + inventory.diagnostics, cache: cache, keys: keys,
                                packsTrees: true)
        var knownOutputs: SiteOutputs.Known?
        if let readingOutputs, let cacheFile {
            if let (outputs, parts, checked) = await readingOutputs.value {
                cache?.outputs = outputs
                cache?.readParts += parts
                knownOutputs = checked
            } else {
                // A damaged output part: the whole cache is ignored, as if it had failed to read.
                cache = nil
                cacheProblem = BuildCache.ignored(cacheFile)
                keys = EngineKeys.compute(options: options, inventory: inventory, cache: nil)
                parsed = SiteEngine(options: options, config: config, theme: theme, inventory: inventory,
                                    diagnostics: configDiagnostics + inventory.diagnostics, cache: nil, keys: keys, packsTrees: true)
            }
        }
        stopwatch.lap("parse+index")

        // From here files stream to the writer as they are made; any failure discards the staging folder.
        let writer = options.writeOutput ? try SiteWriter(output: options.outputDirectory) : nil
        // The outputs own the engine from here: they let go of each parsed article once its pages are made.
        var outputs = SiteOutputs(engine: consume parsed, options: options, cache: cache, writer: writer, known: knownOutputs)
        let written: [String]
        // A shard leaves its search documents for `kb merge` instead of writing an index.
        var shardSearch: [String: [UInt8]] = [:]
        do {
            outputs.keepUnchanged()
            outputs.makeQueued()
            stopwatch.lap("resolve+render")
            if options.shard != nil { shardSearch = outputs.shardSearch() } else { outputs.searchIndexes() }
            stopwatch.lap("search index")
            options.progress?(BuildProgress(stage: "write", done: 0, total: 1))
            written = try commit(writer, cache: cache, cacheFile: cacheFile, coversCache: outputs.coversRecords(of: cache))
            stopwatch.lap("write (rest)")
        } catch {
            writer?.discard()
            throw error
        }
        let engine = outputs.engine
        let known = options.shard.map { engine.knownDiagnostics(of: $0) } ?? engine.knownDiagnostics
        var diagnostics = known + (cacheProblem.map { [$0] } ?? []) + outputs.diagnostics
        if let shard = options.shard {
            if options.writeOutput {
                try ShardFiles.write(outputs.shardManifest(shard, inventory: inventory), diagnostics: diagnostics,
                                     pages: writer?.sitePaths ?? [], search: shardSearch, output: options.outputDirectory)
            }
        }
        if let cacheFile, var next = outputs.nextCache() {
            do {
                // The folder as this build leaves it, sealed once the cache that records it is saved.
                next.seal = writer.map { _ in OutputSeal.make(for: options.outputDirectory) }
                try next.write(cacheFile, contentPrefix: contentPrefix, jobs: options.jobs, previous: cache)
                next.seal?.apply(to: options.outputDirectory)
                if options.exitsAfterBuild { ProcessExit.keep(next) }
                unlink(cacheFile + ".pending")
            } catch {
                diagnostics.append(.warning("cache-not-saved", at: SourceLocation(path: cacheFile), "cannot write the build cache: \(error)"))
            }
            stopwatch.lap("cache (save)")
        }
        var perLocale: [LocaleCode: Int] = [:]
        for locale in engine.index.locales { perLocale[locale] = engine.index.entryCount(in: locale) }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var report = BuildReport(articlePages: perLocale, writtenFiles: written, diagnostics: diagnostics, seconds: seconds)
        report.stageSeconds = stopwatch.laps
        report.madeOutputs = outputs.madeCount
        report.keptOutputs = outputs.keptCount
        report.checkedOutputs = outputs.known?.checked ?? 0
        report.searchShardsRead = outputs.searchShardsRead
        report.parsedArticles = engine.parsedAtLoad
        if options.exitsAfterBuild { ProcessExit.keep(engine, cache as Any, outputs) }
        return report
    }

    /// Swaps the finished site in, or renames the changed files in. With a cache, the files the last build produced
    /// are known, so only those that no longer belong are deleted; the files about to be renamed in are noted first
    /// (`<cache>.pending`), so that a build killed meanwhile leaves no file the next build does not know of.
    /// `coversCache`: the build kept or made every output the cache records, so none of them is looked up.
    static func commit(_ writer: SiteWriter?, cache: BuildCache?, cacheFile: String?, coversCache: Bool = false) throws -> [String] {
        guard let writer else { return [] }
        let pending = cacheFile.map { $0 + ".pending" }
        // A list, not a set: tens of thousands of paths, each looked up once (a path listed twice is deleted once).
        var previous = cache.map { coversCache ? [] : Array($0.outputs.keys) }
        if let pending, let noted = FileManager.default.contents(atPath: pending) {
            previous? += String(decoding: noted, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let written = try writer.commit(previous: previous, willRename: { paths in
            guard let pending, !paths.isEmpty else { return }
            let old = FileManager.default.contents(atPath: pending) ?? Data()
            try? SiteWriter.makeFolders((pending as NSString).deletingLastPathComponent)
            _ = FileManager.default.createFile(atPath: pending, contents: old + Data((paths.joined(separator: "\n") + "\n").utf8))
        })
        FaultInjection.reached(.committed)
        return written
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

    /// Discovery, with the build cache `cacheFile` read meanwhile (the task returned); a discovery that fails waits
    /// for the read, so nothing runs on after it.
    static func discover(_ options: BuildOptions, config: SiteConfig, readingCache cacheFile: String?,
                         deferringOutputs: Bool = false) async throws
        -> (ContentInventory, Task<(BuildCache?, Diagnostic?, BuildCache.PendingOutputs?), Never>?) {
        let reading = cacheFile.map {
            BuildCache.startReading($0, contentPrefix: options.contentDirectory + "/", jobs: options.jobs, deferringOutputs: deferringOutputs)
        }
        do {
            return (try discover(options, config: config), reading)
        } catch {
            _ = await reading?.value
            throw error
        }
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
            uid: frontMatter.uid, sourcePath: source.displayPath, isNoIndex: frontMatter.isNoIndex, homeGroups: homeGroups)
    }
}

/// Values kept until the process exits, which reclaims their memory at once.
enum ProcessExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ values: Any...) {
        lock.withLock { kept.append(contentsOf: values) }
    }
}
