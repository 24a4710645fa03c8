import CommonMark
import LinkResolution
import SiteModel

/// One article page after the resolve stage: the tree with every link rewritten for the page it appears on.
///
/// A locale that lacks an article still gets its page: the best available translation (`source`), resolved for this
/// locale so its links stay inside the reader's language.
struct ResolvedPage: Sendable {
    let source: ParsedArticle
    let locale: LocaleCode
    let permalink: Permalink
    let root: MarkdownNode

    /// True when the page shows an article of another locale (a missing translation).
    var isFallback: Bool { source.source.locale != locale }
}

/// The resolve stage: links, xrefs and topic links rewritten through the site index, for real and fallback pages.
struct PageResolver: Sendable {
    let index: SiteIndex
    let rewriter: LinkRewriter

    init(index: SiteIndex, settings: LinkSettings) {
        self.index = index
        rewriter = LinkRewriter(resolver: LinkResolver(index: index, settings: settings))
    }

    /// Every page to render: each article in its own locale, and a fallback page per locale that lacks it.
    func pagesToResolve(_ articles: [ParsedArticle]) -> [(ParsedArticle, LocaleCode)] {
        let byPermalink = Dictionary(articles.map { ($0.permalink, $0) }, uniquingKeysWith: { first, _ in first })
        var work = articles.map { ($0, $0.source.locale) }
        for key in index.translationKeys {
            for locale in index.locales where index.entry(key: key, in: locale) == nil {
                guard let best = index.bestTranslation(key: key, for: locale), let article = byPermalink[best.permalink]
                else { continue }
                work.append((article, locale))
            }
        }
        return work
    }

    /// Checks the links of every used include file once, on its own, so a problem in an include shown on many
    /// pages is reported once, at the include's own line. An include no article uses is a warning; its links are
    /// not checked because it is published nowhere.
    func checkIncludes(_ includes: [IncludeSource], used: Set<String>) -> [Diagnostic] {
        includes.flatMap { include -> [Diagnostic] in
            guard used.contains(include.locale.urlSegment + "/" + include.path.value) else {
                return [.warning("unused-include", at: SourceLocation(path: include.displayPath),
                                 "no article includes this file; it is not published and its links are not checked")]
            }
            var context = LinkContext(
                locale: include.locale, sourcePath: include.path, page: .article(include.path, in: include.locale),
                pageAnchors: [], displayPath: include.displayPath)
            context.checksPageAnchors = false
            return rewriter.rewrite(include.root, in: context).1
        }
    }

    /// Resolves one page. Diagnostics are reported for an article's own page only, never again for its fallbacks.
    func resolve(_ article: ParsedArticle, for locale: LocaleCode) -> (ResolvedPage, [Diagnostic]) {
        let permalink = Permalink(segments: [locale.urlSegment] + Array(article.permalink.segments.dropFirst()))
        let context = LinkContext(
            locale: locale, sourcePath: article.source.path, page: permalink, pageAnchors: article.anchors,
            displayPath: article.source.displayPath)
        let (root, diagnostics) = rewriter.rewrite(article.document.root, in: context)
        let page = ResolvedPage(source: article, locale: locale, permalink: permalink, root: root)
        return (page, page.isFallback ? [] : diagnostics)
    }
}
