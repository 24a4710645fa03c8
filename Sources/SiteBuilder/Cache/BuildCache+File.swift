import CPosix
import Foundation
import SiteModel

/// The cache on disk: an index file (magic, format, parse key, time, and each section's kind, length and part file)
/// and the part files it names, in a folder beside it (`parts(of:)`), each named by the hash of its bytes. Sections
/// are encoded and decoded in parallel (a large site's cache is tens of megabytes): sources, articles, tocs, outputs
/// in several parts, and the search shard counts. A save after one edit writes the few parts that changed and the
/// index; the index is replaced last (temp file + rename), and only then are parts it no longer names deleted, so a
/// build killed at any point leaves the old cache or the new one.
extension BuildCache {
    /// Output records per section.
    static let outputsPerSection = 1_024
    /// Article and source records per section.
    static let articlesPerSection = 512

    /// `read` on a task of its own, so the caller can walk the content folder meanwhile (neither needs the other).
    /// With `deferringOutputs`, the output records (the largest table) are left to `PendingOutputs.decode()`, which
    /// the build runs beside indexing: only sources, articles and tocs are needed before.
    static func startReading(_ path: String, contentPrefix: String, jobs: Int, deferringOutputs: Bool = false)
        -> Task<(BuildCache?, Diagnostic?, PendingOutputs?), Never> {
        Task.detached { read(path, contentPrefix: contentPrefix, jobs: jobs, deferringOutputs: deferringOutputs) }
    }

    /// Reads a cache; nil and a `cache-ignored` warning when the file is not a whole cache of this format, nil alone
    /// when there is none.
    static func read(_ path: String, contentPrefix: String, jobs: Int = 1) -> (BuildCache?, Diagnostic?) {
        let (cache, problem, _) = read(path, contentPrefix: contentPrefix, jobs: jobs, deferringOutputs: false)
        return (cache, problem)
    }

    /// The `cache-ignored` warning of a cache at `path`.
    static func ignored(_ path: String) -> Diagnostic {
        .warning("cache-ignored", at: SourceLocation(path: path), "the build cache is damaged or from another tool; building without it")
    }

    /// The output sections of a cache read with `deferringOutputs`, still to decode.
    struct PendingOutputs: Sendable {
        let folder: String
        let sections: [(kind: Int, length: Int, name: String)]
        let contentPrefix: String
        let jobs: Int

        /// The output records and their parts; nil when a part is missing or damaged (the whole cache is then
        /// ignored, as `read` would have).
        func decode() -> (outputs: [String: Output], parts: [EncodedPart])? {
            guard let decoded = BuildCache.decodeParts(sections, folder: folder, contentPrefix: contentPrefix, jobs: jobs)
            else { return nil }
            return (table(decoded.map(\.outputs)), decoded.flatMap(\.rest.readParts))
        }
    }

    private static func read(_ path: String, contentPrefix: String, jobs: Int, deferringOutputs: Bool)
        -> (BuildCache?, Diagnostic?, PendingOutputs?) {
        guard let bytes = FileBytes(path)?.bytes else { return (nil, nil, nil) }
        do {
            var reader = CacheReader(bytes, contentPrefix: contentPrefix)
            for byte in magic where try reader.int() != Int(byte) { throw CacheReader.Corrupt() }
            guard try reader.int() == formatVersion else { throw CacheReader.Corrupt() }
            var cache = BuildCache()
            cache.parseKey = try reader.hash()
            cache.savedAt = try reader.int()
            cache.seal = try reader.seal()
            var sections: [(kind: Int, length: Int, name: String)] = []
            for _ in 0..<(try reader.count()) {
                let kind = try reader.int(), length = try reader.int(), name = try reader.string()
                // A part's name is a hash: never a path.
                guard length >= 0, !name.isEmpty, name.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
                else { throw CacheReader.Corrupt() }
                sections.append((kind, length, name))
            }
            guard reader.isAtEnd else { throw CacheReader.Corrupt() }
            let folder = parts(of: path)
            let later = deferringOutputs ? sections.filter { $0.kind == Section.outputs.rawValue } : []
            let now = deferringOutputs ? sections.filter { $0.kind != Section.outputs.rawValue } : sections
            guard let decoded = decodeParts(now, folder: folder, contentPrefix: contentPrefix, jobs: jobs) else {
                throw CacheReader.Corrupt()
            }
            // The three large tables merged side by side.
            enum Table { case sources([String: Source]), articles([String: Article]), outputs([String: Output]) }
            for table in parallelMap([0, 1, 2], jobs: jobs, { which -> Table in
                switch which {
                case 0: .sources(table(decoded.map(\.sources)))
                case 1: .articles(table(decoded.map(\.articles)))
                default: .outputs(table(decoded.map(\.outputs)))
                }
            }) {
                switch table {
                case .sources(let sources): cache.sources = sources
                case .articles(let articles): cache.articles = articles
                case .outputs(let outputs): cache.outputs = outputs
                }
            }
            cache.tocs = merged(decoded.map(\.rest.tocs))
            cache.searchShards = merged(decoded.map(\.rest.searchShards))
            cache.readParts = decoded.flatMap(\.rest.readParts)
            cache.navigation = decoded.lazy.compactMap(\.rest.navigation).first
            let pending = deferringOutputs
                ? PendingOutputs(folder: folder, sections: later, contentPrefix: contentPrefix, jobs: jobs) : nil
            return (cache, nil, pending)
        } catch {
            return (nil, ignored(path), nil)
        }
    }

