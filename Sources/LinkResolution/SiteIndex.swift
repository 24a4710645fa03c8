import SiteModel

/// What the index knows of one article: enough to link to it, find its translations and check anchors.
public struct IndexEntry: Hashable, Sendable {
    public var locale: LocaleCode
    public var path: ArticlePath
    public var permalink: Permalink
    public var title: String
    public var description: String?
    public var anchors: Set<String>
    public var topicIDs: [TopicID]
    public var uid: String?
    public var sourcePath: String

    public init(
        locale: LocaleCode, path: ArticlePath, permalink: Permalink, title: String, description: String? = nil,
        anchors: Set<String> = [],
        topicIDs: [TopicID] = [], uid: String? = nil, sourcePath: String
    ) {
        self.locale = locale
        self.path = path
        self.permalink = permalink
        self.title = title
        self.description = description
        self.anchors = anchors
        self.topicIDs = topicIDs
        self.uid = uid
        self.sourcePath = sourcePath
    }

    /// The permalink without its locale segment: equal for the translations of one article.
    public var translationKey: [String] { Array(permalink.segments.dropFirst()) }
}

/// The barrier between parsing and rendering: every article of every locale, looked up in O(1).
///
/// Built once after all articles are parsed. Two articles with the same permalink are a `url-collision` error;
/// the first in path order keeps the URL.
public struct SiteIndex: Sendable {
    public let locales: [LocaleCode]
    public let entries: [IndexEntry]
    private let byPermalink: [Permalink: Int]
    private let byTranslationKey: [[String]: [Int]]
    public let diagnostics: [Diagnostic]

    public init(locales: [LocaleCode], entries candidates: [IndexEntry]) {
        var entries: [IndexEntry] = []
        var byPermalink: [Permalink: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for entry in candidates.sorted(by: { ($0.locale, $0.path) < ($1.locale, $1.path) }) {
            if let existing = byPermalink[entry.permalink] {
                diagnostics.append(.error(
                    "url-collision", at: SourceLocation(path: entry.sourcePath),
                    "this article and \(entries[existing].sourcePath) both map to \(entry.permalink); this one is skipped"))
                continue
            }
            byPermalink[entry.permalink] = entries.count
            entries.append(entry)
        }
        var byTranslationKey: [[String]: [Int]] = [:]
        for (index, entry) in entries.enumerated() { byTranslationKey[entry.translationKey, default: []].append(index) }
        self.locales = locales
        self.entries = entries
        self.byPermalink = byPermalink
        self.byTranslationKey = byTranslationKey
        self.diagnostics = diagnostics
    }

    public func entry(at permalink: Permalink) -> IndexEntry? {
        byPermalink[permalink].map { entries[$0] }
    }

    /// The same article in other locales (including itself), in locale order.
    public func translations(of entry: IndexEntry) -> [IndexEntry] {
        (byTranslationKey[entry.translationKey] ?? []).map { entries[$0] }.sorted { $0.locale < $1.locale }
    }

    public func entries(in locale: LocaleCode) -> [IndexEntry] {
        entries.filter { $0.locale == locale }
    }
}
