import ContentDiscovery
import Foundation
import SearchIndexing
import SiteModel

/// Shard `index` of `count` (`kb build --shard 2/4` is index 1): the outputs this build makes. Every output has one
/// owner: article and fallback pages by a stable hash of their translation key (all locales of an article, and its
/// fallback pages, land in one shard), a locale's topic pages by the locale (its `topic/` folder is one shard's, so
/// `kb merge --move` renames it in whole, not one folder per topic), everything else by a stable hash of the path.
/// Every shard parses the whole site, so each makes its pages exactly as a single build would.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// `i/n` with 1 ≤ i ≤ n.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        index = i - 1
        count = n
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index + 1)/\(count)" }

    /// Whether this shard makes the output at `path` of a site with these locales (in the index's order).
    func owns(_ kind: OutputKind, path: String, locales: [LocaleCode]) -> Bool {
        Self.owner(of: kind, path: path, count: count, locales: locales) == index
    }

    /// Whether this shard makes the pages of the article at `permalink` (its own and its fallbacks').
    func ownsArticle(at permalink: Permalink) -> Bool {
        Self.owner(of: .article(permalink, source: ""), path: "", count: count) == index
    }

    /// Whether this shard makes the pages of an article file, parsed or not.
    func ownsArticle(_ file: SourceFile) -> Bool {
        ownsArticle(at: Permalink.article(file.path, in: file.locale))
    }

    static func owner(of kind: OutputKind, path: String, count: Int, locales: [LocaleCode] = []) -> Int {
        let name: String
        switch kind {
        case .article(let permalink, _), .fallback(let permalink, _, _):
            name = "key:" + permalink.segments.dropFirst().joined(separator: "/")
        case .redirect(_, let key, _): name = "key:" + key.joined(separator: "/")
        case .topic(let topic, let locale):
            // Locales dealt out from the last shard down: the first shard also makes the site-wide files.
            if let position = locales.firstIndex(of: locale) { return count - 1 - position % count }
            name = "topic:" + topic.value
        default: name = "path:" + path
        }
        return Int(StableHash([name]).value % UInt64(max(count, 1)))
    }
}

extension SiteOutputs {
    /// A shard's search index per locale tag, over its own pages in path order: those analysed this build, and the
    /// kept pages' analysed again (the build cache keeps no terms).
    /// Encoded at once (`ShardFiles.encode`), so that one locale's index is in memory at a time.
    mutating func shardSearch() -> [String: [UInt8]] {
        let engine = engine
        var result: [String: [UInt8]] = [:]
        for locale in engine.index.locales {
            var documents = madeDocuments.removeValue(forKey: locale) ?? [:]
            let missing = (keptSearchPaths[locale] ?? []).filter { documents[$0] == nil }.sorted()
            let again = parallelMap(missing, jobs: options.jobs) { path in
                engine.outputs[path].flatMap { engine.make($0, analyse: true).search }
            }
            for (path, analyzed) in zip(missing, again) { documents[path] = analyzed }
            let paths = documents.keys.sorted()
            result[locale.tag] = ShardFiles.encode(ShardFiles.Index(
                paths: paths, index: SearchIndex(locale: locale.tag, analyzed: paths.map { documents[$0]! })))
        }
        return result
    }

    /// One hash over every source's display path and content hash, in path order.
    static func sourcesHash(_ sources: [String: StableHash]) -> StableHash {
        var hash = StableHash()
        for (path, content) in sources.sorted(by: { $0.key < $1.key }) {
            hash.combine(path)
            hash.combine(content)
        }
        return hash
    }

    /// The shard's manifest: this site's configuration and sources, so `kb merge` can tell its parts belong together.
    func shardManifest(_ shard: ShardSpec, inventory: ContentInventory) -> ShardFiles.Manifest {
        let sources = engine.keys?.sources
            ?? EngineKeys.sourceHashes(inventory, known: engine.parsedSourceHashes, jobs: options.jobs)
        var pages: [String: Int] = [:]
        for locale in engine.index.locales { pages[locale.tag] = engine.index.entryCount(in: locale) }
        return ShardFiles.Manifest(
            version: KBVersion.string, configuration: ShardFiles.configurationHash(options), shard: shard.index,
            count: shard.count, locales: engine.index.locales.map(\.tag), articlePages: pages,
            sources: Self.sourcesHash(sources).description, searchShardThreshold: options.searchShardThreshold)
    }
}
