import Foundation
import SearchIndexing
import SiteModel

/// What a shard leaves beside its pages, in `<output>/_kb-shard/` (ARCHITECTURE.md, "Sharded builds"): a manifest
/// that says which site it is a part of, its diagnostics, the list of its pages (`kb merge` places them without
/// walking the folder), and per locale the analysed search documents of its pages (`kb merge` numbers them in path
/// order across shards and writes each locale's index, as one build would).
enum ShardFiles {
    static let folder = "_kb-shard"

    /// One locale's search index over a shard's pages alone: documents numbered in the shard's path order.
    /// `kb merge` renumbers them into the site's path order and joins the postings term by term.
    struct Index {
        var paths: [String]
        var index: SearchIndex
    }

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
        /// One hash over every article, include, toc and redirection file: display path and content hash.
        var sources: String
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

    /// Writes the shard's files into `output/_kb-shard/` (each replaced whole); `pages`: every file of the shard's
    /// site, relative to `output`.
    static func write(_ manifest: Manifest, diagnostics: [Diagnostic], pages: [String], search: [String: [UInt8]],
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
        // One path after another, each ended by a NUL (the one byte no path holds).
        try replace(folder + "/pages", Array(pages.sorted().map { $0 + "\0" }.joined().utf8))
        for (tag, bytes) in search { try replace(folder + "/search-\(tag).kbs", bytes) }
    }

    /// A locale's `search-<tag>.kbs`: its documents in order, then each term's postings.
    static func encode(_ part: Index) -> [UInt8] {
        var writer = CacheWriter(contentPrefix: "")
        writer.int(part.paths.count)
        for (number, path) in part.paths.enumerated() {
            writer.string(path)
            writer.searchDocument(part.index.documents[number])
            writer.int(part.index.lengths[number])
        }
        writer.int(part.index.postings.count)
        for term in part.index.postings.keys.sorted() {
            let list = part.index.postings[term]!
            writer.string(term)
            writer.int(list.count)
            for value in list { writer.int(value) }
        }
        return writer.bytes
    }

    /// What `read` finds in a shard folder.
    struct Contents {
        var manifest: Manifest
        var diagnostics: [Diagnostic]
        /// The shard's pages, relative to its folder.
        var pages: [String]
        var search: [String: Index]
    }

    /// A shard folder's manifest, diagnostics, pages and search documents; nil with the reason when it is no whole
    /// shard.
    static func read(_ directory: String) -> Result<Contents, MergeFailure> {
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
        // Paths inside the folder only (`SiteWriter.staysInside`), none in the shard's own folder.
        guard let list = FileBytes(folder + "/pages")?.bytes, list.last == 0 || list.isEmpty else {
            return .failure(MergeFailure("\(directory): the shard's page list (\(Self.folder)/pages) is missing or damaged"))
        }
        let pages = list.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        if let bad = pages.first(where: { !SiteWriter.staysInside($0) || $0.hasPrefix(Self.folder + "/") }) {
            return .failure(MergeFailure("\(directory): the shard's page list names \(bad.debugDescription), which is no page of it"))
        }
        var search: [String: Index] = [:]
        for tag in manifest.locales {
            guard let bytes = FileBytes(folder + "/search-\(tag).kbs")?.bytes else {
                return .failure(MergeFailure("\(directory): the shard's search documents for \(tag) are missing"))
            }
            var reader = CacheReader(bytes, contentPrefix: "")
            do {
                var paths: [String] = [], documents: [SearchDocument] = [], lengths: [Int] = []
                for _ in 0..<(try reader.count()) {
                    paths.append(try reader.string())
                    documents.append(try reader.searchDocument())
                    lengths.append(try reader.int())
                }
                var postings: [String: [Int]] = [:]
                for _ in 0..<(try reader.count()) {
                    let term = try reader.string()
                    let list = try (0..<reader.count()).map { _ in try reader.int() }
                    // Triples of a document number below the shard's count, its weight and section.
                    guard list.count % 3 == 0, stride(from: 0, to: list.count, by: 3).allSatisfy({ (0..<paths.count).contains(list[$0]) })
                    else { throw CacheReader.Corrupt() }
                    postings[term] = list
                }
                guard reader.isAtEnd else { throw CacheReader.Corrupt() }
                search[tag] = Index(paths: paths, index: SearchIndex(locale: tag, documents: documents, lengths: lengths, postings: postings))
            } catch {
                return .failure(MergeFailure("\(directory): the shard's search documents for \(tag) are damaged"))
            }
        }
        return .success(Contents(manifest: manifest, diagnostics: diagnostics, pages: pages, search: search))
    }

    private static func replace(_ path: String, _ bytes: [UInt8]) throws {
        try SiteWriter.replaceFile(path, with: bytes)
    }
}

/// A set of shard folders `kb merge` refuses (exit code 2), naming the folder and why.
public struct MergeFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
