import SiteModel

/// What the index knows of one article: enough to link to it, find its translations and check anchors.
///
/// A value type over one shared, copy-on-write box: the site index, the output plan and the shape hash hand tens of
/// thousands of entries from table to table, and a copy of the fields themselves retained each of their ten strings
/// and arrays (a fifth of a warm build's time went to retain and release).
public struct IndexEntry: Hashable, Sendable {
    struct Fields: Hashable, Sendable {
        var locale: LocaleCode
        var path: ArticlePath
        var permalink: Permalink
        var title: String
        var description: String?
        var anchors: AnchorSet
        var topicIDs: [TopicID]
        var uid: String?
        var sourcePath: String
        var isNoIndex: Bool
        var homeGroups: [String]
    }

    /// Written only while uniquely referenced (`fields`' setter), so sharing it between threads is safe.
    final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public var locale: LocaleCode { get { box.fields.locale } set { fields.locale = newValue } }
    public var path: ArticlePath { get { box.fields.path } set { fields.path = newValue } }
    public var permalink: Permalink { get { box.fields.permalink } set { fields.permalink = newValue } }
    public var title: String { get { box.fields.title } set { fields.title = newValue } }
    public var description: String? { get { box.fields.description } set { fields.description = newValue } }
    /// Heading ids and explicit `<a name>`/`id` anchors of the page.
    public var anchors: AnchorSet { get { box.fields.anchors } set { fields.anchors = newValue } }
    public var topicIDs: [TopicID] { get { box.fields.topicIDs } set { fields.topicIDs = newValue } }
    public var uid: String? { get { box.fields.uid } set { fields.uid = newValue } }
    public var sourcePath: String { get { box.fields.sourcePath } set { fields.sourcePath = newValue } }
    /// `NOINDEX` in `ROBOTS`.
    public var isNoIndex: Bool { get { box.fields.isNoIndex } set { fields.isNoIndex = newValue } }
    /// The article's values of the keys a home without a toc groups by (`SiteConfig.homeGroupBy`), "" where unset.
    public var homeGroups: [String] { get { box.fields.homeGroups } set { fields.homeGroups = newValue } }

    public init(
        locale: LocaleCode, path: ArticlePath, permalink: Permalink, title: String, description: String? = nil,
        anchors: AnchorSet = [], topicIDs: [TopicID] = [], uid: String? = nil, sourcePath: String,
        isNoIndex: Bool = false, homeGroups: [String] = []
    ) {
        box = Box(Fields(locale: locale, path: path, permalink: permalink, title: title, description: description,
                         anchors: anchors, topicIDs: topicIDs, uid: uid, sourcePath: sourcePath, isNoIndex: isNoIndex,
                         homeGroups: homeGroups))
    }

    public static func == (a: IndexEntry, b: IndexEntry) -> Bool { a.box === b.box || a.box.fields == b.box.fields }

    public func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }

    /// The permalink without its locale segment: equal for the translations of one article.
    public var translationKey: [String] { Array(permalink.segments.dropFirst()) }
}

/// A non-Markdown file of a locale folder (image, PDF, video) copied to the site.
public struct ResourceEntry: Hashable, Sendable {
    public var locale: LocaleCode
    public var path: ArticlePath
    /// Output path below the site root, segments normalised like permalinks (`ja-jp/media/a.png`).
    public var outputSegments: [String]
    public var filePath: String

    public init(locale: LocaleCode, path: ArticlePath, filePath: String) {
        self.locale = locale
        self.path = path
        self.filePath = filePath
        outputSegments = [locale.urlSegment] + path.value.split(separator: "/").map { Permalink.slug(String($0)) }
    }

    public var outputPath: String { outputSegments.joined(separator: "/") }
}

