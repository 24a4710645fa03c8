import CommonMark
import LinkResolution
import SiteModel

/// `robots.txt`, a sitemap per locale and the sitemap index that lists them (sitemaps.org 0.9, with
/// `xhtml:link rel="alternate" hreflang` for the translations of each page, as search engines read them).
///
/// Sitemaps need absolute URLs, so they are written only when a base URL is known (`--base-url` or `baseURL` in
/// kb.yml). They list the pages search engines should index: every locale home and every article in its own
/// locale, except NOINDEX articles. Fallback pages (their canonical is the original), topic, search, redirect and
/// 404 pages are left out.
enum Sitemaps {
    /// The sitemaps.org limit per file; larger locales are split into `sitemap-1.xml`, `sitemap-2.xml`, ….
    static let urlsPerFile = 50_000

    /// The publishing files of the site: `robots.txt` always, the sitemaps when a base URL is known.
    static func kinds(index: SiteIndex, baseURL: String?) -> [OutputKind] {
        guard baseURL != nil else { return [.robots] }
        var kinds: [OutputKind] = []
        for locale in index.locales {
            let count = 1 + index.entries(in: locale).lazy.filter { !$0.isNoIndex }.count
            let parts = (count + urlsPerFile - 1) / urlsPerFile
            kinds += (0..<parts).map { .sitemap(locale, part: $0, parts: parts) }
        }
        return kinds + [.sitemapIndex, .robots]
    }

    /// The text of one publishing file (`kinds(index:baseURL:)` says which exist).
    static func text(of kind: OutputKind, index: SiteIndex, baseURL: String?) -> String {
        let base = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        switch kind {
        case .robots:
            var text = "User-agent: *\nAllow: /\n"
            if let base { text += "\nSitemap: \(base)/sitemap.xml\n" }
            return text
        case .sitemapIndex:
            guard let base else { return "" }
            let list = kinds(index: index, baseURL: base).filter { if case .sitemap = $0 { true } else { false } }
                .map { "  <sitemap><loc>\(xml(base + "/" + $0.path))</loc></sitemap>\n" }.joined()
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + list + "</sitemapindex>\n"
        case .sitemap(let locale, let part, _):
            guard let base else { return "" }
            var urls: [String] = part == 0 ? [entry(key: [], locale: locale, base: base, index: index)] : []
            let articles = index.entries(in: locale).filter { !$0.isNoIndex }.sorted { $0.permalink < $1.permalink }
            // The locale home is the first URL of part 0, so part n holds articles from n × limit − 1 on.
            let first = max(0, part * urlsPerFile - 1), last = min(articles.count, (part + 1) * urlsPerFile - 1)
            if first < last {
                for article in articles[first..<last] {
                    urls.append(entry(key: article.translationKey, locale: locale, base: base, index: index))
                }
            }
            return urlset(urls)
        default:
            return ""
        }
    }

    /// One `<url>`: the page, and its real translations plus `x-default`, as the page's own alternates.
    private static func entry(key: [String], locale: LocaleCode, base: String, index: SiteIndex) -> String {
        let url = { (locale: LocaleCode) in base + "/" + Permalink(segments: [locale.urlSegment] + key).urlPath }
        let translated = key.isEmpty ? index.locales : index.translations(key: key).map(\.locale)
        var lines = "  <url>\n    <loc>\(xml(url(locale)))</loc>\n"
        if translated.count > 1 {
            for other in translated {
                lines += "    <xhtml:link rel=\"alternate\" hreflang=\"\(xml(other.tag))\" href=\"\(xml(url(other)))\"/>\n"
            }
            let fallback = key.isEmpty ? index.defaultLocale : index.bestTranslation(key: key, for: index.defaultLocale)?.locale
            if let fallback {
                lines += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(xml(url(fallback)))\"/>\n"
            }
        }
        return lines + "  </url>\n"
    }

    private static func urlset(_ entries: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
            + entries.joined() + "</urlset>\n"
    }

    /// XML text and double-quoted attribute values need exactly what HTML text does: `& < > "`.
    static func xml(_ text: String) -> String { HTMLEscaping.escape(text) }
}
