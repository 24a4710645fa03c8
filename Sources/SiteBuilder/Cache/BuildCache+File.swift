import CPosix
import Foundation
import SiteModel

/// The cache file: a header (magic, format, parse key, time) and length-prefixed sections, encoded and decoded in
/// parallel (a large site's cache is tens of megabytes): sources, articles, tocs, outputs in several parts, and the
/// search shard counts.
extension BuildCache {
    /// Output records per section.
    static let outputsPerSection = 16_384
    /// Article and source records per section.
    static let articlesPerSection = 8_192

    /// Reads a cache; nil and a `cache-ignored` warning when the file is not a whole cache of this format, nil alone
    /// when there is none.
    static func read(_ path: String, contentPrefix: String, jobs: Int = 1) -> (BuildCache?, Diagnostic?) {
        guard let bytes = FileBytes(path)?.bytes else { return (nil, nil) }
        do {
            var reader = CacheReader(bytes, contentPrefix: contentPrefix)
            for byte in magic where try reader.int() != Int(byte) { throw CacheReader.Corrupt() }
            guard try reader.int() == formatVersion else { throw CacheReader.Corrupt() }
            var cache = BuildCache()
            cache.parseKey = try reader.hash()
            cache.savedAt = try reader.int()
            var sections: [(kind: Int, range: Range<Int>)] = []
            for _ in 0..<(try reader.count()) {
                let kind = try reader.int(), length = try reader.count()
                sections.append((kind, reader.offset..<reader.offset + length))
                reader.offset += length
            }
            guard reader.isAtEnd else { throw CacheReader.Corrupt() }
            let parts = parallelMap(sections, jobs: jobs) { section in
                var part = BuildCache()
                var reader = CacheReader(bytes, range: section.range, contentPrefix: contentPrefix)
                do {
                    try part.decode(section.kind, &reader)
                    return reader.isAtEnd ? part : nil
                } catch {
                    return nil
                }
            }
            guard parts.allSatisfy({ $0 != nil }) else { throw CacheReader.Corrupt() }
            let decoded = parts.map { $0! }
            cache.sources = merged(decoded.map(\.sources))
            cache.articles = merged(decoded.map(\.articles))
            cache.tocs = merged(decoded.map(\.tocs))
            cache.outputs = merged(decoded.map(\.outputs))
            cache.searchShards = merged(decoded.map(\.searchShards))
            return (cache, nil)
        } catch {
            return (nil, .warning("cache-ignored", at: SourceLocation(path: path),
                                  "the build cache is damaged or from another tool; building without it"))
        }
    }

    /// One dictionary from the parts' (the first of equal keys wins; a part alone is taken as it is).
    private static func merged<Value>(_ parts: [[String: Value]]) -> [String: Value] {
        let filled = parts.filter { !$0.isEmpty }
        guard filled.count > 1 else { return filled.first ?? [:] }
        var result = filled[0]
        result.reserveCapacity(filled.reduce(0) { $0 + $1.count })
        for part in filled.dropFirst() { result.merge(part) { a, _ in a } }
        return result
    }

    private enum Section: Int { case sources = 1, articles, tocs, outputs, searchShards }

    private mutating func decode(_ kind: Int, _ reader: inout CacheReader) throws {
        switch Section(rawValue: kind) {
        case .sources:
            for _ in 0..<(try reader.count()) {
                let path = try reader.text()
                sources[path] = Source(stamp: try reader.stamp(), hash: try reader.hash())
            }
        case .articles:
            for _ in 0..<(try reader.count()) {
                let path = try reader.text()
                articles[path] = Article(entry: try reader.entry(), diagnostics: try reader.diagnostics(),
                                         includesUsed: try reader.strings(), inputs: try reader.hash())
            }
        case .tocs:
            for _ in 0..<(try reader.count()) {
                let path = try reader.text()
                tocs[path] = Toc(hash: try reader.hash(), entries: try reader.tocEntries(), diagnostics: try reader.diagnostics())
            }
        case .outputs:
            for _ in 0..<(try reader.count()) {
                let path = try reader.string()
                let key = try reader.hash(), stamp = try reader.stamp(), diagnostics = try reader.diagnostics()
                let search = try reader.bool() ? try reader.searchEntry() : nil
                outputs[path] = Output(key: key, stamp: stamp, diagnostics: diagnostics, search: search)
            }
        case .searchShards:
            for _ in 0..<(try reader.count()) {
                let locale = try reader.string()
                searchShards[locale] = try reader.int()
            }
        case nil:
            throw CacheReader.Corrupt()
        }
    }

    /// Writes the cache (temp file + rename, so a killed build leaves the old cache or the new one).
    func write(_ path: String, contentPrefix: String, jobs: Int = 1) throws {
        let paths: [Section: [String]] = [.sources: sources.keys.sorted(), .articles: articles.keys.sorted(),
                                          .outputs: outputs.keys.sorted()]
        var parts: [(Section, Range<Int>)] = [(.tocs, 0..<0), (.searchShards, 0..<0)]
        for (section, size) in [(Section.sources, Self.articlesPerSection), (.articles, Self.articlesPerSection),
                                (.outputs, Self.outputsPerSection)] {
            let count = paths[section]!.count
            for start in stride(from: 0, to: max(count, 1), by: size) { parts.append((section, start..<min(start + size, count))) }
        }
        let sections = parallelMap(parts, jobs: jobs) { section, range -> [UInt8] in
            var writer = CacheWriter(contentPrefix: contentPrefix)
            encode(section, paths: paths[section]?[range] ?? [], into: &writer)
            return writer.bytes
        }
        var writer = CacheWriter(contentPrefix: contentPrefix)
        for byte in BuildCache.magic { writer.int(Int(byte)) }
        writer.int(BuildCache.formatVersion)
        writer.hash(parseKey)
        writer.int(savedAt)
        writer.int(sections.count)
        for ((section, _), bytes) in zip(parts, sections) {
            writer.int(section.rawValue)
            writer.bytes(bytes)
        }
        let folder = (path as NSString).deletingLastPathComponent
        try SiteWriter.makeFolders(folder)
        // Temporary files of builds killed while saving go first.
        let name = (path as NSString).lastPathComponent + ".tmp-"
        for stale in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where stale.hasPrefix(name) {
            if let pid = Int32(stale.dropFirst(name.count)), kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + stale) }
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteWriter.POSIXError(description: "\(temporary): \(String(cString: strerror(errno)))") }
        do {
            try writer.bytes.withUnsafeBytes { try SiteWriter.writeAll(fd, $0) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        try SiteWriter.rename(temporary, to: path)
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
        case .searchShards:
            writer.int(searchShards.count)
            for locale in searchShards.keys.sorted() {
                writer.string(locale)
                writer.int(searchShards[locale]!)
            }
        }
    }
}
