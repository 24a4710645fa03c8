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
    /// Pages kept as they were that the search index holds, per locale (`keptDocuments(_:)` has their entries).
    var keptSearchPaths: [LocaleCode: [String]] = [:]
    /// Outputs to make, with their dependency keys.
    private(set) var toMake: [(OutputKind, StableHash?)] = []
    /// What the next build's cache says of each output (stamps of made outputs filled in after the commit).
    var records: [String: BuildCache.Output] = [:]
    var made: Set<String> = []
    /// Kept outputs whose search entry the search stage changed.
    var searchEntryChanged: Set<String> = []
    /// Term shards of each locale's search index, for the next cache.
    var searchShards: [String: Int] = [:]
    /// Term shards the search update read back from the last build's files (`LocaleSearchUpdate.Result.shardsRead`).
    var searchShardsRead = 0
    var keptCount = 0
    /// The outputs kept (see `nextCache`, which drops the records of outputs neither kept nor made).
    private var keptPaths: [String] = []
    var madeCount = 0
    /// Locales' search indexes being made beside the other outputs (`makeQueued`), for `searchIndexes()`.
    var pendingSearch: [Background<(LocaleSearchUpdate, LocaleSearchUpdate.Result)>] = []

    /// What the build worked out of the cache's output records beforehand (on another thread while it indexed).
    struct Known: Sendable {
        /// The outputs whose file is not the one the cache recorded (`BuildCache.outputsDiffering(in:)`).
        var filesDiffering: Set<String>
        var searchBases: [String: BuildCache.SearchBase]

        /// Output files checked against their records (none when the folder's seal holds).
        var checked: Int

        /// What `records` (a cache's output records) say of the files below `directory`: the stat of every file
        /// beside the search bases (neither reads the other), unless the folder still carries the seal of the build
        /// that saved them (`OutputSeal`).
        init(_ records: BuildCache, outputDirectory directory: String, jobs: Int) {
            let sealed = records.seal?.holds(on: directory) == true
            checked = sealed ? 0 : records.outputs.count
            (filesDiffering, searchBases) = concurrently(jobs: jobs, { sealed ? [] : records.outputsDiffering(in: directory) },
                                                         { records.searchBases() })
        }
    }

    let known: Known?

    init(engine: SiteEngine, options: BuildOptions, cache: BuildCache?, writer: SiteWriter?, known: Known? = nil) {
        self.engine = engine
        self.options = options
        self.cache = cache
        self.writer = writer
        self.known = known ?? cache.map { Known($0, outputDirectory: options.outputDirectory, jobs: options.jobs) }
    }

    /// Every output in plan order: one the cache vouches for is kept as it is (its problems and search document
    /// come from the cache); the others are queued for `makeQueued()`.
    mutating func keepUnchanged() {
        // Keys and the stat of each file in parallel: tens of thousands of outputs on a large site.
        // The closure captures these, not `self`: a copy of `SiteOutputs` per output cost more than the stat.
        let engine = engine, cache = cache
        var outputs = engine.outputOrder.map { ($0, engine.outputs[$0]!) }
        if let shard = options.shard { outputs = outputs.filter { shard.owns($0.1, path: $0.0, locales: engine.index.locales) } }
        let differing = known?.filesDiffering ?? []
        // What the loop below needs of each output, read in place: a copy of a record retains every string of its
        // search document.
        struct Checked {
            var key: StableHash?
            var kept = false
            var hasDiagnostics = false
            var searchLocale: LocaleCode?
        }
        let checked = parallelMap(outputs, jobs: options.jobs) { path, kind -> Checked in
            let key = engine.dependencyKey(kind, path: path)
            guard let cache, let index = cache.vouchedRecord(path, key: key, differing: differing) else { return Checked(key: key) }
            let hasSearch = cache.outputs.values[index].search != nil
            return Checked(key: key, kept: true, hasDiagnostics: !cache.outputs.values[index].diagnostics.isEmpty,
                           searchLocale: hasSearch ? engine.locale(of: kind) : nil)
        }
        // The next cache's records start as the last build's (no table of tens of thousands rebuilt after an edit):
        // a kept output's record is already there, an output to make loses its record until it is made.
        records = cache?.outputs ?? [:]
        var kept: [String] = []
        kept.reserveCapacity(outputs.count)
        for ((path, kind), checked) in zip(outputs, checked) {
            if checked.kept {
                if checked.hasDiagnostics, let known = records[path] { diagnostics += known.diagnostics }
                if let locale = checked.searchLocale { keptSearchPaths[locale, default: []].append(path) }
                kept.append(path)
            } else {
                records.removeValue(forKey: path)
                toMake.append((kind, checked.key))
            }
        }
        keep(kept)
        // A shard lets go at once of the trees of articles whose pages other shards make.
        if options.shard != nil {
            let owned = Set(outputs.compactMap { $0.1.source })
            for source in self.engine.packed.keys where !owned.contains(source) { self.engine.releaseTree(of: source) }
        }
    }

    /// What the search index holds of the pages of `locale` kept as they were, by output path. Those are the last
    /// build's documents but the pages made again, when the counts say so (the pages made take precedence over
    /// the entries returned); else they are looked up one by one.
    func keptDocuments(_ locale: LocaleCode) -> [String: BuildCache.SearchEntry] {
        let paths = keptSearchPaths[locale] ?? []
        if let base = known?.searchBases[locale.urlSegment]?.documents {
            let madeThere = (madeDocuments[locale] ?? [:]).keys.reduce(0) { $0 + (base[$1] == nil ? 0 : 1) }
            if paths.count + madeThere == base.count { return base }
        }
        var documents: [String: BuildCache.SearchEntry] = [:]
        for path in paths { documents[path] = records[path]?.search ?? cache?.outputs[path]?.search }
        return documents
    }

    /// Whether this build keeps or makes again every output `cache` records, so no file of the last build is left to
    /// delete. Counted, not compared: kept outputs are records of the cache, and none is also made.
    func coversRecords(of cache: BuildCache?) -> Bool {
        guard let cache else { return false }
        return keptCount + made.reduce(0) { $0 + (cache.outputs[$1] == nil ? 0 : 1) } == cache.outputs.count
    }

    /// Outputs the last build's records vouch for (`records` holds them already); they stay as they are.
    mutating func keep(_ paths: [String]) {
        writer?.keep(paths)
        keptPaths += paths
        keptCount += paths.count
    }

    /// Makes the queued outputs in parallel batches, streaming each batch to the writer; article pages give their
    /// search document. Pages that show an article go first, locale by locale (its own articles, then its fallback
    /// pages); once a locale's are made, its search index is made on a thread of its own (`searchIndexes()` takes
    /// it) while the build goes on with the next locale, then the other outputs (topic pages, homes).
    mutating func makeQueued() {
        // Pages still to make per article: at zero its tree goes, so a build holds only the trees of pages in flight
        // (a parsed tree weighs more than the page it makes).
        var pending: [String: Int] = [:]
        for (kind, _) in toMake { if let source = kind.source { pending[source, default: 0] += 1 } }
        var byLocale: [LocaleCode: [(OutputKind, StableHash?)]] = [:]
        var others: [(OutputKind, StableHash?)] = []
        for item in toMake {
            if item.0.source != nil, let locale = engine.locale(of: item.0) {
                byLocale[locale, default: []].append(item)
            } else {
                others.append(item)
            }
        }
        // Measured at 10,000 articles × 3 locales: each locale's index made beside the next locale's pages, or all
        // of them beside the other outputs, take the same time; this way holds less at once (peak RSS 0.90 GB, not
        // up to 1.02 GB).
        let beside = options.shard == nil && options.jobs > 1
        var done = 0
        for locale in engine.index.locales {
            let queue = byLocale.removeValue(forKey: locale) ?? []
            make(queue, pending: &pending, done: done)
            done += queue.count
            if beside { pendingSearch.append(searchInBackground(locale)) }
        }
        // Pages of a locale the index does not list (none on a site that indexed), then the others.
        make(byLocale.keys.sorted().flatMap { byLocale[$0]! } + others, pending: &pending, done: done)
        madeCount += toMake.count
        // A site-wide check: one shard reports it.
        guard (options.shard?.index ?? 0) == 0 else { return }
        let engine = engine
        diagnostics += engine.resolver.checkIncludes(engine.includes.keys.sorted().compactMap { engine.includes[$0] },
                                                     used: engine.usedIncludes)
    }

    /// Makes `queue` batch by batch; `done` outputs of `toMake` were made before it (for the progress line).
    private mutating func make(_ queue: [(OutputKind, StableHash?)], pending: inout [String: Int], done: Int) {
        for start in stride(from: 0, to: queue.count, by: BuildPipeline.batchSize) {
            let batch = Array(queue[start..<min(start + BuildPipeline.batchSize, queue.count)])
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
            options.progress?(BuildProgress(stage: "render", done: done + start + batch.count, total: toMake.count))
        }
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
        // Sources and articles: the cache's records, with those that changed replaced (most of a large site's
        // are as they were), and those of files gone dropped (the counts say whether there are any).
        next.sources = cache?.sources ?? [:]
        for path in keys.changedSources {
            changes.sources.insert(path)
            next.sources[path] = keys.stamps[path].map { BuildCache.Source(stamp: $0, hash: keys.sources[path]!) }
        }
        if next.sources.count != keys.stamps.count {
            next.sources = next.sources.filter { keys.stamps[$0.key] != nil }
        }
        next.articles = cache?.articles ?? [:]
        for path in engine.parsedPaths {
            changes.articles.insert(path)
            next.articles[path] = engine.entries[path].map {
                .init(entry: $0, diagnostics: engine.fileDiagnostics[path] ?? [],
                      includesUsed: (engine.includesUsed[path] ?? []).sorted(), inputs: keys.articleInputs[path] ?? StableHash())
            }
        }
        if next.articles.count != engine.entries.count {
            next.articles = next.articles.filter { engine.entries[$0.key] != nil }
        }
        for toc in engine.tocs.values {
            let path = toc.toc.displayPath
            guard let hash = keys.sources[path] else { continue }
            next.tocs[path] = .init(hash: hash, entries: toc.toc.entries, diagnostics: engine.fileDiagnostics[path] ?? [])
        }
        // Kept records are the cache's own; made ones take the stamp of the file now on disk. Records of outputs the
        // site no longer has (a deleted page, a search file gone) go; kept and made outputs are distinct, so a count
        // that adds up means there are none.
        if records.count != keptPaths.count + made.count {
            let live = Set(keptPaths).union(made)
            records = records.filter { live.contains($0.key) }
        }
        swap(&next.outputs, &records)
        // The made files' stamps, taken in parallel: every output of a cold build, at the end of it.
        let madePaths = Array(made), directory = options.outputDirectory
        let stamps = parallelMap(madePaths, jobs: options.jobs) { BuildCache.Stamp(path: directory + "/" + $0) }
        changes.outputs = made
        for (path, stamp) in zip(madePaths, stamps) {
            if let stamp {
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
