import SearchIndexing
import SiteModel

/// The search index stage of a build: each locale's index brought up to date from the last build's files.
///
/// Documents are numbered in output-path order. When a build only changes pages (none added or removed, the same
/// shard count), the term shards that held or now hold their terms are read back, patched and written; the others
/// are kept as they are. Otherwise the whole index is made again: from the last build's files when the cache vouches
/// for them, else from every page analysed again. Either way the files equal those of a build from scratch.
extension SiteOutputs {
    mutating func searchIndexes() {
        var results: [LocaleCode: (LocaleSearchUpdate, LocaleSearchUpdate.Result)] = [:]
        for pending in pendingSearch {
            let (update, result) = pending.value
            results[update.locale] = (update, result)
        }
        pendingSearch = []
        for (update, result) in searchResults(engine.index.locales.filter { results[$0] == nil }) {
            results[update.locale] = (update, result)
        }
        for locale in engine.index.locales {
            guard let (update, result) = results[locale] else { continue }
            keep(result.keptFiles)
            madeCount += result.files.count
            if let searchKey = engine.searchKey { for file in result.files { record(file.path, key: searchKey, diagnostics: []) } }
            writer?.enqueue(result.files)
            for (path, entry) in result.entries {
                records[path]?.search = entry
                searchEntryChanged.insert(path)
            }
            searchShards[update.locale.urlSegment] = result.shardCount
            searchShardsRead += result.shardsRead
        }
    }

    /// The update of each of `locales` and its result. Reads the pages made and kept so far: it runs once every
    /// page of those locales with a search document is made.
    func searchResults(_ locales: [LocaleCode]) -> [(LocaleSearchUpdate, LocaleSearchUpdate.Result)] {
        let updates = locales.map(searchUpdate)
        // Locales side by side only when more than one has work (pages made, or no usable files of the last build):
        // a nested parallel map runs on one thread, so one locale's patch after an edit gets every core for its shards.
        let busy = updates.reduce(0) { $0 + ($1.made.isEmpty && $1.oldShards != nil ? 0 : 1) }
        let engine = engine
        return Array(zip(updates, parallelMap(updates, jobs: busy > 1 ? options.jobs : 1) { $0.run(engine) }))
    }

    /// One locale's update and its result on a thread of its own, the update set up here: the thread holds it and
    /// the engine, not a copy of the records the build goes on adding to.
    func searchInBackground(_ locale: LocaleCode) -> Background<(LocaleSearchUpdate, LocaleSearchUpdate.Result)> {
        let update = searchUpdate(locale), engine = engine
        return Background { (update, update.run(engine)) }
    }

    private func searchUpdate(_ locale: LocaleCode) -> LocaleSearchUpdate {
        LocaleSearchUpdate(locale: locale, made: madeDocuments[locale] ?? [:], kept: keptDocuments(locale), cache: cache,
                           base: known?.searchBases[locale.urlSegment], engine: engine, recordEntries: engine.keys != nil)
    }
}

extension BuildCache {
    /// What a build recorded of one locale's search index: its documents and its search files, by output path.
    struct SearchBase: Sendable {
        var documents: [String: SearchEntry] = [:]
        var files: [String: Output] = [:]
    }

    /// The search bases of every locale, by URL segment.
    func searchBases() -> [String: SearchBase] {
        var bases: [String: SearchBase] = [:]
        for (path, output) in outputs {
            guard let slash = path.firstIndex(of: "/") else { continue }
            let segment = String(path[..<slash])
            if let search = output.search {
                bases[segment, default: .init()].documents[path] = search
            } else if path[slash...].hasPrefix("/search/"), !path.hasSuffix("/index.html") {
                bases[segment, default: .init()].files[path] = output
            }
        }
        return bases
    }
}

