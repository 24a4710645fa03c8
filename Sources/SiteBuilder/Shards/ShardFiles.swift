import Foundation
import SearchIndexing
import SiteModel

/// What a shard leaves beside its pages, in `<output>/_kb-shard/` (ARCHITECTURE.md, "Sharded builds"): a manifest
/// that says which site it is a part of, its diagnostics, and per locale the analysed search documents of its pages
/// (`kb merge` numbers them in path order across shards and writes each locale's index, as one build would).
enum ShardFiles {
    static let folder = "_kb-shard"

    struct Manifest: Codable, Equatable {
        /// kb's version.
        var version: String
        /// kb.yml, the templates and the options that change output (`configurationHash`).
        var configuration: String
        var shard: Int
        var count: Int
        /// Locale tags, in the site's order.
        var locales: [String]
        /// Article pages per locale tag (the summary line's figures).
        var articlePages: [String: Int]
        /// Every article, include, toc and redirection file (display path) with its content hash.
        var sources: [String: String]
        var searchShardThreshold: Int
    }

    struct Problem: Codable {
        var error: Bool
        var code, path, message: String
        var line, column: Int
    }

    /// The hash a shard's output depends on besides its sources: kb.yml, the templates (names and bytes), and the
    /// options that change bytes.
    static func configurationHash(_ options: BuildOptions) -> String {
        let config = FileManager.default.contents(atPath: options.contentDirectory + "/" + ConfigLoader.fileName)
        var hash = StableHash([config.map { String(decoding: $0, as: UTF8.self) } ?? "-", options.baseURL ?? "-",
                               options.safe ? "safe" : "trusted", String(options.maxFileBytes),
                               options.statusPage ? "status" : "-", String(options.searchShardThreshold)])
        hash.combine(EngineKeys.hashTree(options.templatesDirectory))
        return hash.description
    }

    /// Writes the shard's files into `output/_kb-shard/` (each replaced whole).
    static func write(_ manifest: Manifest, diagnostics: [Diagnostic], search: [String: [(String, SearchIndex.Analyzed)]],
                      output: String) throws {
        let folder = output + "/" + Self.folder
        try SiteWriter.makeFolders(folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try replace(folder + "/manifest.json", Array(try encoder.encode(manifest)))
        let problems = diagnostics.map {
            Problem(error: $0.severity == .error, code: $0.code, path: $0.location.path, message: $0.message,
                    line: $0.location.line, column: $0.location.column)
        }
        try replace(folder + "/diagnostics.json", Array(try encoder.encode(problems)))
        for (tag, documents) in search {
            var writer = CacheWriter(contentPrefix: "")
            writer.int(documents.count)
            for (path, analyzed) in documents {
                writer.string(path)
                writer.analyzed(analyzed)
            }
            try replace(folder + "/search-\(tag).kbs", writer.bytes)
        }
    }

    /// A shard folder's manifest, diagnostics and search documents; nil with the reason when it is no whole shard.
    static func read(_ directory: String) -> Result<(Manifest, [Diagnostic], [String: [(String, SearchIndex.Analyzed)]]), MergeFailure> {
        let folder = directory + "/" + Self.folder
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { return .failure(MergeFailure("\(directory): no shard manifest (\(Self.folder)/manifest.json); is this the output of kb build --shard?")) }
        guard let problemData = FileManager.default.contents(atPath: folder + "/diagnostics.json"),
              let problems = try? JSONDecoder().decode([Problem].self, from: problemData)
        else { return .failure(MergeFailure("\(directory): the shard's diagnostics are missing or damaged")) }
        let diagnostics = problems.map {
            Diagnostic($0.error ? .error : .warning, $0.code, at: SourceLocation(path: $0.path, line: $0.line, column: $0.column), $0.message)
        }
        var search: [String: [(String, SearchIndex.Analyzed)]] = [:]
        for tag in manifest.locales {
            guard let bytes = FileBytes(folder + "/search-\(tag).kbs")?.bytes else {
                return .failure(MergeFailure("\(directory): the shard's search documents for \(tag) are missing"))
            }
            var reader = CacheReader(bytes, contentPrefix: "")
            do {
                search[tag] = try (0..<reader.count()).map { _ in (try reader.string(), try reader.analyzed()) }
                guard reader.isAtEnd else { throw CacheReader.Corrupt() }
            } catch {
                return .failure(MergeFailure("\(directory): the shard's search documents for \(tag) are damaged"))
            }
        }
        return .success((manifest, diagnostics, search))
    }

    private static func replace(_ path: String, _ bytes: [UInt8]) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteWriter.POSIXError(description: "\(temporary): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try bytes.withUnsafeBytes { try SiteWriter.writeAll(fd, $0) }
        try SiteWriter.rename(temporary, to: path)
    }
}

/// A set of shard folders `kb merge` refuses (exit code 2), naming the folder and why.
public struct MergeFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension CacheWriter {
    /// A search document as analysed: metadata, weighted length, and its terms with weight and best section.
    mutating func analyzed(_ value: SearchIndex.Analyzed) {
        searchDocument(value.document)
        int(value.length)
        int(value.terms.count)
        for term in value.terms {
            string(term.term)
            int(term.weight)
            int(term.section)
        }
    }
}

extension CacheReader {
    mutating func analyzed() throws -> SearchIndex.Analyzed {
        let document = try searchDocument()
        let length = try int()
        let terms = try (0..<count()).map { _ in (term: try string(), weight: try int(), section: try int()) }
        return SearchIndex.Analyzed(document: document, terms: terms, length: length)
    }
}