/// The barrier between parsing and rendering: every article and resource of every locale, looked up in O(1).
///
/// Two articles with the same permalink are a `url-collision` error; the first in path order keeps the URL. Every
/// translation key exists in every locale: where a locale lacks the article, a fallback page renders the best
/// available translation (`bestTranslation(of:for:)`).
public struct SiteIndex: Sendable {
    public let locales: [LocaleCode]
    public let defaultLocale: LocaleCode
    public let entries: [IndexEntry]
    public let resources: [ResourceEntry]
    public private(set) var diagnostics: [Diagnostic]
    private let fallbackOrder: [LocaleCode: [LocaleCode]]
    private let byPermalink: [Permalink: Int]
    private let byTranslationKey: [[String]: [Int]]
    private let byTopic: [TopicID: [Int]]
    /// `translationKeys(topic:)`, worked out once: every topic page and `topics.json` of every locale asks.
    private let topicKeys: [TopicID: [[String]]]
    private let byUID: [String: [Int]]
    private let resourcesByPath: [[String]: Int]
    private let namesByFolder: [[String]: Set<String>]
    /// Redirection rules in effect (shadowed ones dropped), and where each sends readers.
    public let redirects: [RedirectRule]
    let redirectTargets: [RedirectTarget]
    private let redirectByPermalink: [Permalink: Int]
    private let redirectKeys: Set<[String]>
    /// Locales in the order `destination(key:for:)` tries them, per locale.
    private let candidateOrder: [LocaleCode: [LocaleCode]]
    /// Where each locale's entries are in `entries` (sorted by locale, then path).
    private let localeRanges: [LocaleCode: Range<Int>]
    /// Every topic ID some article carries, sorted.
    public let topics: [TopicID]
    /// Every translation key, in a stable order (sorted once: a build plans its fallback pages by them).
    public let translationKeys: [[String]]

    /// kb.yml's defaultLocale, else the first English locale, else the first locale: the site's source language.
    public static func defaultLocale(configured: LocaleCode?, locales: [LocaleCode]) -> LocaleCode {
        configured ?? locales.first { $0.language == "en" } ?? locales.first ?? LocaleCode("en")!
    }

    /// First URL segments below a locale that kb's own pages use.
    public static let reservedSegments: Set<String> = ["topic", "search"]

