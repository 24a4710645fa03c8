import Foundation
import SearchIndexing
import SiteModel

/// The output stages of one build: which outputs the build cache vouches for, making the others, the search
/// indexes, and the cache the next build reads. `BuildPipeline.run` calls them in order.
struct SiteOutputs {
    /// The engine; `makeQueued` drops each parsed article from it once every page that shows it is made.
    private(set) var engine: SiteEngine
    let options: BuildOptions
    let cache: BuildCache?
    let writer: SiteWriter?
    private(set) var diagnostics: [Diagnostic] = []
    /// Pages analysed for the search index this build, per locale, by output path.
    var madeDocuments: [LocaleCode: [String: SearchIndex.Analyzed]] = [:]
    /// What the search index holds of pages kept as they were, per locale, by output path.
    var keptDocuments: [LocaleCode: [String: BuildCache.SearchEntry]] = [:]
    /// Outputs to make, with their dependency keys.
    private(set) var toMake: [(OutputKind, StableHash?)] = []
    /// What the next build's cache says of each output (stamps of made outputs filled in after the commit).
    var records: [String: BuildCache.Output] = [:]
    var made: Set<String> = []
    /// Kept outputs whose search entry the search stage changed.
    var searchEntryChanged: Set<String> = []
    /// Term shards of each locale's search index, for the next cache.
    var searchShards: [String: Int] = [:]
    var keptCount = 0
    var madeCount = 0

    init(engine: SiteEngine, options: BuildOptions, cache: BuildCache?, writer: SiteWriter?) {
        self.engine = engine
        self.options = options
        self.cache = cache
        self.writer = writer
    }

    /// Every output in plan order: one the cache vouches for is kept as it is (its problems and search document
    /// come from the cache); the others are queued for `makeQueued()`.
    mutating func keepUnchanged() {
        // Keys and the stat of each file in parallel: tens of thousands of outputs on a large site.
        // The closure captures these, not `self`: a copy of `SiteOutputs` per output cost more than the stat.
        let engine = engine, cache = cache
        var outputs = engine.outputOrder.map { ($0, engine.outputs[$0]!) }
        if let shard = options.shard { outputs = outputs.filter { shard.owns($0.1, path: $0.0) } }
        let folder = open(options.outputDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }
        let checked = parallelMap(outputs, jobs: options.jobs) { path, kind -> (StableHash?, BuildCache.Output?) in
            let key = engine.dependencyKey(kind, path: path)
            return (key, folder < 0 ? nil : cache?.vouches(path, key: key, inFolder: folder))
        }
        records.reserveCapacity(outputs.count + 64)
        for ((path, kind), (key, known)) in zip(outputs, checked) {
            if let known {
                diagnostics += known.diagnostics
                if let document = known.search, let locale = engine.locale(of: kind) {
                    keptDocuments[locale, default: [:]][path] = document
                }
                keep(path, known)
            } else {
                toMake.append((kind, key))
            }
        }
        // A shard lets go at once of the trees of articles whose pages other shards make.
        if options.shard != nil {
            let owned = Set(outputs.compactMap { $0.1.source })
            for source in self.engine.packed.keys where !owned.contains(source) { self.engine.releaseTree(of: source) }
        }
    }

    mutating func keep(_ path: String, _ record: BuildCache.Output) {
        records[path] = record
        writer?.keep(path)
        keptCount += 1
    }

