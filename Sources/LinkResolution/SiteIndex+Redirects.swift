import SiteModel

/// One entry of a locale's `.openpublishing.redirection.json`: a retired article and where it now lives.
public struct RedirectRule: Hashable, Sendable {
    public var locale: LocaleCode
    /// The retired article, below the locale folder (`AlchemyInsights/old.md`).
    public var sourcePath: ArticlePath
    /// As written: `/AlchemyInsights/new`, `new.md#step-2`, or an absolute URL.
    public var target: String
    public var location: SourceLocation

    public init(locale: LocaleCode, sourcePath: ArticlePath, target: String, location: SourceLocation) {
        self.locale = locale
        self.sourcePath = sourcePath
        self.target = target
        self.location = location
    }

    /// The translation key of the retired article's URL.
    public var key: [String] { Array(Permalink.article(sourcePath, in: locale).segments.dropFirst()) }

    /// The folder of the retired article, against which a relative target resolves.
    var folder: [String] { sourcePath.value.split(separator: "/").dropLast().map(String.init) }
}

/// Where a rule points, read once when the index is built.
enum RedirectTarget: Hashable, Sendable {
    /// A page of the site (an article, or another redirect), in whatever locale the link is followed from.
    case page(key: [String], fragment: String?)
    /// Anything else (an external URL, a file, a site-root path for `links.siteRootFallback`, a broken path): left
    /// to `LinkResolver`, which reports what is wrong with it.
    case link(String)

    init(_ rule: RedirectRule, isKnown: ([String]) -> Bool) {
        let raw = String(rule.target.trimming(" \t"))
        let reference = PathReference(raw)
        guard PathReference.scheme(of: raw) == nil, !raw.hasPrefix("//"), !reference.path.isEmpty,
              let segments = reference.resolved(from: rule.folder) else {
            self = .link(raw)
            return
        }
        let key = Array(Permalink.article(ArticlePath(segments.joined(separator: "/")), in: rule.locale).segments.dropFirst())
        self = isKnown(key) ? .page(key: key, fragment: reference.fragment) : .link(raw)
    }
}

extension SiteIndex {
    /// What a URL of a locale shows.
    public enum Destination: Sendable {
        /// An article: the locale's own, or a fallback from another locale.
        case article(IndexEntry)
        /// A redirect page, for this locale's rule or one it borrows.
        case redirect(RedirectRule)
    }

    /// Where following redirects from a URL ends.
    public enum Followed: Sendable {
        /// An article page of the locale the link is followed from (`key`), showing `entry`; `fragment` is the one the
        /// last rule names, if any. `via` lists the rules followed, empty when the URL is no redirect.
        case article(key: [String], entry: IndexEntry, fragment: String?, via: [RedirectRule])
        /// The last rule's target is no page of the site: resolve it as a link written in that rule's file.
        case link(String, rule: RedirectRule, via: [RedirectRule])
        /// The rules loop back on themselves.
        case cycle([RedirectRule])
        /// More than `maxRedirectHops` rules in a row.
        case tooLong([RedirectRule])
        /// Nothing at this URL.
        case missing
    }

    /// At most this many redirects are followed from one URL.
    public static let maxRedirectHops = 10

    /// What `locale` shows at `key`: the first of its candidate locales (itself, its fallbacks, the default locale,
    /// the rest) that has an article or a redirect there decides. So a locale that retired an article redirects
    /// even where another locale still has it, and a locale that lacks both borrows its neighbour's choice.
    public func destination(key: [String], for locale: LocaleCode) -> Destination? {
        // The key's own articles (one per locale at most), looked up once rather than per candidate locale.
        let articles = articlePositions(key: key)
        let redirected = hasRedirect(key: key)
        guard articles != nil || redirected else { return nil }
        for candidate in candidates(for: locale) {
            if let articles, let entry = entry(among: articles, in: candidate) { return .article(entry) }
            if redirected, let rule = redirect(key: key, in: candidate) { return .redirect(redirects[rule]) }
        }
        return nil
    }

    /// Follows redirects from `key` as seen from `locale`, to the page a reader finally lands on.
    public func follow(key: [String], for locale: LocaleCode) -> Followed {
        var key = key
        var fragment: String?
        var via: [RedirectRule] = []
        // Made at the first redirect: most links land on a page at once.
        var visited: Set<[String]> = []
        while true {
            switch destination(key: key, for: locale) {
            case nil:
                return .missing
            case .article(let entry):
                return .article(key: key, entry: entry, fragment: fragment, via: via)
            case .redirect(let rule):
                via.append(rule)
                guard via.count <= SiteIndex.maxRedirectHops else { return .tooLong(via) }
                let index = redirectByIdentity(rule)
                switch redirectTargets[index] {
                case .link(let raw):
                    return .link(raw, rule: rule, via: via)
                case .page(let next, let nextFragment):
                    if visited.isEmpty { visited.insert(key) }
                    guard visited.insert(next).inserted else { return .cycle(via) }
                    key = next
                    if let nextFragment { fragment = nextFragment }
                }
            }
        }
    }

    /// Each `(locale, key)` whose page is a redirect, in a stable order: the locales' own rules and the ones they borrow.
    public var redirectPages: [(locale: LocaleCode, key: [String], rule: RedirectRule)] {
        var pages: [(LocaleCode, [String], RedirectRule)] = []
        for key in redirectedKeys {
            for locale in locales {
                if case .redirect(let rule)? = destination(key: key, for: locale) { pages.append((locale, key, rule)) }
            }
        }
        return pages
    }

    private func redirectByIdentity(_ rule: RedirectRule) -> Int {
        redirect(key: rule.key, in: rule.locale)!
    }

    /// Cycles and over-long chains, once per rule, from the rule's own locale.
    func redirectDiagnostics() -> [Diagnostic] {
        redirects.compactMap { rule in
            switch follow(key: rule.key, for: rule.locale) {
            case .cycle(let via):
                var keys = via.map(\.key)
                if case .page(let repeated, _) = redirectTargets[redirectByIdentity(via[via.count - 1])] { keys.append(repeated) }
                let chain = keys.map { "/" + rule.locale.urlSegment + "/" + $0.joined(separator: "/") }.joined(separator: " → ")
                return .error("redirect-cycle", at: rule.location, "redirects go round in a cycle: \(chain)")
            case .tooLong(let via):
                return .error("redirect-chain-too-long", at: rule.location,
                              "more than \(SiteIndex.maxRedirectHops) redirects in a row from `\(rule.sourcePath)` (through \(via.last.map { "\($0.location)" } ?? "?"))")
            default:
                return nil
            }
        }
    }
}
