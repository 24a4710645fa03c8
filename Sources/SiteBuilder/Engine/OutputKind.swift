import LinkResolution
import SiteModel

/// Every kind of file a site has, and the one place that decides where each goes. `kb build` writes one file per
/// value, `kb serve` answers a request with one, the sitemaps and the cache name files by it.
///
/// Pages take their place from `Permalink` (`ja-jp/a/index.html`); the other files sit beside them at fixed names
/// (ARCHITECTURE.md, "URL rules").
enum OutputKind: Hashable, Sendable {
    /// An article in its own locale (`source` is the display path of its file).
    case article(Permalink, source: String)
    /// An article shown in a locale that has no translation of it.
    case fallback(Permalink, source: String, locale: LocaleCode)
    case localeHome(LocaleCode)
    case siteHome
    case searchPage(LocaleCode)
    /// One file of a locale's search index (`manifest.json`, `terms-3.js`, …).
    case searchFile(LocaleCode, name: String)
    case topic(TopicID, LocaleCode)
    case topicsJSON(LocaleCode)
    /// `<locale>/404.html`.
    case notFound(LocaleCode)
    /// The site's `404.html`, in the default locale.
    case siteNotFound(LocaleCode)
    case robots
    case sitemapIndex
    /// `<locale>/sitemap.xml`, or `sitemap-<part+1>.xml` when the locale needs several.
    case sitemap(LocaleCode, part: Int, parts: Int)
    /// A retired article's page in one locale, leading to where the rule lands.
    case redirect(LocaleCode, key: [String], rule: RedirectRule)
    /// A file of the theme's `assets/` folder (`assets/kb.css`), copied.
    case asset(String)
    /// An image or other file of the content, copied.
    case resource(ResourceEntry)
    /// The translation dashboard, `_kb/status/index.html`.
    case statusPage

    /// The file's path below the output folder.
    var path: String {
        switch self {
        case .article(let permalink, _), .fallback(let permalink, _, _): permalink.filePath
        case .localeHome(let locale): Permalink.localeHome(locale).filePath
        case .siteHome: Permalink.root.filePath
        case .searchPage(let locale): Permalink.search(locale).filePath
        case .searchFile(let locale, let name): Permalink.search(locale).segments.joined(separator: "/") + "/" + name
        case .topic(let topic, let locale): Permalink.topic(topic, in: locale).filePath
        case .topicsJSON(let locale): locale.urlSegment + "/topics.json"
        case .notFound(let locale): locale.urlSegment + "/404.html"
        case .siteNotFound: "404.html"
        case .robots: "robots.txt"
        case .sitemapIndex: "sitemap.xml"
        case .sitemap(let locale, let part, let parts):
            locale.urlSegment + (parts == 1 ? "/sitemap.xml" : "/sitemap-\(part + 1).xml")
        case .redirect(let locale, let key, _): Permalink(segments: [locale.urlSegment] + key).filePath
        case .asset(let path): path
        case .resource(let resource): resource.outputPath
        case .statusPage: StatusPage.permalink.filePath
        }
    }

    /// The article a page shows, for pages made from one (own and fallback pages).
    var source: String? {
        switch self {
        case .article(_, let source), .fallback(_, let source, _): source
        default: nil
        }
    }

    /// True for HTML pages made through the theme.
    var isPage: Bool {
        switch self {
        case .article, .fallback, .localeHome, .siteHome, .searchPage, .topic, .notFound, .siteNotFound, .redirect, .statusPage: true
        default: false
        }
    }
}
