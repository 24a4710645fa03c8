import Foundation
import CommonMark
import LinkResolution
import SiteModel
import Templating

/// The render stage: turns resolved pages and the site index into HTML through the theme.
struct PageRenderer: Sendable {
    let config: SiteConfig
    let index: SiteIndex
    let theme: Theme
    let navigation: Navigation
    /// One body renderer per locale: alert and video labels follow the content's language.
    private let bodyRenderers: [LocaleCode: HTMLRenderer]

    init(config: SiteConfig, index: SiteIndex, theme: Theme, navigation: Navigation) {
        self.config = config
        self.index = index
        self.theme = theme
        self.navigation = navigation
        var renderers: [LocaleCode: HTMLRenderer] = [:]
        for locale in index.locales {
            let ui = theme.ui.strings(for: locale.tag)
            var labels: [String: String] = [:]
            for kind in ["NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING"] {
                labels[kind] = ui["alert" + kind.prefix(1) + kind.dropFirst().lowercased()]
            }
            labels["VIDEO"] = ui["video"]
            var renderer = HTMLRenderer(rawHTML: !config.safeMode, alertLabels: labels)
            renderer.alignmentClasses = true
            renderers[locale] = renderer
        }
        bodyRenderers = renderers
    }

    /// The typed article page (`kb serve` adds its preview before rendering) and its breadcrumb text.
    func articlePage(_ page: ResolvedPage) -> (page: Page, breadcrumb: String) {
        let article = page.source
        let matter = article.frontMatter
        var metadata: [String: String] = [:]
        for (key, value) in matter.metadata { metadata[key] = value.text }
        let original = article.permalink
        var view = ArticleView(
            bodyHTML: (bodyRenderers[article.source.locale] ?? HTMLRenderer()).render(page.root),
            headings: article.headings.filter { (2...3).contains($0.level) }
                .map { HeadingLink(level: $0.level, id: $0.id, text: $0.text) },
            date: matter.date, topicIDs: matter.topicIDs.map(\.value), metadata: metadata,
            sourcePath: article.source.path.value)
        var chrome = chrome(for: page.permalink, locale: page.locale, title: article.title)
        chrome.description = matter.description
        chrome.robots = matter.robots
        let key = Array(page.permalink.segments.dropFirst())
        chrome.languages = languages(from: page.permalink, key: key, current: page.locale)
        chrome.alternates = alternates(from: page.permalink, key: key)
        (chrome.navigation, chrome.breadcrumbs) = navigation.view(for: key, locale: page.locale, from: page.permalink)
        if page.isFallback {
            let sourceLocale = article.source.locale
            view.fallback = FallbackInfo(
                lang: sourceLocale.tag, dir: sourceLocale.direction, languageName: config.displayName(for: sourceLocale),
                originalHref: page.permalink.href(to: original))
            chrome.canonicalURL = absoluteURL(original) ?? page.permalink.href(to: original)
        }
        let breadcrumb = Navigation.breadcrumbText(chrome.breadcrumbs)
        return (.article(chrome, view), breadcrumb)
    }