    /// Makes the queued outputs in parallel batches, streaming each batch to the writer; article pages give their
    /// search document.
    mutating func makeQueued() {
        // Pages still to make per article: at zero its tree goes, so a build holds only the trees of pages in flight
        // (a parsed tree weighs more than the page it makes).
        var pending: [String: Int] = [:]
        for (kind, _) in toMake { if let source = kind.source { pending[source, default: 0] += 1 } }
        for start in stride(from: 0, to: toMake.count, by: BuildPipeline.batchSize) {
            let batch = Array(toMake[start..<min(start + BuildPipeline.batchSize, toMake.count)])
            let results = make(batch)
            for (kind, _) in batch {
                guard let source = kind.source, let count = pending[source] else { continue }
                if count > 1 { pending[source] = count - 1 } else { engine.releaseTree(of: source) }
            }
            for ((kind, key), (file, output)) in zip(batch, results) {
                diagnostics += output.diagnostics
                if let document = output.search, let locale = engine.locale(of: kind) {
                    madeDocuments[locale, default: [:]][kind.path] = document
                }
                if let key, file != nil { record(kind.path, key: key, diagnostics: output.diagnostics) }
            }
            writer?.enqueue(results.compactMap(\.0))
            options.progress?(BuildProgress(stage: "render", done: start + batch.count, total: toMake.count))
        }
        madeCount += toMake.count
        // A site-wide check: one shard reports it.
        guard (options.shard?.index ?? 0) == 0 else { return }
        let engine = engine
        diagnostics += engine.resolver.checkIncludes(engine.includes.keys.sorted().compactMap { engine.includes[$0] },
                                                     used: engine.usedIncludes)
    }

    /// One batch made in parallel. Its own function, so the engine copy the workers share is gone when it returns
    /// and dropping trees afterwards mutates the one left in place.
    private func make(_ batch: [(OutputKind, StableHash?)]) -> [(SiteFile?, MadeOutput)] {
        let engine = engine
        return parallelMap(batch, jobs: options.jobs) { kind, _ -> (SiteFile?, MadeOutput) in
            let output = engine.make(kind, analyse: true)
            return (engine.file(kind, output), output)
        }
    }

    mutating func record(_ path: String, key: StableHash, diagnostics: [Diagnostic], search: BuildCache.SearchEntry? = nil) {
        records[path] = BuildCache.Output(key: key, stamp: .init(size: 0, mtime: 0, inode: 0), diagnostics: diagnostics, search: search)
        made.insert(path)
    }

    /// The cache for the next build: sources, articles, and every output with the stamp of its file on disk now.
    mutating func nextCache() -> BuildCache? {
        guard let keys = engine.keys else { return nil }
        var next = BuildCache()
        next.parseKey = keys.parseKey
        next.savedAt = Int(Date().timeIntervalSince1970 * 1e9)
        next.searchShards = searchShards
        next.navigation = (keys.shape, engine.navigationDiagnostics)
        // What differs from the cache read, so that writing it copies the parts that hold none of it.
        var changes = BuildCache.Changes()
        next.sources.reserveCapacity(keys.sources.count)
        for (path, hash) in keys.sources {
            guard let stamp = keys.stamps[path] else { continue }
            let source = BuildCache.Source(stamp: stamp, hash: hash)
            next.sources[path] = source
            if cache?.sources[path] != source { changes.sources.insert(path) }
        }
        next.articles.reserveCapacity(engine.entries.count)
        for (path, entry) in engine.entries {
            if cache?.articles[path] == nil || engine.parsedPaths.contains(path) { changes.articles.insert(path) }
            next.articles[path] = .init(entry: entry, diagnostics: engine.fileDiagnostics[path] ?? [],
                                        includesUsed: (engine.includesUsed[path] ?? []).sorted(),
                                        inputs: keys.articleInputs[path] ?? StableHash())
        }
        for toc in engine.tocs.values {
            let path = toc.toc.displayPath
            guard let hash = keys.sources[path] else { continue }
            next.tocs[path] = .init(hash: hash, entries: toc.toc.entries, diagnostics: engine.fileDiagnostics[path] ?? [])
        }
        // Kept records are the cache's own; made ones take the stamp of the file now on disk.
        swap(&next.outputs, &records)
        for path in made {
            changes.outputs.insert(path)
            if let stamp = BuildCache.Stamp(path: options.outputDirectory + "/" + path) {
                next.outputs[path]?.stamp = stamp
            } else {
                next.outputs[path] = nil
            }
        }
        changes.outputs.formUnion(searchEntryChanged)
        next.changes = changes
        return next
    }
}
