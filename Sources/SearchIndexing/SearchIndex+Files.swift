/// The files of one locale's index, relative to `search/<locale>/`, as JSON, and as scripts for `file://`.
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
        public var script: String { File.scriptStart(name) + json + ");\n" }

        /// How the script of the file `name` starts, up to its JSON (what a bundle's line is recognised by).
        static func scriptStart(_ name: String) -> String { "KBSearchData.register(\"\(name)\", " }

        public init(name: String, json: String) {
            self.name = name
            self.json = json
        }
    }

    /// Scripts that hold the files of a sharded index but the manifest, for pages opened from `file://`, where
    /// `fetch` is not allowed. Offline part `p` holds the documents of `offlineChunks` document chunks: their
    /// `docs-<c>` files, then for every term shard `n` the postings of those documents, registered as
    /// `terms-<n>/<p>`; the browser joins a shard's pieces in part order. An edit changes the postings of its own
    /// documents only, so it rewrites the one part that holds them, whatever shards its terms are in. A search from
    /// `file://` loads every part.
    public static let offlineChunks = 10

    public static func offlinePart(ofChunk chunk: Int) -> Int { chunk / offlineChunks }

    /// The part of a document number (clamped to the parts there are: postings read back from disk are not trusted).
    static func offlinePart(ofDocument document: Int, parts: Int) -> Int {
        max(0, min(parts - 1, document / (offlineChunks * documentChunk)))
    }

    public static func offlinePartCount(documents: Int) -> Int { (chunkCount(documents) + offlineChunks - 1) / offlineChunks }

    /// The file name of an offline part.
    public static func offlinePartName(_ part: Int) -> String { "offline-\(part).js" }

    /// The names of the lines of offline part `part`, in order: its document chunks, then `terms-<n>/<part>` for
    /// each shard.
    public static func offlineLineNames(_ part: Int, shards: Int, documents: Int) -> [String] {
        let chunks = part * offlineChunks..<min((part + 1) * offlineChunks, chunkCount(documents))
        return chunks.map { "docs-\($0)" } + (0..<shards).map { "terms-\($0)/\(part)" }
    }

    /// Term shard `shard`'s line of each offline part: the postings of the part's documents.
    public static func offlineTermLines(_ shard: Int, _ postings: [String: [Int]], documents: Int) -> [String] {
        termsFileAndLines(shard, postings, documents: documents).lines
    }

    /// `terms-<shard>`, and its line of each offline part, encoded in one pass.
    public static func termsFileAndLines(_ shard: Int, _ postings: [String: [Int]], documents: Int) -> (file: File, lines: [String]) {
        let parts = offlinePartCount(documents: documents)
        let (whole, tables) = JSONWriter.postingsTable(postings, parts: parts) { offlinePart(ofDocument: $0, parts: parts) }
        let lines = tables.enumerated().map { part, json in
            var line = File.scriptStart("terms-\(shard)/\(part)")
            line.reserveCapacity(line.utf8.count + json.count + 3)
            line += String(decoding: json, as: UTF8.self)
            return line + ");\n"
        }
        return (File(name: "terms-\(shard)", json: String(decoding: whole, as: UTF8.self)), lines)
    }

    /// What a locale's index writes (manifest first): each file as `<name>.json`, the manifest also as
    /// `manifest.js`, and a sharded index's offline parts.
    public func outputs(shardThreshold: Int = SearchIndex.shardThreshold) -> [(name: String, text: String)] {
        let (files, parts) = filesAndParts(shardThreshold: shardThreshold, offline: true)
        return Self.outputs(files, offlineParts: parts ?? [:])
    }

    /// What the index files `files` (manifest first) write, with the offline parts `parts` already made.
    public static func outputs(_ files: [File], offlineParts parts: [Int: String]) -> [(name: String, text: String)] {
        var result = files.map { ($0.name + ".json", $0.json) }
        guard let manifest = files.first else { return result }
        result.append((manifest.name + ".js", manifest.script))
        for part in parts.keys.sorted() { result.append((offlinePartName(part), parts[part]!)) }
        return result
    }

    /// An offline part whose lines `names` (`offlineLineNames`) are those of `old`, the part on disk, with the
    /// `changed` lines (by name) replaced: each line is one file's script (compact JSON has no raw newline), so the
    /// other lines are kept as they are, unparsed. Nil when `old` is not a part of exactly those lines.
    public static func patchedPart(_ old: [UInt8], names: [String], changed: [String: String]) -> String? {
        let lines = old.split(separator: 0x0A, omittingEmptySubsequences: false)
        // One line per file, and the empty rest after the last newline.
        guard !names.isEmpty, lines.count == names.count + 1, lines.last?.isEmpty == true else { return nil }
        var part: [UInt8] = []
        part.reserveCapacity(old.count + changed.values.reduce(0) { $0 + $1.utf8.count })
        for (name, line) in zip(names, lines) {
            if let script = changed[name] {
                part.append(contentsOf: script.utf8)
                continue
            }
            guard line.starts(with: File.scriptStart(name).utf8) else { return nil }
            part.append(contentsOf: line)
            part.append(0x0A)
        }
        return String(decoding: part, as: UTF8.self)
    }

    /// The JSON of each line of an offline part (`offlineLineNames` order), by name, as the part's bytes hold it;
    /// nil when `part` is not a part of exactly those lines.
    public static func partLines(_ part: [UInt8], names: [String]) -> [String: ArraySlice<UInt8>]? {
        let lines = part.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard !names.isEmpty, lines.count == names.count + 1, lines.last?.isEmpty == true else { return nil }
        let end = Array(");".utf8)
        var result: [String: ArraySlice<UInt8>] = [:]
        result.reserveCapacity(names.count)
        for (name, line) in zip(names, lines) {
            let start = File.scriptStart(name).utf8
            guard line.starts(with: start), line.count >= start.count + end.count, line.suffix(end.count).elementsEqual(end)
            else { return nil }
            result[name] = line.dropFirst(start.count).dropLast(end.count)
        }
        return result
    }

    /// Postings entries (document, term pairs) of the index.
    public var entryCount: Int { postings.values.reduce(0) { $0 + $1.count / 3 } }

    /// The number of term shards for an index of `entries` postings entries; nil when it is one file.
    public static func shardCount(entries: Int, threshold: Int = SearchIndex.shardThreshold) -> Int? {
        entries > threshold ? max(2, min(256, entries / 20_000 * 8)) : nil
    }

    /// `manifest.json` holding everything for a small locale; for a large one a `manifest.json` header plus
    /// `terms-<n>.json` and `docs-<n>.json`. The browser always starts from the manifest: one request, no 404.
    public func files(shardThreshold: Int = SearchIndex.shardThreshold) -> [File] {
        filesAndParts(shardThreshold: shardThreshold, offline: false).files
    }

    /// The files, and with `offline` the offline parts of a sharded index, each part's lines appended as its files
    /// are encoded (no second copy of the index waits to be joined).
    func filesAndParts(shardThreshold: Int, offline: Bool) -> (files: [File], parts: [Int: String]?) {
        let summary = Summary(locale: locale, documents: documents.count, lengthSum: lengths.reduce(0, +))
        guard let shardCount = Self.shardCount(entries: entryCount, threshold: shardThreshold) else {
            return ([Self.manifest(summary, single: (Array(zip(documents, lengths)), postings))], nil)
        }
        var shards = Array(repeating: [String: [Int]](), count: shardCount)
        for (term, list) in postings { shards[Self.shard(of: term, count: shardCount)][term] = list }
        let docs = (0..<Self.chunkCount(documents.count)).map { chunk in
            Self.docsFile(chunk, Self.chunkRange(chunk, documents: documents.count).map { (documents[$0], lengths[$0]) })
        }
        var parts = [String](repeating: "", count: offline ? Self.offlinePartCount(documents: documents.count) : 0)
        if offline {
            for (chunk, file) in docs.enumerated() {
                let part = Self.offlinePart(ofChunk: chunk)
                parts[part] += File.scriptStart(file.name)
                parts[part] += file.json
                parts[part] += ");\n"
            }
        }
        var files = [Self.manifest(summary, shards: shardCount)]
        for (index, shard) in shards.enumerated() {
            guard offline else {
                files.append(Self.termsFile(index, shard))
                continue
            }
            let (file, lines) = Self.termsFileAndLines(index, shard, documents: documents.count)
            files.append(file)
            for (part, line) in lines.enumerated() { parts[part] += line }
        }
        files += docs
        return (files, offline ? Dictionary(uniqueKeysWithValues: parts.enumerated().map { ($0.offset, $0.element) }) : nil)
    }

    /// What a manifest says of its locale besides terms and documents.
    public struct Summary: Sendable {
        public var locale: String
        public var documents: Int
        /// The sum of the documents' weighted lengths.
        public var lengthSum: Int
        public init(locale: String, documents: Int, lengthSum: Int) {
            self.locale = locale
            self.documents = documents
            self.lengthSum = lengthSum
        }
    }

    /// The manifest: with `single`, the whole index of a small locale; else the header of a sharded one.
    public static func manifest(_ summary: Summary, single: ([(SearchDocument, Int)], [String: [Int]])? = nil, shards: Int = 0) -> File {
        let average = summary.documents == 0 ? 0 : Double(summary.lengthSum) / Double(summary.documents)
        var header: [(String, JSONWriter.Value)] = [
            ("version", .int(formatVersion)), ("tokenizer", .int(Tokenizer.version)), ("locale", .string(summary.locale)),
            ("documents", .int(summary.documents)), ("averageLength", .double((average * 100).rounded() / 100)),
        ]
        if let (docs, terms) = single {
            header.append(("docs", .array(docs.map { documentValue($0.0, length: $0.1) })))
            header.append(("terms", table(terms)))
        } else {
            header.append(("shards", .int(shards)))
            header.append(("documentChunk", .int(documentChunk)))
        }
        return File(name: "manifest", json: JSONWriter.encode(.object(header)))
    }

    /// `terms-<index>`: the postings of the terms in one shard.
    public static func termsFile(_ index: Int, _ postings: [String: [Int]]) -> File {
        File(name: "terms-\(index)", json: String(decoding: JSONWriter.postingsTable(postings), as: UTF8.self))
    }

    /// `docs-<chunk>`: the metadata of `documentChunk` documents.
    public static func docsFile(_ chunk: Int, _ documents: [(SearchDocument, Int)]) -> File {
        File(name: "docs-\(chunk)", json: JSONWriter.encode(.array(documents.map { documentValue($0.0, length: $0.1) })))
    }

    /// The names of a sharded index's files, in the order `files(shardThreshold:)` gives them.
    public static func fileNames(shards: Int, documents: Int) -> [String] {
        ["manifest"] + (0..<shards).map { "terms-\($0)" } + (0..<chunkCount(documents)).map { "docs-\($0)" }
    }

    public static func chunkCount(_ documents: Int) -> Int { (documents + documentChunk - 1) / documentChunk }

    public static func chunkRange(_ chunk: Int, documents: Int) -> Range<Int> {
        chunk * documentChunk..<min((chunk + 1) * documentChunk, documents)
    }

    private static func table(_ postings: [String: [Int]]) -> JSONWriter.Value {
        .raw(JSONWriter.postingsTable(postings))
    }

    static func documentValue(_ document: SearchDocument, length: Int) -> JSONWriter.Value {
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
        var scalars = 0
        for byte in term.utf8 {
            // A byte that is no continuation byte starts a scalar; the third one ends the prefix.
            if byte & 0xC0 != 0x80 {
                scalars += 1
                if scalars > 2 { break }
            }
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return Int(hash % UInt32(count))
    }
}