    /// A locale's home. Without a toc to order it (`grouped`), its articles are grouped by the first `home.groupBy`
    /// key that splits them in two groups or more; groups by name, those without a value last.
    func localeHomePage(_ locale: LocaleCode, articles: [IndexEntry], grouped: Bool = false) -> Page {
        let permalink = Permalink.localeHome(locale)
        var chrome = chrome(for: permalink, locale: locale, title: config.title(for: locale))
        chrome.languages = languages(from: permalink, key: [], current: locale)
        chrome.alternates = alternates(from: permalink, key: [])
        let link = { (entry: IndexEntry) in
            ArticleLink(title: entry.title, href: permalink.href(to: entry.permalink), description: entry.description)
        }
        let links = articles.map(link)
        let key = (0..<config.homeGroupBy.count).first { key in
            Set(articles.map { key < $0.homeGroups.count ? $0.homeGroups[key] : "" }).count > 1
        }
        guard grouped, let key else { return .localeHome(chrome, articles: links) }
        var members: [String: [ArticleLink]] = [:]
        for (entry, link) in zip(articles, links) {
            members[key < entry.homeGroups.count ? entry.homeGroups[key] : "", default: []].append(link)
        }
        var ids = Set<String>()
        let groups = members.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }.map { name in
            var id = "group-" + Permalink.slug(name.isEmpty ? "other" : name)
            while !ids.insert(id).inserted { id += "-" }
            return ArticleGroup(name: name.isEmpty ? theme.ui.strings(for: locale.tag)["otherGroup"] ?? "Other" : name,
                                id: id, articles: members[name]!)
        }
        return .localeHome(chrome, articles: links, groups: groups)
    }

    func siteHomePage() -> Page {
        let permalink = Permalink.root
        let locale = index.defaultLocale
        let chrome = PageChrome(
            lang: locale.tag, dir: locale.direction, siteTitle: config.title(for: locale),
            title: config.title(for: locale), root: "", canonicalURL: absoluteURL(permalink))
        let locales = index.locales.map { locale in
            LocaleLink(
                name: config.displayName(for: locale), lang: locale.tag, dir: locale.direction,
                href: permalink.href(to: .localeHome(locale)), articleCount: index.entryCount(in: locale))
        }
        return .siteHome(chrome, locales: locales)
    }

    func chrome(for permalink: Permalink, locale: LocaleCode, title: String) -> PageChrome {
        var chrome = PageChrome(
            lang: locale.tag, dir: locale.direction, siteTitle: config.title(for: locale), title: title,
            root: permalink.rootPrefix, homeHref: permalink.href(to: .localeHome(locale)),
            canonicalURL: absoluteURL(permalink))
        chrome.searchHref = permalink.href(to: .search(locale))
        return chrome
    }

    func searchPage(_ locale: LocaleCode) -> Page {
        let permalink = Permalink.search(locale)
        var chrome = chrome(for: permalink, locale: locale, title: theme.ui.strings(for: locale.tag)["search"] ?? "Search")
        chrome.robots = "noindex"
        chrome.languages = index.locales.map { other in
            LanguageLink(name: config.displayName(for: other), lang: other.tag,
                         href: permalink.href(to: .search(other)), isCurrent: other == locale)
        }
        return .search(chrome)
    }

    /// `404.html` of a locale. Servers show it at any missing address, so its links start at the site root:
    /// the path of the base URL, or `/`.
    func notFoundPage(_ locale: LocaleCode) -> Page {
        let root = config.baseURL.flatMap { URL(string: $0)?.path }.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/"
        var chrome = PageChrome(
            lang: locale.tag, dir: locale.direction, siteTitle: config.title(for: locale),
            title: theme.ui.strings(for: locale.tag)["notFoundTitle"] ?? "Page not found", robots: "noindex", root: root,
            homeHref: root + Permalink.localeHome(locale).urlPath)
        chrome.searchHref = root + Permalink.search(locale).urlPath
        return .notFound(chrome)
    }

    /// One link per locale to the same page there; every locale has it, translated or as a fallback page. Where a
    /// locale redirects the page, the link goes straight to where the redirect lands (its home, when that is no page).
    private func languages(from permalink: Permalink, key: [String], current: LocaleCode) -> [LanguageLink] {
        index.locales.map { locale in
            var target = Permalink(segments: [locale.urlSegment] + key)
            if !key.isEmpty, index.hasRedirect(key: key) {
                switch index.follow(key: key, for: locale) {
                case .article(let finalKey, _, _, _): target = Permalink(segments: [locale.urlSegment] + finalKey)
                case .missing: break
                case .link, .cycle, .tooLong: target = .localeHome(locale)
                }
            }
            return LanguageLink(name: config.displayName(for: locale), lang: locale.tag, href: permalink.href(to: target),
                                isCurrent: locale == current)
        }
    }

    /// hreflang alternates: the locales that really have the page (not fallbacks), and `x-default` for the default
    /// locale's version. Absolute when a base URL is configured, as search engines require.
    private func alternates(from permalink: Permalink, key: [String]) -> [LanguageLink] {
        // The key's own locales, in locale order, without a copy of each entry.
        let locales = key.isEmpty ? index.locales : index.locales(withKey: key)
        var links = locales.map { locale -> LanguageLink in
            let target = Permalink(segments: [locale.urlSegment] + key)
            return LanguageLink(name: "", lang: locale.tag, href: absoluteURL(target) ?? permalink.href(to: target),
                                isCurrent: false)
        }
        if let fallback = index.bestTranslation(key: key, for: index.defaultLocale)?.locale ?? (key.isEmpty ? index.defaultLocale : nil) {
            let target = Permalink(segments: [fallback.urlSegment] + key)
            links.append(LanguageLink(name: "", lang: "x-default", href: absoluteURL(target) ?? permalink.href(to: target),
                                      isCurrent: false))
        }
        return links
    }

    func absoluteURL(_ permalink: Permalink) -> String? {
        guard let base = config.baseURL else { return nil }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + permalink.urlPath
    }
}
