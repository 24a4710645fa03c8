import CommonMark
import LinkResolution
import SiteModel
import Templating

/// A finished page: where it goes and its HTML.
struct RenderedPage: Sendable {
    let permalink: Permalink
    let html: String
}

/// The render stage: turns resolved articles and the site index into pages through the theme.
struct PageRenderer: Sendable {
    let config: SiteConfig
    let index: SiteIndex
    let theme: Theme
    let renderer = HTMLRenderer(rawHTML: true)

    func renderArticle(_ article: ParsedArticle) -> RenderedPage {
        let permalink = article.permalink
        let matter = article.frontMatter
        var metadata: [String: String] = [:]
        for (key, value) in matter.metadata { metadata[key] = value.text }
        let view = ArticleView(
            bodyHTML: renderer.render(article.document.root),
            headings: article.headings.filter { (2...3).contains($0.level) }
                .map { HeadingLink(level: $0.level, id: $0.id, text: $0.text) },
            date: matter.date, topicIDs: matter.topicIDs.map(\.value), metadata: metadata,
            sourcePath: article.source.path.value)
        var chrome = chrome(for: permalink, locale: article.source.locale, title: article.title)
        chrome.description = matter.description
        chrome.robots = matter.robots
        chrome.languages = languages(from: permalink, current: article.source.locale)
        return RenderedPage(permalink: permalink, html: theme.render(.article(chrome, view)))
    }

    func renderLocaleHome(_ locale: LocaleCode, articles: [IndexEntry]) -> RenderedPage {
        let permalink = Permalink.localeHome(locale)
        var chrome = chrome(for: permalink, locale: locale, title: config.title(for: locale))
        chrome.languages = languages(from: permalink, current: locale)
        let links = articles.map { ArticleLink(title: $0.title, href: permalink.href(to: $0.permalink), description: $0.description) }
        return RenderedPage(permalink: permalink, html: theme.render(.localeHome(chrome, articles: links)))
    }

    func renderSiteHome(defaultLocale: LocaleCode) -> RenderedPage {
        let permalink = Permalink.root
        let chrome = PageChrome(
            lang: defaultLocale.tag, dir: defaultLocale.direction, siteTitle: config.title(for: defaultLocale),
            title: config.title(for: defaultLocale), root: "", canonicalURL: canonicalURL(permalink))
        let locales = index.locales.map { locale in
            LocaleLink(
                name: config.displayName(for: locale), lang: locale.tag, dir: locale.direction,
                href: permalink.href(to: .localeHome(locale)), articleCount: index.entries(in: locale).count)
        }
        return RenderedPage(permalink: permalink, html: theme.render(.siteHome(chrome, locales: locales)))
    }

    private func chrome(for permalink: Permalink, locale: LocaleCode, title: String) -> PageChrome {
        PageChrome(
            lang: locale.tag, dir: locale.direction, siteTitle: config.title(for: locale), title: title,
            root: permalink.rootPrefix, homeHref: permalink.href(to: .localeHome(locale)),
            canonicalURL: canonicalURL(permalink))
    }

    /// One link per locale: to this page's translation when it exists, else to that locale's home.
    private func languages(from permalink: Permalink, current: LocaleCode) -> [LanguageLink] {
        let key = Array(permalink.segments.dropFirst())
        return index.locales.map { locale in
            let translated = Permalink(segments: [locale.urlSegment] + key)
            let target = key.isEmpty || index.entry(at: translated) == nil ? Permalink.localeHome(locale) : translated
            return LanguageLink(
                name: config.displayName(for: locale), lang: locale.tag, href: permalink.href(to: target),
                isCurrent: locale == current)
        }
    }

    private func canonicalURL(_ permalink: Permalink) -> String? {
        guard let base = config.baseURL else { return nil }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + permalink.urlPath
    }
}
