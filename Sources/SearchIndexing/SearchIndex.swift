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

    public let locale: String
    public let documents: [SearchDocument]
    /// term → flat postings `[doc, wtf, section, doc, wtf, section, …]`, documents ascending.
    public let postings: [String: [Int]]
    /// Weighted length of each document (sum of its weighted term frequencies).
    public let lengths: [Int]

    public init(locale: String, documents: [SearchDocument]) {
        self.locale = locale
        self.documents = documents
        var postings: [String: [Int]] = [:]
        var lengths: [Int] = []
        for (docIndex, document) in documents.enumerated() {
            var weights: [String: Int] = [:]
            var bestSection: [String: (section: Int, weight: Int)] = [:]
            func add(_ text: String, weight: Int, section: Int) {
                var local: [String: Int] = [:]
                for term in Tokenizer.terms(text) { local[term, default: 0] += weight }
                for (term, w) in local {
                    weights[term, default: 0] += w
                    if w > bestSection[term]?.weight ?? 0 { bestSection[term] = (section, w) }
                }
            }
            add(document.title, weight: Self.titleWeight, section: 0)
            for (sectionIndex, section) in document.sections.enumerated() {
                if section.anchor != nil { add(section.heading, weight: Self.headingWeight, section: sectionIndex) }
                add(section.text, weight: Self.bodyWeight, section: sectionIndex)
            }
            for term in weights.keys.sorted() {
                postings[term, default: []] += [docIndex, weights[term]!, bestSection[term]?.section ?? 0]
            }
            lengths.append(weights.values.reduce(0, +))
        }
        self.postings = postings
        self.lengths = lengths
    }

    var averageLength: Double {
        lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }
}
