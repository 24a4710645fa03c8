import CPosix
import Foundation
import SiteModel

/// The cache file: a header (magic, format, parse key, time) and length-prefixed sections, encoded and decoded in
/// parallel (a large site's cache is tens of megabytes): sources, articles, tocs, outputs in several parts, and the
/// search shard counts.
extension BuildCache {
    /// Output records per section.
    static let outputsPerSection = 16_384

    /// Reads a cache; nil and a `cache-ignored` warning when the file is not a whole cache of this format, nil alone
    /// when there is none.
    static func read(_ path: String, contentPrefix: String, jobs: Int = 1) -> (BuildCache?, Diagnostic?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (nil, nil) }
        let bytes = Array(data)
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
            for part in parts {
                guard let part else { throw CacheReader.Corrupt() }
                cache.sources.merge(part.sources) { a, _ in a }
                cache.articles.merge(part.articles) { a, _ in a }
                cache.tocs.merge(part.tocs) { a, _ in a }
                cache.outputs.merge(part.outputs) { a, _ in a }
                cache.searchShards.merge(part.searchShards) { a, _ in a }
            }
            return (cache, nil)
        } catch {
            return (nil, .warning("cache-ignored", at: SourceLocation(path: path),
                                  "the build cache is damaged or from another tool; building without it"))
        }
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
        let outputPaths = outputs.keys.sorted()
        var parts: [(Section, Range<Int>)] = [(.sources, 0..<0), (.articles, 0..<0), (.tocs, 0..<0), (.searchShards, 0..<0)]
        for start in stride(from: 0, to: outputPaths.count, by: Self.outputsPerSection) {
            parts.append((.outputs, start..<min(start + Self.outputsPerSection, outputPaths.count)))
        }
        let sections = parallelMap(parts, jobs: jobs) { section, range -> [UInt8] in
            var writer = CacheWriter(contentPrefix: contentPrefix)
            encode(section, outputPaths: outputPaths[range], into: &writer)
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

    private func encode(_ section: Section, outputPaths: ArraySlice<String>, into writer: inout CacheWriter) {
        switch section {
        case .sources:
            writer.int(sources.count)
            for path in sources.keys.sorted() {
                let source = sources[path]!
                writer.text(path)
                writer.stamp(source.stamp)
                writer.hash(source.hash)
            }
        case .articles:
            writer.int(articles.count)
            for path in articles.keys.sorted() {
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
            writer.int(outputPaths.count)
            for path in outputPaths {
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