    /// One part file decoded: the records of the three large tables as lists, in order (each table is made once all
    /// parts are read: records hashed once, not into a table per part and again into the merged one), the others
    /// in `rest`.
    fileprivate struct DecodedPart {
        var sources: [(String, Source)] = []
        var articles: [(String, Article)] = []
        var outputs: [(String, Output)] = []
        var rest = BuildCache()
    }

    /// Decodes part files in parallel; nil when one is missing, of another length or not a whole section.
    private static func decodeParts(_ sections: [(kind: Int, length: Int, name: String)], folder: String,
                                    contentPrefix: String, jobs: Int) -> [DecodedPart]? {
        let parts = parallelMap(sections, jobs: jobs) { section -> DecodedPart? in
            guard let bytes = FileBytes(folder + "/" + section.name + ".kbp")?.bytes, bytes.count == section.length
            else { return nil }
            var part = DecodedPart()
            var reader = CacheReader(bytes, range: 0..<bytes.count, contentPrefix: contentPrefix)
            do {
                let keys = try part.decode(section.kind, &reader)
                guard reader.isAtEnd else { return nil }
                if !keys.isEmpty {
                    part.rest.readParts = [EncodedPart(section: section.kind, keys: keys, name: section.name, length: bytes.count)]
                }
                return part
            } catch {
                return nil
            }
        }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    /// One table from the parts' records (the first of equal keys wins).
    private static func table<Value>(_ parts: [[(String, Value)]]) -> [String: Value] {
        var result = [String: Value](minimumCapacity: parts.reduce(0) { $0 + $1.count })
        for part in parts { result.merge(part) { first, _ in first } }
        return result
    }

    /// One dictionary from the parts' (the first of equal keys wins; a part alone is taken as it is).
    private static func merged<Value>(_ parts: [[String: Value]]) -> [String: Value] {
        let filled = parts.filter { !$0.isEmpty }
        guard filled.count > 1 else { return filled.first ?? [:] }
        var result = [String: Value](minimumCapacity: filled.reduce(0) { $0 + $1.count })
        for part in filled { result.merge(part) { a, _ in a } }
        return result
    }

    /// A part's kind (`EncodedPart.section`).
    enum Section: Int { case sources = 1, articles, tocs, outputs, searchShards, navigation }


    /// Writes the cache: its changed parts, then the index (each temp file + rename). A part that `previous` (the
    /// cache this build read) holds under the same keys, none of them in `changes`, keeps its file: after one edit,
    /// most of a large site's cache does.
    func write(_ path: String, contentPrefix: String, jobs: Int = 1, previous: BuildCache? = nil) throws {
        let old = previous.flatMap { self.changes == nil ? nil : $0 }
        let changed = changes ?? Changes()
        let paths: [Section: [String]] = [
            .sources: Self.keyOrder(sources, previous: old?.sources, parts: old?.readParts, section: .sources, changed: changed.sources),
            .articles: Self.keyOrder(articles, previous: old?.articles, parts: old?.readParts, section: .articles,
                                     changed: changed.articles),
            .outputs: Self.keyOrder(outputs, previous: old?.outputs, parts: old?.readParts, section: .outputs, changed: changed.outputs),
        ]
        var parts: [(Section, Range<Int>)] = [(.tocs, 0..<0), (.searchShards, 0..<0)]
        if navigation != nil { parts.append((.navigation, 0..<0)) }
        for (section, size) in [(Section.sources, Self.articlesPerSection), (.articles, Self.articlesPerSection),
                                (.outputs, Self.outputsPerSection)] {
            let count = paths[section]!.count
            for start in stride(from: 0, to: max(count, 1), by: size) { parts.append((section, start..<min(start + size, count))) }
        }
        var oldParts: [String: EncodedPart] = [:]
        for part in old?.readParts ?? [] { oldParts["\(part.section) " + part.keys[0]] = part }
        let folder = Self.parts(of: path)
        try SiteWriter.makeFolders(folder)
        // Each part: copied from the cache read when it holds the same records, none changed (its file stays as
        // it is); else encoded, and written under the hash of its bytes unless a file of that name is there.
        let sections = try parallelMap(parts, jobs: jobs) { section, range -> Result<(name: String, length: Int), Error> in
            let keys = paths[section]?[range] ?? []
            if let first = keys.first, let old = oldParts["\(section.rawValue) " + first], old.keys.elementsEqual(keys),
               !keys.contains(where: { changed.contains($0, in: section.rawValue) }) {
                return .success((old.name, old.length))
            }
            var writer = CacheWriter(contentPrefix: contentPrefix)
            encode(section, paths: keys, into: &writer)
            var hash = StableHash()
            writer.bytes.withUnsafeBytes { hash.combine(contents: $0) }
            let name = hash.description, file = folder + "/" + name + ".kbp"
            do {
                // Two parts of equal bytes share a name: each writes its own temporary file.
                if FileBytes(file)?.bytes != writer.bytes {
                    try SiteWriter.replaceFile(file, with: writer.bytes, unique: "-\(section.rawValue)-\(range.lowerBound)")
                }
            } catch {
                return .failure(error)
            }
            return .success((name, writer.bytes.count))
        }.map { try $0.get() }
        var index = CacheWriter(contentPrefix: contentPrefix)
        for byte in BuildCache.magic { index.int(Int(byte)) }
        index.int(BuildCache.formatVersion)
        index.hash(parseKey)
        index.int(savedAt)
        index.seal(seal)
        index.int(sections.count)
        for ((section, _), part) in zip(parts, sections) {
            index.int(section.rawValue)
            index.int(part.length)
            index.string(part.name)
        }
        // Temporary index files of builds killed while saving go first.
        let name = (path as NSString).lastPathComponent, indexFolder = (path as NSString).deletingLastPathComponent
        for stale in SiteWriter.entries(of: indexFolder) where stale.name.hasPrefix(name + ".tmp-") && SiteWriter.isStaleTemporary(stale.name) {
            unlink(indexFolder + "/" + stale.name)
        }
        try SiteWriter.replaceFile(path, with: index.bytes)
        // The parts no index names any more, and temporary files of builds killed while saving.
        let named = Set(sections.map { $0.name + ".kbp" })
        for entry in SiteWriter.entries(of: folder) where !named.contains(entry.name) {
            if entry.name.contains(".tmp-") && !SiteWriter.isStaleTemporary(entry.name) { continue }
            unlink(folder + "/" + entry.name)
        }
    }

    /// The folder of a cache file's parts: `build-<hash>.parts` beside `build-<hash>.kbc`.
    static func parts(of file: String) -> String {
        (file.hasSuffix(".kbc") ? String(file.dropLast(4)) : file) + ".parts"
    }

    /// The records' keys in order: the order the cache read (`previous`, its `parts`) had them in when the key sets
    /// are equal (no sort of tens of thousands of paths after an edit), else sorted. Every key not in `previous` is
    /// among the `changed` ones, so equal counts and no new changed key mean equal sets.
    private static func keyOrder<Value>(_ records: [String: Value], previous: [String: Value]?, parts: [EncodedPart]?,
                                        section: Section, changed: Set<String>) -> [String] {
        if let previous, let parts, previous.count == records.count,
           changed.allSatisfy({ records[$0] == nil || previous[$0] != nil }) {
            let known = parts.filter { $0.section == section.rawValue }.flatMap(\.keys)
            if known.count == records.count { return known }
        }
        return records.keys.sorted()
    }

    /// One section: `paths` are the records' keys in this part (sources, articles, outputs).
    private func encode(_ section: Section, paths: ArraySlice<String>, into writer: inout CacheWriter) {
        switch section {
        case .sources:
            writer.int(paths.count)
            for path in paths {
                let source = sources[path]!
                writer.text(path)
                writer.stamp(source.stamp)
                writer.hash(source.hash)
            }
        case .articles:
            writer.int(paths.count)
            for path in paths {
                let article = articles[path]!
                writer.text(path)
                writer.entry(article.entry)
                writer.diagnostics(article.diagnostics)
                writer.strings(article.includesUsed)
                writer.hash(article.inputs)
            }
        case .tocs:
            writer.int(tocs.count)
            for path in tocs.keys.sorted() {
                let toc = tocs[path]!
                writer.text(path)
                writer.hash(toc.hash)
                writer.tocEntries(toc.entries)
                writer.diagnostics(toc.diagnostics)
            }
        case .outputs:
            writer.int(paths.count)
            for path in paths {
                let output = outputs[path]!
                writer.string(path)
                writer.hash(output.key)
                writer.stamp(output.stamp)
                writer.diagnostics(output.diagnostics)
                writer.bool(output.search != nil)
                if let search = output.search { writer.searchEntry(search) }
            }
        case .navigation:
            writer.hash(navigation?.shape ?? StableHash())
            writer.diagnostics(navigation?.diagnostics ?? [])
        case .searchShards:
            writer.int(searchShards.count)
            for locale in searchShards.keys.sorted() {
                writer.string(locale)
                writer.int(searchShards[locale]!)
            }
        }
    }
}

extension BuildCache.DecodedPart {
    /// Decodes one section; returns the keys of its records in order (sources, articles, outputs).
    mutating func decode(_ kind: Int, _ reader: inout CacheReader) throws -> [String] {
        switch BuildCache.Section(rawValue: kind) {
        case .sources:
            let count = try reader.count()
            sources.reserveCapacity(count)
            for _ in 0..<count {
                let path = try reader.text()
                sources.append((path, BuildCache.Source(stamp: try reader.stamp(), hash: try reader.hash())))
            }
            return sources.map(\.0)
        case .articles:
            let count = try reader.count()
            articles.reserveCapacity(count)
            for _ in 0..<count {
                let path = try reader.text()
                articles.append((path, BuildCache.Article(entry: try reader.entry(), diagnostics: try reader.diagnostics(),
                                                          includesUsed: try reader.strings(), inputs: try reader.hash())))
            }
            return articles.map(\.0)
        case .tocs:
            for _ in 0..<(try reader.count()) {
                let path = try reader.text()
                rest.tocs[path] = BuildCache.Toc(hash: try reader.hash(), entries: try reader.tocEntries(), diagnostics: try reader.diagnostics())
            }
        case .outputs:
            let count = try reader.count()
            outputs.reserveCapacity(count)
            for _ in 0..<count {
                let path = try reader.string()
                let key = try reader.hash(), stamp = try reader.stamp(), diagnostics = try reader.diagnostics()
                let search = try reader.bool() ? try reader.searchEntry() : nil
                outputs.append((path, BuildCache.Output(key: key, stamp: stamp, diagnostics: diagnostics, search: search)))
            }
            return outputs.map(\.0)
        case .searchShards:
            for _ in 0..<(try reader.count()) {
                let locale = try reader.string()
                rest.searchShards[locale] = try reader.int()
            }
        case .navigation:
            rest.navigation = (try reader.hash(), try reader.diagnostics())
        case nil:
            throw CacheReader.Corrupt()
        }
        return []
    }
}