/// One locale's search index update (see `SiteOutputs.searchIndexes`).
struct LocaleSearchUpdate: Sendable {
    let locale: LocaleCode
    /// Pages analysed this build, and what the index holds of pages kept, by output path.
    let made: [String: SearchIndex.Analyzed]
    let kept: [String: BuildCache.SearchEntry]
    /// The last build's documents, its shard count (0: one file; nil: its files cannot be used) and its files.
    let old: [String: BuildCache.SearchEntry]
    let oldShards: Int?
    let oldFiles: [String]
    let outputDirectory: String
    /// Postings entries above which the index is sharded.
    let threshold: Int
    /// Whether the result needs each page's entry (only a build with a cache keeps them).
    let recordEntries: Bool
    let jobs: Int

    /// The update of `locale` from what `engine`'s build (or preview) made and kept, starting from the search files
    /// the last build recorded in `cache`: a base only while every one of them is still what it wrote.
    init(locale: LocaleCode, made: [String: SearchIndex.Analyzed], kept: [String: BuildCache.SearchEntry],
         cache: BuildCache?, base: BuildCache.SearchBase?, engine: SiteEngine, recordEntries: Bool) {
        self.locale = locale
        self.made = made
        self.kept = kept
        old = base?.documents ?? [:]
        oldFiles = Array(base?.files.keys ?? [:].keys)
        outputDirectory = engine.options.outputDirectory
        threshold = engine.options.searchShardThreshold
        self.recordEntries = recordEntries
        jobs = engine.options.jobs
        let searchKey = engine.searchKey, directory = outputDirectory
        oldShards = cache?.searchShards[locale.urlSegment].flatMap { shards in
            (base?.files ?? [:]).keys.allSatisfy { cache?.vouches($0, key: searchKey, in: directory) != nil } ? shards : nil
        }
    }

    struct Result: Sendable {
        /// Files to write (the writer skips those whose bytes are unchanged) and old files kept untouched.
        var files: [SiteFile] = []
        var keptFiles: [String] = []
        /// What the index now holds of each page whose entry changed.
        var entries: [String: BuildCache.SearchEntry] = [:]
        var shardCount = 0
        /// Term shards read back from the last build's files (a patch reads only those whose postings changed).
        var shardsRead = 0
    }

    func run(_ engine: SiteEngine) -> Result {
        guard let oldShards else { return fromScratch(engine) }
        // The same pages as the last build: compared as sets, no sort of thousands of paths for an unchanged locale.
        let count = made.count + kept.keys.reduce(0) { $0 + (made[$1] == nil ? 1 : 0) }
        let sameDocuments = old.count == count && made.keys.allSatisfy { old[$0] != nil } && kept.keys.allSatisfy { old[$0] != nil }
        if made.isEmpty, sameDocuments { return Result(keptFiles: oldFiles, shardCount: oldShards) }
        // Every page made again (a template change): nothing of the old index is worth reading back.
        if made.count == count { return fromScratch(engine) }
        let paths = Set(made.keys).union(kept.keys).sorted()
        let termCount = paths.reduce(0) { $0 + (made[$1]?.terms.count ?? kept[$1]?.termCount ?? 0) }
        let shardCount = SearchIndex.shardCount(entries: termCount, threshold: threshold)
        if let shardCount, shardCount == oldShards, sameDocuments, let result = patched(paths, shardCount: shardCount) {
            return result
        }
        return rebuilt(paths, oldShards: oldShards) ?? fromScratch(engine)
    }

    /// Metadata and weighted length of each document, in number order.
    private func documents(_ paths: [String]) -> [(SearchDocument, Int)] {
        paths.map { path in
            if let analyzed = made[path] { return (analyzed.document, analyzed.length) }
            let entry = kept[path]!
            return (entry.document, entry.length)
        }
    }

    private func read(_ name: String) -> [UInt8]? {
        FileBytes(outputDirectory + "/" + OutputKind.searchFile(locale, name: name).path, followLinks: false)?.bytes
    }

    /// The index's outputs (`SearchIndex.outputs`) as the locale's site files.
    private func siteFiles(_ outputs: [(name: String, text: String)]) -> [SiteFile] {
        outputs.map { SiteFile(path: OutputKind.searchFile(locale, name: $0.name).path, contents: .text($0.text)) }
    }

