import ContentDiscovery
import Foundation
import LinkResolution
import SiteModel

/// The hashes an engine keys its work by when a build cache is in use (ARCHITECTURE.md, "Build cache").
///
/// - `parseKey`: kb's build, kb.yml, the options that change parsing. Articles parsed under another are parsed again.
/// - `renderKey`: the parse key, the templates and the options that change rendering (base URL).
/// - `sources`: every article, include, toc and redirection file's content hash, by display path.
/// - `shape`: what any page may show of the rest of the site: every index entry, the locales, tocs, redirection
///   files, resources and the set of includes. Unchanged, a page whose own inputs are unchanged has unchanged bytes.
struct EngineKeys: Sendable {
    var parseKey = StableHash()
    var renderKey = StableHash()
    var sources: [String: StableHash] = [:]
    var includeSet = StableHash()
    var shape = StableHash()
    /// Per article (display path): the hash of its bytes and of every include it splices in.
    var articleInputs: [String: StableHash] = [:]
    /// Source stamps seen this build, for the next cache.
    var stamps: [String: BuildCache.Stamp] = [:]
    /// Sources whose stamp and hash differ from the cache's record of them (or that it has none of).
    var changedSources: [String] = []
    /// Articles whose content hash the parse takes from the bytes it reads, not `compute` (a build with no cache to
    /// compare against parses every article: reading each file once more only to hash it cost a cold build 0.3 s
    /// at 30,000 articles). `SiteEngine.parseArticles` fills them in.
    var deferred: Set<String> = []

    /// Keys for a build of `inventory`, reusing the cache's content hashes of files whose stamp is unchanged.
    static func compute(options: BuildOptions, inventory: ContentInventory, cache: BuildCache?) -> EngineKeys {
        var keys = EngineKeys()
        let configBytes = FileManager.default.contents(atPath: options.contentDirectory + "/" + ConfigLoader.fileName)
        keys.parseKey = StableHash([
            BuildCache.executableIdentity, configBytes.map { String(decoding: $0, as: UTF8.self) } ?? "-",
            options.safe ? "safe" : "trusted", String(options.maxFileBytes), BuildCache.pathKey(options.contentDirectory),
            String(options.searchShardThreshold),
            // A shard parses only its own articles whole: its cache is no other build's.
            options.shard?.description ?? "whole",
        ])
        var render = StableHash()
        render.combine(keys.parseKey)
        render.combine(options.baseURL ?? "-")
        render.combine(hashTree(options.templatesDirectory))
        keys.renderKey = render

        let hashed = hashedFiles(inventory)
        let defers = cache == nil
        let trustedBefore = (cache?.savedAt ?? 0) - 2_000_000_000
        // Each file's stamp, hash, and whether the cache's record of it says the same; in runs, each stamp taken
        // from the file's folder, opened once per run (files come folder by folder), not along its whole path.
        let runs = stride(from: 0, to: hashed.count, by: 512).map { $0..<min($0 + 512, hashed.count) }
        let results = parallelMap(runs, jobs: options.jobs) { run -> [(BuildCache.Stamp?, StableHash, Bool)] in
            var folders = BuildCache.FolderStamps()
            defer { folders.close() }
            return hashed[run].map { file in
                let stamp = folders.stamp(file.filePath)
                if defers && file.kind == .article { return (stamp, StableHash(), false) }
                let known = cache?.sources[file.displayPath]
                if let stamp, let known, known.stamp == stamp, stamp.mtime < trustedBefore {
                    return (stamp, known.hash, true)
                }
                let hash = hashFile(file.filePath)
                return (stamp, hash, stamp.map { known == BuildCache.Source(stamp: $0, hash: hash) } ?? false)
            }
        }.flatMap { $0 }
        keys.sources.reserveCapacity(hashed.count)
        keys.stamps.reserveCapacity(hashed.count)
        for (file, (stamp, hash, same)) in zip(hashed, results) {
            if defers && file.kind == .article { keys.deferred.insert(file.displayPath) } else { keys.sources[file.displayPath] = hash }
            keys.stamps[file.displayPath] = stamp
            if !same { keys.changedSources.append(file.displayPath) }
        }
        keys.includeSet = StableHash(inventory.files(.include).map { $0.locale.urlSegment + "/" + $0.path.value }.sorted())
        return keys
    }

    /// The hash of an article's inputs: its bytes, each include it splices in, and which includes exist at all (a
    /// new include file may be what an article was missing).
    func inputs(of displayPath: String, includesUsed: [String], includeFiles: [String: String]) -> StableHash {
        var hash = StableHash()
        hash.combine(sources[displayPath] ?? StableHash())
        hash.combine(includeSet)
        for key in includesUsed.sorted() {
            hash.combine(key)
            hash.combine(includeFiles[key].flatMap { sources[$0] } ?? StableHash())
        }
        return hash
    }

