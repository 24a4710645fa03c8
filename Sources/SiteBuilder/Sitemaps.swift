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

    static func files(index: SiteIndex, baseURL: String?) -> [SiteFile] {
        guard let baseURL else { return [robots(sitemap: nil)] }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var files: [SiteFile] = []
        var sitemapURLs: [String] = []
        for locale in index.locales {
            var urls: [String] = [entry(key: [], locale: locale, base: base, index: index)]
            for article in index.entries(in: locale).sorted(by: { $0.permalink < $1.permalink }) where !article.isNoIndex {
                urls.append(entry(key: article.translationKey, locale: locale, base: base, index: index))
            }
            let chunks = stride(from: 0, to: urls.count, by: urlsPerFile).map { Array(urls[$0..<min($0 + urlsPerFile, urls.count)]) }
            for (number, chunk) in chunks.enumerated() {
                let path = locale.urlSegment + (chunks.count == 1 ? "/sitemap.xml" : "/sitemap-\(number + 1).xml")
                files.append(SiteFile(path: path, contents: .text(urlset(chunk))))
                sitemapURLs.append(base + "/" + path)
            }
        }
        let list = sitemapURLs.map { "  <sitemap><loc>\(xml($0))</loc></sitemap>\n" }.joined()
        files.append(SiteFile(path: "sitemap.xml", contents: .text(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + list + "</sitemapindex>\n")))
        files.append(robots(sitemap: base + "/sitemap.xml"))
        return files
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

    private static func robots(sitemap: String?) -> SiteFile {
        var text = "User-agent: *\nAllow: /\n"
        if let sitemap { text += "\nSitemap: \(sitemap)\n" }
        return SiteFile(path: "robots.txt", contents: .text(text))
    }

    /// XML text and double-quoted attribute values need exactly what HTML text does: `& < > "`.
    static func xml(_ text: String) -> String { HTMLEscaping.escape(text) }
}