    /// The same documents, some changed: only the shards and document chunks that hold them, and the manifest.
    /// Each document's number: its place in output-path order.
    private func numbers(_ paths: [String]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
    }

    private func patched(_ paths: [String], shardCount: Int) -> Result? {
        let number = numbers(paths)
        let changed = Set(made.keys.map { number[$0]! })
        var affected = Set<Int>()
        var result = Result(shardCount: shardCount)
        for (path, analyzed) in made {
            let entry = BuildCache.SearchEntry(analyzed, shardCount: shardCount)
            result.entries[path] = entry
            guard let before = old[path]?.shards, before.count == entry.shards.count else { return nil }
            for (word, bits) in zip(entry.shards, before).map({ $0.0 | $0.1 }).enumerated() {
                for bit in 0..<64 where bits & (1 << UInt64(bit)) != 0 { affected.insert(word * 64 + bit) }
            }
        }
        // Each page's terms split by shard once, so a shard adds only its own: after a template change every page
        // is made again, and testing every term of every page against every shard was quadratic.
        var addedByShard: [Int: [(document: Int, analyzed: SearchIndex.Analyzed)]] = [:]
        for (path, analyzed) in made {
            var split: [Int: [(term: String, weight: Int, section: Int)]] = [:]
            for entry in analyzed.terms { split[SearchIndex.shard(of: entry.term, count: shardCount), default: []].append(entry) }
            for (shard, terms) in split {
                addedByShard[shard, default: []].append(
                    (number[path]!, SearchIndex.Analyzed(document: analyzed.document, terms: terms, length: analyzed.length)))
            }
        }
        var files: [String: SearchIndex.File] = [:]
        let documentCount = paths.count
        let touched = Set(changed.map { SearchIndex.offlinePart(ofChunk: $0 / SearchIndex.documentChunk) })
        var oldParts: [Int: [UInt8]] = [:]
        for part in touched { oldParts[part] = read(SearchIndex.offlinePartName(part)) }
        // Each shard read, patched and compared in parallel, but those where the changed pages' postings are as they
        // were: one page's terms reach most of a locale's shards, an edit changes the postings of a few terms.
        let unchanged = shardsWithSamePostings(affected.sorted(), changed: changed, parts: touched, added: addedByShard,
                                               oldParts: oldParts, shardCount: shardCount, documents: documentCount)
        let shards = affected.subtracting(unchanged).sorted()
        result.shardsRead = shards.count
        let patchedShards = parallelMap(shards, jobs: jobs) { shard -> (readable: Bool, changed: (SearchIndex.File, [String])?) in
            guard let bytes = read("terms-\(shard).json"), let before = SearchIndex.readTable(bytes) else { return (false, nil) }
            var table = before
            SearchIndex.patch(&table, remove: { changed.contains($0) }, renumber: nil, added: addedByShard[shard] ?? [])
            // Most shards hold a term of the page whose postings did not change: those stay as they are, unencoded.
            guard table != before else { return (true, nil) }
            return (true, SearchIndex.termsFileAndLines(shard, table, documents: documentCount))
        }
        var termLines: [Int: [String]] = [:]
        for (shard, result) in zip(shards, patchedShards) {
            guard result.readable else { return nil }
            if let (file, lines) = result.changed {
                files["terms-\(shard)"] = file
                termLines[shard] = lines
            }
        }
        // Only the changed chunks' documents: a kept page's is decoded from the cache when asked for.
        for chunk in Set(changed.map { $0 / SearchIndex.documentChunk }).sorted() {
            let range = SearchIndex.chunkRange(chunk, documents: documentCount)
            files["docs-\(chunk)"] = SearchIndex.docsFile(chunk, documents(Array(paths[range])))
        }
        let lengthSum = paths.reduce(0) { $0 + (made[$1]?.length ?? kept[$1]!.length) }
        files["manifest"] = SearchIndex.manifest(SearchIndex.Summary(locale: locale.tag, documents: documentCount, lengthSum: lengthSum),
                                                 shards: shardCount)
        let names = SearchIndex.fileNames(shards: shardCount, documents: documentCount)
        guard let parts = offlineParts(touched, old: oldParts, files: files, termLines: termLines, shards: shardCount,
                                       documents: documentCount)
        else { return nil }
        result.files = siteFiles(SearchIndex.outputs(names.compactMap { files[$0] }, offlineParts: parts))
        if result.files.isEmpty { return nil }
        let written = Set(result.files.map(\.path))
        result.keptFiles = oldFiles.filter { !written.contains($0) }
        return result
    }