    public init(
        locales: [LocaleCode], defaultLocale: LocaleCode? = nil, fallbackOrder: [LocaleCode: [LocaleCode]] = [:],
        entries candidates: [IndexEntry], resources: [ResourceEntry] = [], redirects rules: [RedirectRule] = []
    ) {
        var entries: [IndexEntry] = []
        var byPermalink: [Permalink: Int] = [:]
        entries.reserveCapacity(candidates.count)
        byPermalink.reserveCapacity(candidates.count)
        var diagnostics: [Diagnostic] = []
        // Locale, then path; the source path breaks a tie (one locale read from two folders), so no input order shows.
        // Positions are sorted, not the entries (an entry is large to move); candidates in order already (a build
        // gives them in discovery's order) are only checked.
        func before(_ x: IndexEntry, _ y: IndexEntry) -> Bool {
            x.locale != y.locale ? x.locale < y.locale : x.path != y.path ? x.path < y.path : x.sourcePath < y.sourcePath
        }
        let inOrder = zip(candidates, candidates.dropFirst()).allSatisfy { !before($1, $0) }
        let ordered = inOrder ? Array(candidates.indices) : candidates.indices.sorted { before(candidates[$0], candidates[$1]) }
        for position in ordered {
            let entry = candidates[position]
            if let first = entry.permalink.segments.dropFirst().first, SiteIndex.reservedSegments.contains(first) {
                diagnostics.append(.error(
                    "reserved-url", at: SourceLocation(path: entry.sourcePath),
                    "/\(entry.permalink.urlPath) is kb's own (`\(first)/` holds topic and search pages); rename the file or folder"))
                continue
            }
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
        byTranslationKey.reserveCapacity(entries.count)
        var byTopic: [TopicID: [Int]] = [:]
        var byUID: [String: [Int]] = [:]
        // Keys in the order they first appear: usually sorted already, then only checked.
        var keyOrder: [[String]] = []
        var keyOfEntry: [[String]] = []
        keyOfEntry.reserveCapacity(entries.count)
        // Fields read in place, each key made once: tens of thousands of entries on every build.
        for index in entries.indices {
            let key = Array(entries[index].permalink.segments.dropFirst())
            keyOfEntry.append(key)
            let known = byTranslationKey.count
            byTranslationKey[key, default: []].append(index)
            if byTranslationKey.count != known { keyOrder.append(key) }
            let topicIDs = entries[index].topicIDs
            if topicIDs.count == 1 {
                byTopic[topicIDs[0], default: []].append(index)
            } else {
                for topic in Set(topicIDs) { byTopic[topic, default: []].append(index) }
            }
            if let uid = entries[index].uid { byUID[uid, default: []].append(index) }
        }
        var localeRanges: [LocaleCode: Range<Int>] = [:]
        var start = 0
        while start < entries.count {
            let locale = entries[start].locale
            var end = start + 1
            while end < entries.count, entries[end].locale == locale { end += 1 }
            localeRanges[locale] = start..<end
            start = end
        }
        self.localeRanges = localeRanges
        topics = byTopic.keys.sorted()
        translationKeys = zip(keyOrder, keyOrder.dropFirst()).allSatisfy({ !$1.lexicographicallyPrecedes($0) })
            ? keyOrder : keyOrder.sorted { $0.lexicographicallyPrecedes($1) }
        var resourcesByPath: [[String]: Int] = [:]
        for (index, resource) in resources.enumerated() where resourcesByPath[resource.outputSegments] == nil {
            resourcesByPath[resource.outputSegments] = index
        }
        self.locales = locales
        self.defaultLocale = Self.defaultLocale(configured: defaultLocale, locales: locales)
        self.fallbackOrder = fallbackOrder
        self.entries = entries
        self.resources = resources
        self.byPermalink = byPermalink
        self.byTranslationKey = byTranslationKey
        self.byTopic = byTopic
        // Each key once, in entry order; a set only for a topic many articles carry (usually one article per locale).
        topicKeys = byTopic.mapValues { positions in
            var keys: [[String]] = []
            var seen = Set<[String]>()
            for position in positions {
                let key = keyOfEntry[position]
                if positions.count <= 16 ? !keys.contains(key) : seen.insert(key).inserted { keys.append(key) }
            }
            return keys
        }
        self.byUID = byUID
        self.resourcesByPath = resourcesByPath
        var namesByFolder: [[String]: Set<String>] = [:]
        for key in byTranslationKey.keys { namesByFolder[Array(key.dropLast()), default: []].insert(key.last ?? "") }
        self.namesByFolder = namesByFolder
        var candidateOrder: [LocaleCode: [LocaleCode]] = [:]
        for locale in locales {
            var seen = Set<LocaleCode>()
            candidateOrder[locale] = ([locale] + (fallbackOrder[locale] ?? []) + [self.defaultLocale] + locales)
                .filter { seen.insert($0).inserted }
        }
        self.candidateOrder = candidateOrder
        // Redirects: a rule whose locale still has the article is ignored; the first rule for a URL wins.
        var kept: [RedirectRule] = []
        var redirectByPermalink: [Permalink: Int] = [:]
        for rule in rules.sorted(by: { $0.location < $1.location }) {
            let permalink = Permalink(segments: [rule.locale.urlSegment] + rule.key)
            if let entry = byPermalink[permalink].map({ entries[$0] }) {
                diagnostics.append(.warning("redirect-shadowed", at: rule.location,
                                            "`\(rule.sourcePath)` still exists (\(entry.sourcePath)), so its redirect is ignored"))
                continue
            }
            if let other = redirectByPermalink[permalink] {
                diagnostics.append(.warning("redirect-duplicate", at: rule.location,
                                            "`\(rule.sourcePath)` is already redirected at \(kept[other].location); this rule is ignored"))
                continue
            }
            redirectByPermalink[permalink] = kept.count
            kept.append(rule)
        }
        self.redirects = kept
        self.redirectByPermalink = redirectByPermalink
        let redirectKeys = Set(kept.map(\.key))
        self.redirectKeys = redirectKeys
        redirectTargets = kept.map { rule in
            RedirectTarget(rule, isKnown: { byTranslationKey[$0] != nil || redirectKeys.contains($0) })
        }
        self.diagnostics = diagnostics
        self.diagnostics += redirectDiagnostics()
    }

    public func entry(at permalink: Permalink) -> IndexEntry? {
        byPermalink[permalink].map { entries[$0] }
    }

    /// The article of `locale` with this translation key, or nil when that locale has no such article.
    public func entry(key: [String], in locale: LocaleCode) -> IndexEntry? {
        entry(at: Permalink(segments: [locale.urlSegment] + key))
    }

    /// True when some locale has an article with this key, so every locale has a page for it.
    public func hasPage(key: [String]) -> Bool {
        byTranslationKey[key] != nil
    }

    /// True when some locale redirects this key.
    public func hasRedirect(key: [String]) -> Bool {
        !redirectKeys.isEmpty && redirectKeys.contains(key)
    }

    /// The positions of the articles with this key, in locale order; nil when no locale has one.
    func articlePositions(key: [String]) -> [Int]? {
        byTranslationKey[key]
    }

    /// The article of `locale` among those positions (`entry(key:in:)` for a key already looked up).
    func entry(among positions: [Int], in locale: LocaleCode) -> IndexEntry? {
        for position in positions where entries[position].locale == locale { return entries[position] }
        return nil
    }

    /// Every key some locale redirects, in a stable order.
    public var redirectedKeys: [[String]] {
        redirectKeys.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The redirection rule of `locale` at this key, if that locale has one.
    func redirect(key: [String], in locale: LocaleCode) -> Int? {
        redirectByPermalink[Permalink(segments: [locale.urlSegment] + key)]
    }

    /// The locales `locale` borrows from, in order: itself, its configured fallbacks, the default locale, the rest.
    func candidates(for locale: LocaleCode) -> [LocaleCode] {
        candidateOrder[locale] ?? [locale, defaultLocale] + locales
    }

    /// The locales that have their own article with this key, in locale order.
    public func locales(withKey key: [String]) -> [LocaleCode] {
        (byTranslationKey[key] ?? []).map { entries[$0].locale }
    }

    /// The same article in every locale that has it, in locale order.
    public func translations(key: [String]) -> [IndexEntry] {
        (byTranslationKey[key] ?? []).map { entries[$0] }.sorted { $0.locale < $1.locale }
    }

    /// The article `locale` shows for `key`: its own, else that of the configured fallbacks, the default locale, then
    /// the first locale that has it. Nil when there is none, or when a redirect comes first in that order (the
    /// page at that URL is then a redirect: `destination(key:for:)`).
    public func bestTranslation(key: [String], for locale: LocaleCode) -> IndexEntry? {
        if case .article(let entry)? = destination(key: key, for: locale) { return entry }
        return nil
    }

    public func entries(in locale: LocaleCode) -> [IndexEntry] {
        Array(entrySlice(in: locale))
    }

    /// A locale's entries in path order, without copying them.
    public func entrySlice(in locale: LocaleCode) -> ArraySlice<IndexEntry> {
        localeRanges[locale].map { entries[$0] } ?? []
    }

    /// How many articles a locale has.
    public func entryCount(in locale: LocaleCode) -> Int {
        localeRanges[locale]?.count ?? 0
    }

    /// Articles carrying a topic ID, in locale then path order.
    public func articles(topic: TopicID) -> [IndexEntry] {
        (byTopic[topic] ?? []).map { entries[$0] }
    }

    /// The translation keys of the articles with the topic ID, each once, in the order of `articles(topic:)`: what
    /// a topic page needs, without a copy of each entry.
    public func translationKeys(topic: TopicID) -> [[String]] {
        topicKeys[topic] ?? []
    }

    public func articles(uid: String) -> [IndexEntry] {
        (byUID[uid] ?? []).map { entries[$0] }
    }

    /// The resource at an output path, or the same path in the default locale.
    public func resource(segments: [String], locale: LocaleCode) -> ResourceEntry? {
        if let index = resourcesByPath[segments] { return resources[index] }
        var fallback = segments
        fallback[0] = defaultLocale.urlSegment
        return resourcesByPath[fallback].map { resources[$0] }
    }

    /// Last segments of the page keys in a folder, for did-you-mean suggestions.
    func pageNames(inFolder folder: [String]) -> Set<String> {
        namesByFolder[folder] ?? []
    }
}
