import CommonMark
import SiteModel

/// The outcome of resolving one link destination.
public struct ResolvedLink: Sendable, Equatable {
    /// The href to render; nil when the link must not be live (broken or unsafe).
    public var href: String?
    /// Replacement text for autolinks such as `<xref:uid>` (the target's title).
    public var title: String?
    /// What is wrong with the link, or worth fixing (a link through a redirect that is also missing its anchor has two).
    public var diagnostics: [Diagnostic] = []

    public init(href: String?, title: String? = nil, diagnostics: [Diagnostic] = []) {
        self.href = href
        self.title = title
        self.diagnostics = diagnostics
    }

    init(href: String?, diagnostic: Diagnostic) {
        self.init(href: href, diagnostics: [diagnostic])
    }

    /// The first problem, for callers that show one.
    public var diagnostic: Diagnostic? { diagnostics.first }
}

/// Resolves link and image destinations against the site index: relative and site-root paths, `~/`, `#anchors`,
/// `xref:`, `topic:`, redirects, locale insertion for documentation hosts, and unsafe schemes.
public struct LinkResolver: Sendable {
    public let index: SiteIndex
    public let settings: LinkSettings

    public init(index: SiteIndex, settings: LinkSettings = LinkSettings()) {
        self.index = index
        self.settings = settings
    }

    public func resolve(_ destination: String, isImage: Bool, at location: SourceLocation, in context: LinkContext) -> ResolvedLink {
        let trimmed = String(destination.trimming(" \t"))
        if trimmed.isEmpty {
            return ResolvedLink(href: nil, diagnostic: .warning("empty-link", at: location, "link has no target"))
        }
        if URLSafety.runsScript(trimmed) {
            return ResolvedLink(href: nil, diagnostic: .error(
                "unsafe-url", at: location, "`\(trimmed.prefix(40))` can run script; the link is not rendered"))
        }
        if let scheme = PathReference.scheme(of: trimmed) {
            switch scheme {
            case "xref": return resolveXref(String(trimmed.dropFirst(5)), at: location, in: context)
            case "topic": return resolveTopic(String(trimmed.dropFirst(6)), at: location, in: context)
            case "http", "https": return ResolvedLink(href: localized(trimmed, locale: context.locale))
            default: return ResolvedLink(href: trimmed)
            }
        }
        if trimmed.hasPrefix("//") { return ResolvedLink(href: trimmed) }
        let target = PathReference(trimmed)
        if target.path.isEmpty {
            if !context.checksPageAnchors { return ResolvedLink(href: trimmed) }
            return resolveAnchor(target.fragment, anchors: context.pageAnchors, page: context.page, target: context.page,
                                 at: location, in: context, query: target.query)
        }
        return resolvePath(target, isImage: isImage, at: location, in: context)
    }

    // MARK: Paths

    private func resolvePath(_ target: PathReference, isImage: Bool, at location: SourceLocation, in context: LinkContext) -> ResolvedLink {
        guard let segments = target.resolved(from: context.sourceFolder) else {
            return ResolvedLink(href: nil, diagnostic: .error(
                "link-outside-content", at: location, "`\(target.raw)` points outside the content folder"))
        }
        let path = ArticlePath(segments.joined(separator: "/"))
        let last = segments.last ?? ""
        // Any non-image link may name a page: `outlook.com` in `change-your-password-in-outlook.com` is no extension.
        let isPage = !isImage && (MarkdownFile.hasExtension(last) || !ResourceFile.isResource(last))
        if !isImage {
            let key = Array(Permalink.article(path, in: context.locale).segments.dropFirst())
            if index.hasPage(key: key) || index.hasRedirect(key: key) {
                return resolvePage(key: key, fragment: target.fragment, query: target.query, written: target.raw,
                                   at: location, in: context)
            }
        }
        let resourceSegments = [context.locale.urlSegment] + segments.map(Permalink.slug)
        if let resource = index.resource(segments: resourceSegments, locale: context.locale) {
            return ResolvedLink(href: context.page.href(toFileAt: resource.outputSegments) + target.suffix)
        }
        if target.isRooted, let fallback = settings.siteRootFallback {
            return ResolvedLink(href: fallback.trimmingSuffix("/") + "/" + target.raw.drop { $0 == "~" || $0 == "/" })
        }
        let kind = isPage ? "article" : "file"
        var message = "\(kind) `\(target.raw)` not found"
        if isPage, let suggestion = Suggestions.closestKey(to: Array(Permalink.article(path, in: context.locale).segments.dropFirst()), in: index) {
            message += "; did you mean `\(suggestion)`?"
        }
        return ResolvedLink(href: nil, diagnostic: .warning(isPage ? "broken-link" : "missing-file", at: location, message))
    }