    /// The offline parts `touched` (those of the changed documents), each the last build's with the lines of the
    /// changed files replaced: the changed document chunks, and the changed shards' postings of the part's documents
    /// (`termLines`, each changed shard's line of every part).
    /// A part that cannot be read is made again from the files on disk; nil when a file cannot be read either.
    private func offlineParts(_ touched: Set<Int>, old oldParts: [Int: [UInt8]], files: [String: SearchIndex.File],
                              termLines: [Int: [String]], shards: Int, documents: Int) -> [Int: String]? {
        var lines: [String: String] = [:]
        for (name, file) in files where name.hasPrefix("docs-") { lines[name] = file.script }
        for (shard, perPart) in termLines {
            for part in touched { lines["terms-\(shard)/\(part)"] = perPart[part] }
        }
        let parts = touched.sorted()
        let made = parallelMap(parts, jobs: jobs) { part -> String? in
            let names = SearchIndex.offlineLineNames(part, shards: shards, documents: documents)
            if let old = oldParts[part],
               let patched = SearchIndex.patchedPart(old, names: names, changed: lines) {
                return patched
            }
            var text = ""
            for name in names {
                if let line = lines[name] { text += line; continue }
                let file = name.split(separator: "/").first.map(String.init) ?? name
                guard let bytes = read(file + ".json") else { return nil }
                guard file != name else {
                    text += SearchIndex.File(name: name, json: String(decoding: bytes, as: UTF8.self)).script
                    continue
                }
                guard let shard = Int(file.dropFirst(6)), let table = SearchIndex.readTable(bytes) else { return nil }
                text += SearchIndex.offlineTermLines(shard, table, documents: documents)[part]
            }
            return text
        }
        var result: [Int: String] = [:]
        for (part, text) in zip(parts, made) {
            guard let text else { return nil }
            result[part] = text
        }
        return result
    }

    /// The shards of `affected` where the postings of the `changed` documents are those `added` now: the offline
    /// parts of the last build that hold the changed documents (`parts`, read into `oldParts`) have each shard's
    /// postings of their documents, so a shard is compared by its piece, not read. None when a part cannot be read.
    private func shardsWithSamePostings(_ affected: [Int], changed: Set<Int>, parts: Set<Int>,
                                        added: [Int: [(document: Int, analyzed: SearchIndex.Analyzed)]],
                                        oldParts: [Int: [UInt8]], shardCount: Int, documents: Int) -> Set<Int> {
        struct Posting: Hashable {
            let document: Int, term: String, weight: Int, section: Int
        }
        var lines: [String: ArraySlice<UInt8>] = [:]
        for (part, bytes) in oldParts {
            let names = SearchIndex.offlineLineNames(part, shards: shardCount, documents: documents)
            guard let partLines = SearchIndex.partLines(bytes, names: names) else { return [] }
            lines.merge(partLines) { first, _ in first }
        }
        guard parts.isSubset(of: oldParts.keys) else { return [] }
        let same = parallelMap(affected, jobs: jobs) { shard -> Bool in
            var before = Set<Posting>()
            for part in parts {
                guard let line = lines["terms-\(shard)/\(part)"], let table = SearchIndex.readTable(Array(line)) else { return false }
                for (term, list) in table {
                    for index in stride(from: 0, to: list.count - 2, by: 3) where changed.contains(list[index]) {
                        before.insert(Posting(document: list[index], term: term, weight: list[index + 1], section: list[index + 2]))
                    }
                }
            }
            var now = Set<Posting>()
            for (document, analyzed) in added[shard] ?? [] {
                for entry in analyzed.terms {
                    now.insert(Posting(document: document, term: entry.term, weight: entry.weight, section: entry.section))
                }
            }
            return before == now
        }
        return Set(zip(affected, same).compactMap { $1 ? $0 : nil })
    }

