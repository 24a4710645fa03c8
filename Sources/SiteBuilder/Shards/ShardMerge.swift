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
            // A thread of its own, one locale after another: when moving, it waits until the search folders are
            // made (they are never renamed in whole) without taking a worker from the pool that places the pages.
            let placing = DispatchGroup()
            if moving { placing.enter() }
            let searching = DispatchGroup()
            searching.enter()
            Thread {
                for locale in locales {
                    let index = joined(search.take(locale.tag), locale: locale.tag)
                    let files = SiteEngine.searchFiles(locale, index: index, threshold: first.searchShardThreshold)
                    placing.wait()
                    writer.enqueue(files)
                }
                searching.leave()
            }.start()
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
                searching.wait()
                throw error
            }
            release()
            stopwatch.lap("place pages")
            searching.wait()
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
        var postings: [String: [Int]] = [:]
        var joinedFrom: [String: Int] = [:]
        for (part, shard) in parts.enumerated() {
            for (term, list) in shard.index.postings {
                var renumbered = list
                for at in stride(from: 0, to: list.count, by: 3) { renumbered[at] = number[part][list[at]] }
                postings[term, default: []] += renumbered
                joinedFrom[term, default: 0] += 1
            }
        }
        // A term of several shards: its triples in document order (each shard's are already).
        for (term, shards) in joinedFrom where shards > 1 {
            let list = postings[term]!
            let starts: [Int] = stride(from: 0, to: list.count, by: 3).sorted { list[$0] < list[$1] }
            var ordered: [Int] = []
            ordered.reserveCapacity(list.count)
            for start in starts { ordered += list[start..<start + 3] }
            postings[term] = ordered
        }
        return SearchIndex(locale: locale, documents: documents, lengths: lengths, postings: postings)
    }
}
