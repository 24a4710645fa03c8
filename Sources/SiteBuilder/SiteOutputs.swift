import Foundation
import SearchIndexing
import SiteModel

/// The output stages of one build: which outputs the build cache vouches for, making the others, the search
/// indexes, and the cache the next build reads. `BuildPipeline.run` calls them in order.
struct SiteOutputs {
    let engine: SiteEngine
    let options: BuildOptions
    let cache: BuildCache?
    let writer: SiteWriter?
    private(set) var diagnostics: [Diagnostic] = []
    /// Analysed pages of each locale by output path, kept or made.
    private(set) var searchDocuments: [LocaleCode: [String: SearchIndex.Analyzed]] = [:]
    /// Locales with a page made again: their search index is built again.
    private(set) var changedLocales = Set<LocaleCode>()
    /// Outputs to make, with their dependency keys.
    private(set) var toMake: [(OutputKind, StableHash?)] = []
    /// What the next build's cache says of each output (stamps of made outputs filled in after the commit).
    private(set) var records: [String: BuildCache.Output] = [:]
    private(set) var made: Set<String> = []
    private(set) var keptCount = 0
    private(set) var madeCount = 0

    init(engine: SiteEngine, options: BuildOptions, cache: BuildCache?, writer: SiteWriter?) {
        self.engine = engine
        self.options = options
        self.cache = cache
        self.writer = writer
    }

    /// True when the output file is the one the cache recorded with this dependency key.
    private func vouched(_ path: String, key: StableHash?) -> BuildCache.Output? {
        guard let key, let known = cache?.outputs[path], known.key == key,
              BuildCache.Stamp(path: options.outputDirectory + "/" + path) == known.stamp else { return nil }
        return known
    }

    /// Every output in path order: one the cache vouches for is kept as it is (its problems and search document
    /// come from the cache); the others are queued for `makeQueued()`.
    mutating func keepUnchanged() {
        for path in engine.outputs.keys.sorted() {
            let kind = engine.outputs[path]!
            let key = engine.dependencyKey(kind)
            if let known = vouched(path, key: key) {
                diagnostics += known.diagnostics
                if let document = known.search, let locale = engine.locale(of: kind) {
                    searchDocuments[locale, default: [:]][path] = document
                }
                keep(path, known)
            } else {
                toMake.append((kind, key))
                if kind.source != nil, let locale = engine.locale(of: kind) { changedLocales.insert(locale) }
            }
        }
    }

    private mutating func keep(_ path: String, _ record: BuildCache.Output) {
        records[path] = record
        writer?.keep(path)
        keptCount += 1
    }

    /// Makes the queued outputs in parallel batches, streaming each batch to the writer; article pages give their
    /// search document.
    mutating func makeQueued() {
        let engine = engine
        for start in stride(from: 0, to: toMake.count, by: BuildPipeline.batchSize) {
            let batch = Array(toMake[start..<min(start + BuildPipeline.batchSize, toMake.count)])
            let results = parallelMap(batch, jobs: options.jobs) { kind, _ -> (SiteFile?, MadeOutput) in
                let output = engine.make(kind, analyse: true)
                return (engine.file(kind, output), output)
            }
            for ((kind, key), (file, output)) in zip(batch, results) {
                diagnostics += output.diagnostics
                if let document = output.search, let locale = engine.locale(of: kind) {
                    searchDocuments[locale, default: [:]][kind.path] = document
                }
                if let key, file != nil { record(kind.path, key: key, diagnostics: output.diagnostics, search: output.search) }
            }
            writer?.enqueue(results.compactMap(\.0))
            options.progress?(BuildProgress(stage: "render", done: start + batch.count, total: toMake.count))
        }
        madeCount += toMake.count
        diagnostics += engine.resolver.checkIncludes(engine.includes.keys.sorted().compactMap { engine.includes[$0] },
                                                     used: engine.usedIncludes)
    }

    private mutating func record(_ path: String, key: StableHash, diagnostics: [Diagnostic], search: SearchIndex.Analyzed? = nil) {
        records[path] = BuildCache.Output(key: key, stamp: .init(size: 0, mtime: 0, inode: 0), diagnostics: diagnostics, search: search)
        made.insert(path)
    }

    /// The search index of each locale, in output-path order of its pages: kept when no page of the locale was
    /// made again and its files are those the cache recorded.
    mutating func searchIndexes() {
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
            if !changedLocales.contains(locale), !known.isEmpty, known.allSatisfy({ vouched($0.key, key: searchKey) != nil }) {
                for (path, record) in known { keep(path, record) }
            } else {
                rebuild.append(locale)
            }
        }
        let engine = engine, documents = searchDocuments
        let files = parallelMap(rebuild, jobs: options.jobs) { engine.searchFiles($0, documents: documents[$0] ?? [:]) }
            .flatMap { $0 }
        madeCount += files.count
        if let searchKey { for file in files { record(file.path, key: searchKey, diagnostics: []) } }
        writer?.enqueue(files)
    }

    /// The cache for the next build: sources, articles, and every output with the stamp of its file on disk now.
    func nextCache() -> BuildCache? {
        guard let keys = engine.keys else { return nil }
        var next = BuildCache()
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
        for (path, var record) in records {
            if made.contains(path) {
                guard let stamp = BuildCache.Stamp(path: options.outputDirectory + "/" + path) else { continue }
                record.stamp = stamp
            }
            next.outputs[path] = record
        }
        return next
    }
}