    /// A link to the page at `key` in the context's locale, through any redirects to where the reader lands, with
    /// its fragment checked there. A link through a redirect works but is a `link-to-redirect` warning.
    func resolvePage(
        key: [String], fragment: String?, query: String, written: String, at location: SourceLocation, in context: LinkContext
    ) -> ResolvedLink {
        switch index.follow(key: key, for: context.locale) {
        case .article(let finalKey, let entry, let ruleFragment, let via):
            let page = Permalink(segments: [context.locale.urlSegment] + finalKey)
            var link = resolveAnchor(fragment ?? ruleFragment, anchors: entry.anchors, page: context.page, target: page,
                                     at: location, in: context, query: query)
            if let rule = via.last {
                link.diagnostics.insert(redirected(written, to: "`\(entry.path)` (/\(page.urlPath))", by: rule, at: location), at: 0)
            }
            return link
        case .link(let raw, let rule, let via):
            // The last rule points out of the site (or at a file): resolved as if written in the redirection file.
            var ruleContext = context
            ruleContext.sourceFolder = rule.folder
            ruleContext.checksPageAnchors = false
            var link = resolve(raw, isImage: false, at: rule.location, in: ruleContext)
            if let href = link.href, let fragment, !href.contains("#") { link.href = href + "#" + fragment }
            // The rule's own problems are reported on the rule; the link only learns where it ends.
            link.diagnostics = link.href == nil ? [.warning(
                "broken-link", at: location, "`\(written)` is redirected (\(via[0].location)) to `\(raw)`, which does not resolve")]
                : [redirected(written, to: "`\(link.href!)`", by: rule, at: location)]
            return link
        case .cycle(let via), .tooLong(let via):
            return ResolvedLink(href: nil, diagnostic: .warning(
                "broken-link", at: location, "`\(written)` is redirected (\(via[0].location)) in a cycle or a chain over \(SiteIndex.maxRedirectHops) redirects"))
        case .missing:
            return ResolvedLink(href: nil, diagnostic: .warning("broken-link", at: location, "article `\(written)` not found"))
        }
    }

    private func redirected(_ written: String, to final: String, by rule: RedirectRule, at location: SourceLocation) -> Diagnostic {
        .warning("link-to-redirect", at: location,
                 "`\(written)` is redirected to \(final) by \(rule.location); link there directly")
    }

    private func resolveAnchor(
        _ fragment: String?, anchors: AnchorSet, page: Permalink, target: Permalink, at location: SourceLocation,
        in context: LinkContext, query: String
    ) -> ResolvedLink {
        let base = (page == target ? "" : page.href(to: target)) + query
        guard let fragment, !fragment.isEmpty else { return ResolvedLink(href: base.isEmpty ? page.href(to: target) : base) }
        let decoded = PathReference.percentDecoded(fragment)
        if anchors.contains(decoded) { return ResolvedLink(href: base + "#" + decoded) }
        if let exact = anchors.first(where: { $0.lowercased() == decoded.lowercased() }) {
            return ResolvedLink(href: base + "#" + exact)
        }
        var message = "anchor `#\(decoded)` not found on \(page == target ? "this page" : "/" + target.urlPath)"
        if let suggestion = Suggestions.closest(to: decoded, in: Set(anchors)) { message += "; did you mean `#\(suggestion)`?" }
        // The page exists, so the link stays live; only the fragment is wrong.
        return ResolvedLink(href: base.isEmpty ? "#" + decoded : base + "#" + decoded,
                            diagnostic: .warning("missing-anchor", at: location, message))
    }

    // MARK: Identifiers