    /// Documents added or removed, or a new shard count: every posting read back from the last build's files,
    /// renumbered, and the changed documents put back.
    private func rebuilt(_ paths: [String], oldShards: Int) -> Result? {
        var table: [String: [Int]] = [:]
        if oldShards == 0 {
            guard let bytes = read("manifest.json"), let all = SearchIndex.readTable(bytes, inManifest: true) else { return nil }
            table = all
        } else {
            for shard in 0..<oldShards {
                guard let bytes = read("terms-\(shard).json"), let part = SearchIndex.readTable(bytes) else { return nil }
                table.merge(part) { first, _ in first }
            }
        }
        let number = numbers(paths)
        // Old number → new number; pages made again are taken out (their new postings go back in).
        let renumbered: [Int?] = old.keys.sorted().map { made[$0] == nil ? number[$0] : nil }
        SearchIndex.patch(&table, remove: { $0 >= renumbered.count || renumbered[$0] == nil },
                          renumber: { renumbered[$0]! }, added: made.map { (number[$0.key]!, $0.value) })
        let documents = documents(paths)
        let index = SearchIndex(locale: locale.tag, documents: documents.map(\.0), lengths: documents.map(\.1), postings: table)
        var result = Result(files: siteFiles(index.outputs(shardThreshold: threshold)))
        result.shardCount = SearchIndex.shardCount(entries: index.entryCount, threshold: threshold) ?? 0
        if recordEntries { result.entries = entries(paths, postings: table, shardCount: result.shardCount) }
        return result
    }

    /// Every page analysed (those kept are made again): the index a build without cache makes.
    private func fromScratch(_ engine: SiteEngine) -> Result {
        var analyzed = made
        let missing = kept.keys.filter { made[$0] == nil }.sorted()
        for path in missing {
            if let kind = engine.outputs[path], let document = engine.make(kind, analyse: true).search { analyzed[path] = document }
        }
        let paths = analyzed.keys.sorted()
        let index = SearchIndex(locale: locale.tag, analyzed: paths.map { analyzed[$0]! })
        var result = Result(files: siteFiles(index.outputs(shardThreshold: threshold)))
        result.shardCount = SearchIndex.shardCount(entries: index.entryCount, threshold: threshold) ?? 0
        let count = result.shardCount == 0 ? nil : result.shardCount
        if recordEntries {
            for path in paths { result.entries[path] = BuildCache.SearchEntry(analyzed[path]!, shardCount: count) }
        }
        return result
    }

    /// Every page's entry, its shard bits taken from the postings.
    private func entries(_ paths: [String], postings: [String: [Int]], shardCount: Int) -> [String: BuildCache.SearchEntry] {
        var bits = [[UInt64]](repeating: shardCount == 0 ? [] : [UInt64](repeating: 0, count: (shardCount + 63) / 64),
                              count: paths.count)
        var termCounts = [Int](repeating: 0, count: paths.count)
        for (term, list) in postings {
            let shard = shardCount == 0 ? 0 : SearchIndex.shard(of: term, count: shardCount)
            var index = 0
            while index + 2 < list.count {
                let document = list[index]
                termCounts[document] += 1
                if shardCount > 0 { bits[document][shard / 64] |= 1 << UInt64(shard % 64) }
                index += 3
            }
        }
        let documents = documents(paths)
        var result: [String: BuildCache.SearchEntry] = [:]
        for (index, path) in paths.enumerated() {
            result[path] = BuildCache.SearchEntry(document: documents[index].0, length: documents[index].1,
                                                  termCount: termCounts[index], shards: bits[index])
        }
        return result
    }
}
