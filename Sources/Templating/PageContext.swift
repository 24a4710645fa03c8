/// What every page shows around its content: language, direction, titles, the way home, the other languages.
public struct PageChrome: Sendable {
    public var lang: String
    public var dir: String
    public var siteTitle: String
    /// The page's own title; the layout adds the site title.
    public var title: String
    public var description: String?
    public var robots: String?
    /// Relative prefix from the page to the site root (`../../`), for assets.
    public var root: String
    /// Relative href to the page's locale home; nil on the root home.
    public var homeHref: String?
    public var canonicalURL: String?
    public var languages: [LanguageLink]
    /// `<link rel="alternate" hreflang>` targets: the locales that really have this page, plus `x-default`.
    public var alternates: [LanguageLink]
    /// Relative href to this locale's search page; nil where there is none (the root home).
    public var searchHref: String?
    /// The toc tree around this page.
    public var navigation: [NavItem] = []
    /// Toc groups above this page (the locale home comes first in the template).
    public var breadcrumbs: [NavItem] = []

    public init(
        lang: String, dir: String, siteTitle: String, title: String, description: String? = nil,
        robots: String? = nil, root: String, homeHref: String? = nil, canonicalURL: String? = nil,
        languages: [LanguageLink] = [], alternates: [LanguageLink] = []
    ) {
        self.lang = lang
        self.dir = dir
        self.siteTitle = siteTitle
        self.title = title
        self.description = description
        self.robots = robots
        self.root = root
        self.homeHref = homeHref
        self.canonicalURL = canonicalURL
        self.languages = languages
        self.alternates = alternates
    }
}

public struct LanguageLink: Sendable {
    public var name: String
    public var lang: String
    public var href: String
    public var isCurrent: Bool
    public init(name: String, lang: String, href: String, isCurrent: Bool) {
        self.name = name
        self.lang = lang
        self.href = href
        self.isCurrent = isCurrent
    }
}

/// One entry of the navigation tree or the breadcrumbs.
public struct NavItem: Sendable {
    public var name: String
    public var href: String?
    public var isCurrent: Bool
    public var isOpen: Bool
    /// A "…" marker for entries left out around the open one.
    public var isGap: Bool
    public var children: [NavItem]

    public init(name: String, href: String? = nil, isCurrent: Bool = false, isOpen: Bool = false, isGap: Bool = false,
                children: [NavItem] = []) {
        self.name = name
        self.href = href
        self.isCurrent = isCurrent
        self.isOpen = isOpen
        self.isGap = isGap
        self.children = children
    }
}

/// One entry of the on-page table of contents.
public struct HeadingLink: Sendable {
    public var level: Int
    public var id: String
    public var text: String
    public init(level: Int, id: String, text: String) {
        self.level = level
        self.id = id
        self.text = text
    }
}

public struct ArticleView: Sendable {
    /// The article body, already HTML.
    public var bodyHTML: String
    public var headings: [HeadingLink]
    public var date: String?
    public var topicIDs: [String]
    /// Every front-matter key with its value flattened to text, for custom templates (`{{meta.ms.service}}`).
    public var metadata: [String: String]
    public var sourcePath: String
    /// Set when the page shows another locale's article because this locale has no translation.
    public var fallback: FallbackInfo?

    public init(
        bodyHTML: String, headings: [HeadingLink], date: String? = nil, topicIDs: [String] = [],
        metadata: [String: String] = [:], sourcePath: String, fallback: FallbackInfo? = nil
    ) {
        self.fallback = fallback
        self.bodyHTML = bodyHTML
        self.headings = headings
        self.date = date
        self.topicIDs = topicIDs
        self.metadata = metadata
        self.sourcePath = sourcePath
    }
}

/// The language a fallback page's content is really in, and where the original lives.
public struct FallbackInfo: Sendable {
    public var lang: String
    public var dir: String
    public var languageName: String
    public var originalHref: String
    public init(lang: String, dir: String, languageName: String, originalHref: String) {
        self.lang = lang
        self.dir = dir
        self.languageName = languageName
        self.originalHref = originalHref
    }
}

public struct ArticleLink: Sendable {
    public var title: String
    public var href: String
    public var description: String?
    public init(title: String, href: String, description: String? = nil) {
        self.title = title
        self.href = href
        self.description = description
    }
}

/// Articles of a locale home that share a front-matter value (`home.groupBy`, used when the locale has no toc).
public struct ArticleGroup: Sendable {
    public var name: String
    /// The group heading's `id`, unique on the page.
    public var id: String
    public var articles: [ArticleLink]
    public init(name: String, id: String, articles: [ArticleLink]) {
        self.name = name
        self.id = id
        self.articles = articles
    }
}

public struct LocaleLink: Sendable {
    public var name: String
    public var lang: String
    public var dir: String
    public var href: String
    public var articleCount: Int
    public init(name: String, lang: String, dir: String, href: String, articleCount: Int) {
        self.name = name
        self.lang = lang
        self.dir = dir
        self.href = href
        self.articleCount = articleCount
    }
}

/// A page to render: which template, and the typed values it receives.
public enum Page: Sendable {
    case article(PageChrome, ArticleView)
    /// A locale's home: its articles, in groups when it has no toc to order them (then `articles` is every one).
    case localeHome(PageChrome, articles: [ArticleLink], groups: [ArticleGroup] = [])
    case siteHome(PageChrome, locales: [LocaleLink])
    /// A topic ID shared by several articles: a list of them.
    case topic(PageChrome, id: String, articles: [ArticleLink])
    /// The locale's search page.
    case search(PageChrome)
    /// A page that only forwards (one-article topic IDs, redirection files); works without script.
    case redirect(PageChrome, targetHref: String)
    /// `404.html`: served for any missing address, so its links are root-relative, not page-relative.
    case notFound(PageChrome)

    public var chrome: PageChrome {
        switch self {
        case .article(let chrome, _), .localeHome(let chrome, _, _), .siteHome(let chrome, _), .topic(let chrome, _, _),
             .redirect(let chrome, _), .search(let chrome), .notFound(let chrome): chrome
        }
    }

    /// The template that renders this page kind.
    public var templateName: String {
        switch self {
        case .article: "article"
        case .localeHome: "locale-home"
        case .siteHome: "home"
        case .topic: "topic"
        case .redirect: "redirect"
        case .search: "search"
        case .notFound: "404"
        }
    }
}

/// What only `kb serve` adds to a page: the live-reload script and the problems of the page being viewed.
public struct PreviewView: Sendable {
    public struct Problem: Sendable {
        public var severity: String
        /// `path:line:col`.
        public var location: String
        public var message: String
        public init(severity: String, location: String, message: String) {
            self.severity = severity
            self.location = location
            self.message = message
        }
    }

    public var scriptURL: String
    public var eventsURL: String
    /// The page's own URL path (`/ja-jp/a/`), which the reload events name.
    public var page: String
    public var problems: [Problem]

    public init(scriptURL: String, eventsURL: String, page: String, problems: [Problem]) {
        self.scriptURL = scriptURL
        self.eventsURL = eventsURL
        self.page = page
        self.problems = problems
    }
}