    static func hashFile(_ path: String) -> StableHash {
        if let bytes = FileBytes(path) { return bytes.bytes.withUnsafeBytes { contentHash($0) } }
        var hash = StableHash()
        hash.combine("missing")
        return hash
    }

    /// The hash of a source's bytes, as `hashFile` takes it.
    static func contentHash(_ bytes: UnsafeRawBufferPointer) -> StableHash {
        var hash = StableHash()
        hash.combine(contents: bytes)
        return hash
    }

    /// The files whose content the keys hash (`sources`): all but resources and files kb does not read.
    static func hashedFiles(_ inventory: ContentInventory) -> [SourceFile] {
        inventory.files.filter { $0.kind != .resource && $0.kind != .other }
    }

    /// The content hash of every source `compute` hashes, `known` ones (by display path) taken as they are, the
    /// others read; what a shard without cache names in its manifest.
    static func sourceHashes(_ inventory: ContentInventory, known: [String: StableHash], jobs: Int) -> [String: StableHash] {
        let files = hashedFiles(inventory)
        let hashes = parallelMap(files, jobs: jobs) { known[$0.displayPath] ?? hashFile($0.filePath) }
        return Dictionary(zip(files.map(\.displayPath), hashes)) { first, _ in first }
    }

    /// Names and bytes of every file below a folder, in path order.
    static func hashTree(_ root: String) -> StableHash {
        var hash = StableHash()
        let paths = ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []).sorted()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            hash.combine(path)
            hash.combine(hashFile(root + "/" + path))
        }
        return hash
    }
}

extension SiteEngine {
    /// Display paths of include files by `<locale>/<path>`.
    var includeFiles: [String: String] {
        includes.mapValues(\.displayPath)
    }

    /// Computes `keys.shape` from the index and the files that shape every page.
    mutating func computeShape() {
        guard var keys else { return }
        // Entries in runs of 4,096, hashed in parallel: tens of thousands on a large site.
        let runs = index.locales.flatMap { locale in
            let entries = index.entrySlice(in: locale)
            return stride(from: entries.startIndex, to: entries.endIndex, by: 4096).map {
                entries[$0..<min($0 + 4096, entries.endIndex)]
            }
        }
        var writer = CacheWriter(contentPrefix: "")
        for locale in index.locales { writer.string(locale.tag) }
        for hash in parallelMap(runs, jobs: options.jobs, { run -> StableHash in
            var writer = CacheWriter(contentPrefix: "")
            for entry in run { writer.entry(entry) }
            var hash = StableHash()
            writer.bytes.withUnsafeBytes { hash.combine(contents: $0) }
            return hash
        }) { writer.hash(hash) }
        let shaping = files.values.filter { $0.kind != .article && $0.kind != .other }
        for file in shaping.sorted(by: { $0.filePath < $1.filePath }) {
            switch file.kind {
            case .toc, .redirection:
                writer.string(file.displayPath)
                writer.hash(keys.sources[file.displayPath] ?? StableHash())
            case .resource, .include:
                writer.string(file.displayPath)
            case .article, .other:
                break
            }
        }
        var hash = StableHash()
        writer.bytes.withUnsafeBytes { hash.combine(contents: $0) }
        keys.shape = hash
        self.keys = keys
    }

    /// The dependency key of search files: they follow from the analysed pages alone, and kb's build decides those.
    var searchKey: StableHash? {
        keys.map { StableHash(["search-files", $0.parseKey.description]) }
    }

    /// Everything an output's bytes depend on, as one hash; nil without a cache. Pages made from an article: the
    /// article's inputs and the site's shape; other pages: the shape; theme assets: the templates; resources: the
    /// file's stamp.
    func dependencyKey(_ kind: OutputKind, path: String? = nil) -> StableHash? {
        // The keys are read in place: bound to a name, their tables would be copied (retained) once per output.
        guard let renderKey = keys?.renderKey, let shape = keys?.shape else { return nil }
        var hash = StableHash()
        hash.combine(renderKey)
        hash.combine(path ?? kind.path)
        switch kind {
        case .article(_, let source), .fallback(_, let source, _):
            hash.combine(shape)
            hash.combine(keys?.articleInputs[source] ?? StableHash())
        case .asset:
            break
        case .resource(let resource):
            guard let stamp = BuildCache.Stamp(path: resource.filePath) else { return nil }
            hash.combine(UInt64(bitPattern: Int64(stamp.size)))
            hash.combine(UInt64(bitPattern: Int64(stamp.mtime)))
            hash.combine(UInt64(bitPattern: Int64(stamp.inode)))
        case .searchFile, .statusPage:
            // Search files follow the analysed pages; the dashboard reads metadata and history the keys do not cover.
            return nil
        default:
            hash.combine(shape)
        }
        return hash
    }
}
