import LinkResolution
import SearchIndexing
import SiteModel

/// Appends values to a byte buffer: unsigned LEB128 varints, length-prefixed UTF-8 strings. The build cache's format
/// (ARCHITECTURE.md, "Build cache"); paths under the content folder are written relative to it (`relative`).
struct CacheWriter {
    private(set) var bytes: [UInt8] = []
    /// The content folder as given on the command line, followed by `/`; written as a one-byte marker instead.
    let contentPrefix: String

    private let contentPrefixBytes: [UInt8]

    init(contentPrefix: String) {
        self.contentPrefix = contentPrefix
        contentPrefixBytes = Array(contentPrefix.utf8)
    }

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A length-prefixed block of bytes another writer made.
    mutating func bytes(_ block: [UInt8]) {
        int(block.count)
        bytes.append(contentsOf: block)
    }

    mutating func string(_ value: String) {
        var value = value
        int(value.utf8.count)
        value.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A string that may name files below the content folder: that prefix is stored as `\u{1}`, so the cache holds
    /// no machine path when the content folder is given as an absolute one.
    /// A flag byte says whether the marker was used (never for a text that holds `\u{1}` itself). Works on bytes:
    /// the cache is written once per build with every title and path in it.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { source in
            let prefix = contentPrefixBytes
            guard !prefix.isEmpty, source.count >= prefix.count, !source.contains(1), CacheWriter.find(prefix, in: source, from: 0) != nil
            else {
                bytes.append(0)
                int(source.count)
                bytes.append(contentsOf: source)
                return
            }
            var out: [UInt8] = []
            out.reserveCapacity(source.count)
            var start = 0
            while let match = CacheWriter.find(prefix, in: source, from: start) {
                out.append(contentsOf: source[start..<match])
                out.append(1)
                start = match + prefix.count
            }
            out.append(contentsOf: source[start...])
            bytes.append(1)
            int(out.count)
            bytes.append(contentsOf: out)
        }
    }

    /// The first index at or after `from` where `needle` starts in `haystack`.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var same = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    same = false
                    break
                }
                if same { return index }
            }
            index += 1
        }
        return nil
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { text(value) }
    }

    mutating func hash(_ value: StableHash) { int(Int(Int64(bitPattern: value.value))) }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { text(value) }
    }

    mutating func diagnostics(_ values: [Diagnostic]) {
        int(values.count)
        for value in values {
            bool(value.severity == .error)
            string(value.code)
            text(value.location.path)
            int(value.location.line)
            int(value.location.column)
            text(value.message)
        }
    }

    mutating func entry(_ entry: IndexEntry) {
        string(entry.locale.tag)
        string(entry.path.value)
        strings(entry.permalink.segments)
        text(entry.title)
        optional(entry.description)
        text(entry.anchors.joined)
        strings(entry.topicIDs.map(\.value))
        optional(entry.uid)
        text(entry.sourcePath)
        bool(entry.isNoIndex)
        strings(entry.homeGroups)
    }

    mutating func searchEntry(_ value: BuildCache.SearchEntry) {
        // One read from a cache of the same content folder: its bytes as they were (the texts' markers stand for
        // the same prefix).
        if let encoded = value.encoded, encoded.contentPrefix == contentPrefix {
            bytes.append(contentsOf: encoded.bytes)
            return
        }
        searchDocument(value.document)
        int(value.length)
        int(value.termCount)
        int(value.shards.count)
        for word in value.shards { int(Int(Int64(bitPattern: word))) }
    }

    /// A search document's metadata (section texts are never stored).
    mutating func searchDocument(_ document: SearchDocument) {
        text(document.url)
        text(document.title)
        text(document.breadcrumb)
        text(document.excerpt)
        bool(document.isFallback)
        int(document.sections.count)
        for section in document.sections {
            optional(section.anchor)
            text(section.heading)
        }
    }
}

/// Reads what `CacheWriter` wrote. Every read is bounds-checked: a truncated or corrupt cache throws
/// `CacheReader.Corrupt`, and the build ignores the cache.
struct CacheReader {
    struct Corrupt: Error {}

    private let bytes: [UInt8]
    var offset: Int
    /// Reads stop here (the end of a section).
    private let end: Int
    let contentPrefix: String
    /// The locale of the last index entry read, with the tag it was read from.
    private var lastLocale: (tag: String, code: LocaleCode)?

    init(_ bytes: [UInt8], range: Range<Int>? = nil, contentPrefix: String) {
        self.bytes = bytes
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
        self.contentPrefix = contentPrefix
    }

    var isAtEnd: Bool { offset == end }