    private func resolveXref(_ raw: String, at location: SourceLocation, in context: LinkContext) -> ResolvedLink {
        let uid = PathReference.percentDecoded(String(raw.prefix { $0 != "#" && $0 != "?" }))
        let fragment = raw.firstIndex(of: "#").map { String(raw[raw.index(after: $0)...]) }
        let matches = index.articles(uid: uid)
        guard let entry = matches.first(where: { $0.locale == context.locale }) ?? matches.first else {
            var message = "no article has uid `\(uid)`"
            if let suggestion = Suggestions.closest(to: uid, in: Set(index.entries.compactMap(\.uid))) {
                message += "; did you mean `\(suggestion)`?"
            }
            return ResolvedLink(href: nil, diagnostic: .warning("unknown-xref", at: location, message))
        }
        var link = resolvePage(key: entry.translationKey, fragment: fragment, query: "", written: "xref:" + raw,
                               at: location, in: context)
        // A uid names the article wherever it lives; the writer has nothing to update when a locale redirects it.
        link.diagnostics.removeAll { $0.code == "link-to-redirect" }
        if case .article(_, let shown, _, _) = index.follow(key: entry.translationKey, for: context.locale) {
            link.title = shown.title
        }
        return link
    }

    private func resolveTopic(_ raw: String, at location: SourceLocation, in context: LinkContext) -> ResolvedLink {
        let id = TopicID(PathReference.percentDecoded(raw))
        let articles = index.articles(topic: id)
        guard !articles.isEmpty else {
            return ResolvedLink(href: nil, diagnostic: .warning("unknown-topic", at: location, "no article has topic ID `\(id)`"))
        }
        let page = Permalink.topic(id, in: context.locale)
        var link = ResolvedLink(href: context.page.href(to: page))
        if articles.count == 1, case .article(_, let shown, _, _) = index.follow(key: articles[0].translationKey, for: context.locale) {
            link.title = shown.title
        }
        return link
    }

    // MARK: External

    /// Inserts the page's locale into documentation URLs that have none (`/azure/x` → `/ja-jp/azure/x`).
    func localized(_ url: String, locale: LocaleCode) -> String {
        // Every external link of every page comes here: the URL is read as bytes (Foundation's `range(of:)` and
        // `Character` steps cost more than the rest of link resolution).
        guard !settings.localizeHosts.isEmpty else { return url }
        let utf8 = url.utf8
        let stops: (UInt8) -> Bool = { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        guard let afterScheme = LinkResolver.afterScheme(utf8) else { return url }
        let hostEnd = utf8[afterScheme...].firstIndex(where: stops) ?? utf8.endIndex
        guard settings.localizeHosts.contains(url[afterScheme..<hostEnd].lowercased()),
              hostEnd < utf8.endIndex, utf8[hostEnd] == UInt8(ascii: "/") else { return url }
        let firstStart = utf8.index(after: hostEnd)
        let firstEnd = utf8[firstStart...].firstIndex(where: stops) ?? utf8.endIndex
        let first = url[firstStart..<firstEnd]
        // Already localized when the first segment is a language-region tag (`/ja-jp/`); `/cli/` is no locale.
        let localized = first.utf8.contains(UInt8(ascii: "-")) && LocaleCode(String(first)) != nil
        guard !first.isEmpty, !localized else { return url }
        return String(url[..<hostEnd]) + "/" + locale.urlSegment + url[hostEnd...]
    }
}

extension LinkResolver {
    /// Where what follows the first `://` starts, or nil.
    static func afterScheme(_ utf8: String.UTF8View) -> String.Index? {
        var index = utf8.startIndex
        while let colon = utf8[index...].firstIndex(of: UInt8(ascii: ":")) {
            let rest = utf8[utf8.index(after: colon)...]
            if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) { return utf8.index(colon, offsetBy: 3) }
            index = utf8.index(after: colon)
        }
        return nil
    }
}

extension Permalink {
    /// `site/<locale>/topic/<id>/`: a redirect to the one article with the ID, or a listing when several share it.
    public static func topic(_ id: TopicID, in locale: LocaleCode) -> Permalink {
        Permalink(segments: [locale.urlSegment, "topic", Permalink.slug(id.value)])
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

extension Permalink {
    /// `site/<locale>/search/`: the search page, with the locale's index files beside it.
    public static func search(_ locale: LocaleCode) -> Permalink {
        Permalink(segments: [locale.urlSegment, "search"])
    }
}
