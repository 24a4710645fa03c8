import ContentDiscovery
import Foundation
import SearchIndexing
import SiteModel

/// `kb merge`: the site from the folders of `kb build --shard i/n`, every byte as one build writes it.
///
/// The shards must belong together: the same kb version, configuration and sources, and each of 1…n once. Pages
/// are copied as the shards wrote them (each output has one owner); each locale's search index is written from the
/// shards' analysed documents, numbered in path order as one build numbers them. The site is written like a build's
/// (a staging folder swapped in), and every shard's diagnostics are reported once.
public enum ShardMerge {
    ///
    /// With `moving`, the shards' pages are renamed into the site rather than linked: far fewer folders to make,
    /// and the shard folders are left without them (for CI, whose downloaded shards serve once).
    public static func run(shards directories: [String], output: String, moving: Bool = false,
                           jobs: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> BuildReport {
        let started = Date()
        var stopwatch = Stopwatch()
        guard !directories.isEmpty else { throw MergeFailure("no shard folder given") }
        // Each shard's files, read in parallel.
        var read = parallelMap(directories, jobs: jobs) { ShardFiles.read($0) }
        var parts: [(String, ShardFiles.Manifest, [Diagnostic])] = []
        var searches: [[String: ShardFiles.Index]] = []
        var roots: [(root: String, paths: [String])] = []
        for (directory, files) in zip(directories, read) {
            switch files {
            case .success(let contents):
                parts.append((directory, contents.manifest, contents.diagnostics))
                searches.append(contents.search)
                roots.append((directory, contents.pages))
            case .failure(let failure): throw failure
            }
        }
        stopwatch.lap("read shards")
        read = []   // the search documents now live in `searches` alone, and are let go locale by locale
        let first = parts[0].1
        var seen: [Int: String] = [:]
        for (directory, manifest, _) in parts {
            let label = "\(directory) (shard \(manifest.shard + 1)/\(manifest.count))"
            guard manifest.version == first.version else {
                throw MergeFailure("\(label) was built by kb \(manifest.version), \(parts[0].0) by kb \(first.version)")
            }
            guard manifest.configuration == first.configuration, manifest.searchShardThreshold == first.searchShardThreshold else {
                throw MergeFailure("\(label) was built with another configuration (kb.yml, templates or options) than \(parts[0].0)")
            }
            guard manifest.sources == first.sources, manifest.locales == first.locales else {
                throw MergeFailure("\(label) was built from other sources than \(parts[0].0)")
            }
            guard manifest.count == first.count else {
                throw MergeFailure("\(label) is one of \(manifest.count) shards, \(parts[0].0) one of \(first.count)")
            }
            if let other = seen.updateValue(directory, forKey: manifest.shard) {
                throw MergeFailure("\(label) and \(other) are the same shard")
            }
        }
        if let missing = (0..<first.count).first(where: { seen[$0] == nil }) {
            throw MergeFailure("shard \(missing + 1)/\(first.count) is missing")
        }

        let writer = try SiteWriter(output: output)
        writer.linksCopies = true
        do {
            var owner: [String: String] = [:]
            for (directory, paths) in roots {
                for path in paths {
                    if let other = owner.updateValue(directory, forKey: path) {
                        throw MergeFailure("\(path) is in two shards, \(other) and \(directory)")
                    }
                }
            }
            // Each locale's index from every shard's documents, in path order, made while the pages go in; each
            // locale's documents let go once joined, its files once written (after the pages, whose folders a
            // moving merge renames in whole).
            let locales = first.locales.compactMap(LocaleCode.init)
            let search = SearchParts(searches)
            searches = []
            // A thread of its own, the locales side by side: when moving, their files wait until the search folders
            // are made (they are never renamed in whole), on this thread, not on a worker of the pool that places
            // the pages.
            let placing = DispatchGroup()
            if moving { placing.enter() }
            let searching = Background {
                let made = parallelMap(locales, jobs: jobs) { locale -> [SiteFile] in
                    let index = joined(search.take(locale.tag), locale: locale.tag)
                    let files = SiteEngine.searchFiles(locale, index: index, threshold: first.searchShardThreshold)
                    guard moving else {
                        writer.enqueue(files)
                        return []
                    }
                    return files
                }
                placing.wait()
                for files in made where !files.isEmpty { writer.enqueue(files) }
            }
            let reserved = Set(locales.map { SiteWriter.parent(of: OutputKind.searchFile($0, name: "manifest").path) })
            // Into a new site, the pages go in all at once; into an existing one, only those that changed.
            // Lets the search thread go on, once: when the folders are made, else when placing ends (or fails).
            var waiting = moving
            func release() {
                if waiting { placing.leave() }
                waiting = false
            }
            do {
                if writer.updates {
                    for (root, paths) in roots { writer.enqueue(paths.map { SiteFile(path: $0, contents: .copy(from: root + "/" + $0)) }) }
                } else {
                    try writer.place(roots, moving: moving, jobs: jobs, reserved: reserved, foldersReady: release)
                }
            } catch {
                release()
                searching.value
                throw error
            }
            release()
            stopwatch.lap("place pages")
            searching.value
            stopwatch.lap("search index")
            let written = try writer.commit()
            stopwatch.lap("write (rest)")
            var pages: [LocaleCode: Int] = [:]
            for (tag, count) in first.articlePages { if let locale = LocaleCode(tag) { pages[locale] = count } }
            var report = BuildReport(articlePages: pages, writtenFiles: written, diagnostics: parts.flatMap(\.2),
                                     seconds: Date().timeIntervalSince(started))
            report.stageSeconds = stopwatch.laps
            return report
        } catch {
            writer.discard()
            throw error
        }
    }

    /// The shards' search documents per locale, handed out once each.
    final class SearchParts: @unchecked Sendable {
        private let lock = NSLock()
        private var byLocale: [String: [ShardFiles.Index]] = [:]

        init(_ shards: [[String: ShardFiles.Index]]) {
            for shard in shards {
                for (tag, index) in shard { byLocale[tag, default: []].append(index) }
            }
        }

        func take(_ tag: String) -> [ShardFiles.Index] {
            lock.withLock { byLocale.removeValue(forKey: tag) ?? [] }
        }
    }

    /// One locale's index from the shards' own: documents renumbered in the site's path order, each term's postings
    /// joined and ordered by document, as a single build numbers and lists them.
    static func joined(_ parts: [ShardFiles.Index], locale: String) -> SearchIndex {
        var all: [(path: String, part: Int, local: Int)] = []
        for (part, index) in parts.enumerated() {
            for (local, path) in index.paths.enumerated() { all.append((path, part, local)) }
        }
        all.sort { $0.path < $1.path }
        var number = parts.map { [Int](repeating: 0, count: $0.paths.count) }
        for (global, entry) in all.enumerated() { number[entry.part][entry.local] = global }
        let documents = all.map { parts[$0.part].index.documents[$0.local] }
        let lengths = all.map { parts[$0.part].index.lengths[$0.local] }
        // Each term's list from each shard, renumbered: a run in document order, as the shard's numbers follow its
        // paths in order and the site's numbers follow all paths in order.
        var runs: [String: [[Int]]] = [:]
        for (part, shard) in parts.enumerated() {
            for (term, list) in shard.index.postings {
                var renumbered = list
                for at in stride(from: 0, to: list.count, by: 3) { renumbered[at] = number[part][list[at]] }
                runs[term, default: []].append(renumbered)
            }
        }
        var postings: [String: [Int]] = [:]
        postings.reserveCapacity(runs.count)
        for (term, lists) in runs { postings[term] = lists.count == 1 ? lists[0] : mergedTriples(lists) }
        return SearchIndex(locale: locale, documents: documents, lengths: lengths, postings: postings)
    }

    /// Runs of `[document, weight, section]` triples, each in document order, merged into one in document order.
    /// A run out of order (a shard's files made by hand) is sorted instead, so the result is the same.
    static func mergedTriples(_ runs: [[Int]]) -> [Int] {
        var merged: [Int] = []
        merged.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        var next = [Int](repeating: 0, count: runs.count)
        while true {
            var best = -1
            for run in runs.indices where next[run] + 2 < runs[run].count {
                if best < 0 || runs[run][next[run]] < runs[best][next[best]] { best = run }
            }
            guard best >= 0 else { break }
            let at = next[best]
            if merged.count >= 3, merged[merged.count - 3] > runs[best][at] { return sortedTriples(runs) }
            merged += runs[best][at..<at + 3]
            next[best] = at + 3
        }
        return merged
    }

    private static func sortedTriples(_ runs: [[Int]]) -> [Int] {
        let list = runs.flatMap { $0 }
        var ordered: [Int] = []
        ordered.reserveCapacity(list.count)
        let starts = stride(from: 0, to: list.count - 2, by: 3).sorted { list[$0] < list[$1] }
        for start in starts { ordered += list[start..<start + 3] }
        return ordered
    }
}