    mutating func int() throws -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw Corrupt() }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: result)) }
            shift += 7
        }
    }

    /// A count of things that follow: never negative, never more than the bytes left could hold.
    mutating func count() throws -> Int {
        let value = try int()
        guard value >= 0, value <= end - offset else { throw Corrupt() }
        return value
    }

    mutating func bool() throws -> Bool {
        guard offset < end, bytes[offset] <= 1 else { throw Corrupt() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() throws -> String {
        let length = try count()
        let start = offset
        offset += length
        let text = bytes.withUnsafeBufferPointer {
            String(validating: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self)
        }
        guard let text else { throw Corrupt() }
        return text
    }

    mutating func text() throws -> String {
        let marked = try bool()
        guard marked else { return try string() }
        let length = try count()
        var out: [UInt8] = []
        out.reserveCapacity(length + contentPrefix.utf8.count)
        for byte in bytes[offset..<offset + length] {
            if byte == 1 { out.append(contentsOf: contentPrefix.utf8) } else { out.append(byte) }
        }
        offset += length
        guard let text = String(validating: out, as: UTF8.self) else { throw Corrupt() }
        return text
    }

    mutating func optional() throws -> String? {
        try bool() ? try text() : nil
    }

    mutating func hash() throws -> StableHash {
        StableHash(raw: UInt64(bitPattern: Int64(try int())))
    }

    mutating func strings() throws -> [String] {
        try (0..<count()).map { _ in try text() }
    }

    mutating func diagnostics() throws -> [Diagnostic] {
        try (0..<count()).map { _ in
            let severity: Diagnostic.Severity = try bool() ? .error : .warning
            let code = try string()
            let location = SourceLocation(path: try text(), line: try int(), column: try int())
            return Diagnostic(severity, code, at: location, try text())
        }
    }

    mutating func entry() throws -> IndexEntry {
        // Records come in path order, so runs of one locale: its tag is parsed once per run.
        let tag = try string()
        if tag != lastLocale?.tag { lastLocale = LocaleCode(tag).map { (tag, $0) } }
        guard let locale = lastLocale?.code else { throw Corrupt() }
        return IndexEntry(
            locale: locale, path: ArticlePath(try string()), permalink: Permalink(segments: try strings()),
            title: try text(), description: try optional(), anchors: AnchorSet(joined: try text()),
            topicIDs: try strings().map(TopicID.init), uid: try optional(), sourcePath: try text(), isNoIndex: try bool(),
            homeGroups: try strings())
    }

    /// An entry whose document and shard bits stay encoded until asked for (`BuildCache.SearchEntry`): read
    /// through here (lengths checked, texts not decoded), so a corrupt entry is still found with the cache.
    mutating func searchEntry() throws -> BuildCache.SearchEntry {
        let start = offset
        for _ in 0..<4 { try skipText() }
        _ = try bool()
        for _ in 0..<(try count()) {
            if try bool() { try skipText() }
            try skipText()
        }
        let length = try int(), termCount = try int()
        for _ in 0..<(try count()) { _ = try int() }
        let encoded = BuildCache.SearchEntry.Encoded(bytes: bytes[start..<offset], contentPrefix: contentPrefix)
        return BuildCache.SearchEntry(encoded: encoded, length: length, termCount: termCount)
    }

    /// A text's bytes passed over: its flag, and as many bytes as its length says, each a valid UTF-8 string.
    private mutating func skipText() throws {
        _ = try bool()
        let length = try count()
        let valid = bytes.withUnsafeBufferPointer { buffer in
            let text = UnsafeBufferPointer(rebasing: buffer[offset..<offset + length])
            return text.allSatisfy { $0 < 0x80 } || String(validating: text, as: UTF8.self) != nil
        }
        guard valid else { throw Corrupt() }
        offset += length
    }

    /// An entry decoded whole.
    mutating func decodedSearchEntry() throws -> BuildCache.SearchEntry {
        let document = try searchDocument()
        let length = try int(), termCount = try int()
        let shards = try (0..<count()).map { _ in UInt64(bitPattern: Int64(try int())) }
        return BuildCache.SearchEntry(document: document, length: length, termCount: termCount, shards: shards)
    }

    mutating func searchDocument() throws -> SearchDocument {
        let url = try text(), title = try text(), breadcrumb = try text(), excerpt = try text()
        let isFallback = try bool()
        let sections = try (0..<count()).map { _ in
            SearchDocument.Section(anchor: try optional(), heading: try text(), text: "")
        }
        return SearchDocument(url: url, title: title, breadcrumb: breadcrumb, excerpt: excerpt, isFallback: isFallback,
                              sections: sections)
    }
}
