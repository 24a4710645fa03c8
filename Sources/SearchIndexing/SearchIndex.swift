import Foundation

/// The prebuilt index of one locale: BM25 postings with field weights, and per-document metadata.
///
/// Field weights: a term in the title counts 8 times, in a section heading 3 times, in body text once. Each posting
/// is `[document, weighted term frequency, section]` (the section where the term weighs most, for `#anchor` hits).
/// A small locale ships one file; a large one shards postings by the hash of a term's first two characters (so a
/// prefix query needs one shard) and documents in chunks, behind a manifest. Format: ARCHITECTURE.md ("Search index").
public struct SearchIndex: Sendable {
    public static let formatVersion = 1
    static let titleWeight = 8, headingWeight = 3, bodyWeight = 1

    /// A document after analysis: its metadata and weighted terms, texts dropped. Analysis is the expensive part
    /// (tokenizing every section), so the pipeline runs it in parallel with rendering, one page at a time.
    public struct Analyzed: Sendable {
        public let document: SearchDocument
        /// `(term, weighted frequency, best section)`, each term once, in the order the text first has them.
        public let terms: [(term: String, weight: Int, section: Int)]
        public let length: Int

        /// A document analysed before (read back from the build cache).
        public init(document: SearchDocument, terms: [(term: String, weight: Int, section: Int)], length: Int) {
            self.document = document
            self.terms = terms
            self.length = length
        }
    }

    public let locale: String
    public let documents: [SearchDocument]
    /// term → flat postings `[doc, wtf, section, doc, wtf, section, …]`, documents ascending.
    public let postings: [String: [Int]]
    /// Weighted length of each document (sum of its weighted term frequencies).
    public let lengths: [Int]

    /// Tokenizes a document's title (weight 8), section headings (3) and texts (1). The returned document keeps
    /// its section anchors and headings but not the texts.
    public static func analyze(_ document: SearchDocument) -> Analyzed {
        // One look-up by bytes per token (`TermTable`): terms get a number, and the per-term figures live in arrays.
        // Sized once for the text (about one distinct term per 16 bytes here), not grown step by step.
        let bytes = document.sections.reduce(document.title.utf8.count) { $0 + $1.heading.utf8.count + $1.text.utf8.count }
        var counts = TermCounts(table: TermTable(capacity: bytes / 16))
        counts.add(document.title, weight: titleWeight, section: 0)
        for (index, section) in document.sections.enumerated() {
            if section.anchor != nil { counts.add(section.heading, weight: headingWeight, section: index) }
            counts.add(section.text, weight: bodyWeight, section: index)
        }
        let (table, weights, bestSection) = (counts.table, counts.weights, counts.bestSection)
        var light = document
        light.sections = document.sections.map { .init(anchor: $0.anchor, heading: $0.heading, text: "") }
        // In the order first met: the index's files order terms when they are written (`JSONWriter.postingsTable`),
        // so sorting each page's terms too was work no output showed.
        // Labelled as `Analyzed.terms` is: an unlabelled tuple array is converted element by element at run time.
        let names = table.names
        let terms = names.indices.map { (term: names[$0], weight: weights[$0], section: bestSection[$0]) }
        return Analyzed(document: light, terms: terms, length: weights.reduce(0, +))
    }

    public init(locale: String, documents: [SearchDocument]) {
        self.init(locale: locale, analyzed: documents.map(Self.analyze))
    }

    /// Merges analyzed documents, in the given order, into postings.
    public init(locale: String, analyzed: [Analyzed]) {
        self.locale = locale
        // Terms numbered by their bytes (`TermTable`): a `String` key hashed per entry (millions on a large locale) cost
        // more than the rest of the merge, most for CJK terms. Two passes: each entry's term number and the entries
        // per term, then each list filled at the size it ends with (grown step by step, the lists were copied over
        // and over).
        let total = analyzed.reduce(0) { $0 + $1.terms.count }
        var table = TermTable(capacity: max(4096, total / 16))
        var numbers: [Int32] = []
        numbers.reserveCapacity(total)
        var sizes: [Int] = []
        for document in analyzed {
            for entry in document.terms {
                var term = entry.term
                let (id, isNew) = term.withUTF8 { table.number(of: $0, 0..<$0.count) }
                if isNew { sizes.append(0) }
                sizes[id] += 3
                numbers.append(Int32(id))
            }
        }
        var lists = sizes.map { size -> [Int] in
            var list: [Int] = []
            list.reserveCapacity(size)
            return list
        }
        var position = 0
        for (docIndex, document) in analyzed.enumerated() {
            for entry in document.terms {
                let id = Int(numbers[position])
                position += 1
                lists[id].append(docIndex)
                lists[id].append(entry.weight)
                lists[id].append(entry.section)
            }
        }
        var postings: [String: [Int]] = .init(minimumCapacity: lists.count)
        for (id, list) in lists.enumerated() { postings[table.names[id]] = list }
        documents = analyzed.map(\.document)
        lengths = analyzed.map(\.length)
        self.postings = postings
    }

    /// An index from postings already merged (an update of an earlier index: `SearchIndex+Update.swift`).
    public init(locale: String, documents: [SearchDocument], lengths: [Int], postings: [String: [Int]]) {
        self.locale = locale
        self.documents = documents
        self.lengths = lengths
        self.postings = postings
    }
}

/// A page's terms and their weights as `SearchIndex.analyze` counts them, field by field. A struct whose methods
/// mutate it: as local variables captured by the tokenizer's closure, every access paid a run-time exclusivity
/// check (a sixth of the analysis).
private struct TermCounts {
    var table: TermTable
    var weights: [Int] = []
    var bestSection: [Int] = []
    var bestWeight: [Int] = []
    /// The weight of each term in the field being added, and the terms it touched.
    var local: [Int] = []
    var touched: [Int] = []

    mutating func add(_ text: String, weight: Int, section: Int) {
        Tokenizer.forEachTerm(text) { bytes, range in count(bytes, range, weight: weight) }
        // A term's best section is where this one field gave it the most weight (the first such, on ties).
        for id in touched {
            weights[id] += local[id]
            if local[id] > bestWeight[id] { (bestWeight[id], bestSection[id]) = (local[id], section) }
            local[id] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    private mutating func count(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, weight: Int) {
        let (id, isNew) = table.number(of: bytes, range)
        if isNew { weights.append(0); bestSection.append(0); bestWeight.append(0); local.append(0) }
        if local[id] == 0 { touched.append(id) }
        local[id] += weight
    }
}

/// The first eight UTF-8 bytes of a string as a big-endian integer, zero-padded: where two strings' prefixes differ,
/// they order as the strings do in `codePointOrder` (a shorter string's padding sorts before any byte but NUL, and a
/// NUL makes the prefixes equal, leaving the order to the full comparison).
func codePointPrefix(_ s: String) -> UInt64 {
    var key: UInt64 = 0
    var count = 0
    for byte in s.utf8 {
        key = key << 8 | UInt64(byte)
        count += 1
        if count == 8 { return key }
    }
    return count == 0 ? 0 : key << UInt64(8 * (8 - count))
}

/// Orders strings by their UTF-8 bytes, which is Unicode code-point order.
@inline(__always)
func codePointOrder(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
