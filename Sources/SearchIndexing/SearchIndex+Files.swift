/// The files of one locale's index, relative to `search/<locale>/`, each as JSON and as a script for `file://`.
extension SearchIndex {
    /// Above this many postings entries a locale is sharded.
    public static let shardThreshold = 60_000
    /// Documents per metadata chunk in a sharded index.
    public static let documentChunk = 64

    public struct File: Sendable {
        public let name: String
        public let json: String
        /// The same data for pages opened from `file://`, where `fetch` is not allowed:
        /// `KBSearchData.register("<name>", <json>);`
        public var script: String { "KBSearchData.register(\"\(name)\", \(json));\n" }
        /// The two files written for it: `<name>.json` and `<name>.js`.
        public var outputs: [(name: String, text: String)] { [(name + ".json", json), (name + ".js", script)] }
    }

    /// `manifest.json` holding everything for a small locale; for a large one a `manifest.json` header plus
    /// `terms-<n>.json` and `docs-<n>.json`. The browser always starts from the manifest: one request, no 404.
    public func files(shardThreshold: Int = SearchIndex.shardThreshold) -> [File] {
        let entries = postings.values.reduce(0) { $0 + $1.count / 3 }
        let documentValues = documents.enumerated().map { documentValue($1, length: lengths[$0]) }
        var header: [(String, JSONWriter.Value)] = [
            ("version", .int(Self.formatVersion)), ("tokenizer", .int(Tokenizer.version)), ("locale", .string(locale)),
            ("documents", .int(documents.count)), ("averageLength", .double((averageLength * 100).rounded() / 100)),
        ]
        guard entries > shardThreshold else {
            header.append(("docs", .array(documentValues)))
            header.append(("terms", Self.table(postings)))
            return [File(name: "manifest", json: JSONWriter.encode(.object(header)))]
        }
        let shardCount = max(2, min(256, entries / 20_000 * 8))
        var shards = Array(repeating: [String: [Int]](), count: shardCount)
        for (term, list) in postings { shards[Self.shard(of: term, count: shardCount)][term] = list }
        header.append(("shards", .int(shardCount)))
        header.append(("documentChunk", .int(Self.documentChunk)))
        var files = [File(name: "manifest", json: JSONWriter.encode(.object(header)))]
        for (index, shard) in shards.enumerated() {
            files.append(File(name: "terms-\(index)", json: JSONWriter.encode(Self.table(shard))))
        }
        for start in stride(from: 0, to: documentValues.count, by: Self.documentChunk) {
            let chunk = Array(documentValues[start..<min(start + Self.documentChunk, documentValues.count)])
            files.append(File(name: "docs-\(start / Self.documentChunk)", json: JSONWriter.encode(.array(chunk))))
        }
        return files
    }

    private static func table(_ postings: [String: [Int]]) -> JSONWriter.Value {
        .object(postings.map { ($0.key, .array($0.value.map { .int($0) })) })
    }

    private func documentValue(_ document: SearchDocument, length: Int) -> JSONWriter.Value {
        var pairs: [(String, JSONWriter.Value)] = [
            ("t", .string(document.title)), ("u", .string(document.url)), ("b", .string(document.breadcrumb)),
            ("x", .string(document.excerpt)), ("l", .int(length)),
            ("s", .array(document.sections.map { .array([.string($0.anchor ?? ""), .string($0.heading)]) })),
        ]
        if document.isFallback { pairs.append(("f", .int(1))) }
        return .object(pairs)
    }

    /// FNV-1a over the UTF-8 bytes of the term's first two characters (Unicode scalars), modulo `count`.
    /// `kb-search.js` computes the same to find a term's shard.
    public static func shard(of term: String, count: Int) -> Int {
        var hash: UInt32 = 0x811C_9DC5
        for scalar in term.unicodeScalars.prefix(2) {
            for byte in String(scalar).utf8 {
                hash ^= UInt32(byte)
                hash = hash &* 0x0100_0193
            }
        }
        return Int(hash % UInt32(count))
    }
}
