/// Typed page values flattened to dictionaries: swift-mustache renders those ~3× faster than structs via `Mirror`.
/// The keys are the template contract documented in ARCHITECTURE.md ("Template variables").
extension Page {
    var mustacheContext: [String: Any] {
        switch self {
        case .article(let chrome, let article):
            var context = chrome.mustacheContext
            var fields: [String: Any] = [
                "body": article.bodyHTML,
                "headings": article.headings.map { ["level": $0.level, "id": $0.id, "text": $0.text] },
                "hasHeadings": !article.headings.isEmpty,
                // No date, no "Updated:" line: an empty string would still open `{{#date}}`.
                "date": article.date.flatMap { $0.isEmpty ? nil : $0 } as Any? ?? false,
                "topicIDs": article.topicIDs,
                "meta": article.metadata,
                "sourcePath": article.sourcePath,
                "contentLang": article.fallback?.lang ?? chrome.lang,
                "contentDir": article.fallback?.dir ?? chrome.dir,
            ]
            if let fallback = article.fallback {
                fields["fallback"] = [
                    "languageName": fallback.languageName, "originalHref": fallback.originalHref,
                    "lang": fallback.lang,
                ]
            }
            context["article"] = fields
            return context
        case .localeHome(let chrome, let articles, let groups):
            var context = chrome.mustacheContext
            context["articles"] = articles.map(\.mustacheContext)
            context["articleCount"] = articles.count
            context["hasGroups"] = !groups.isEmpty
            context["groups"] = groups.map {
                ["name": $0.name, "id": $0.id, "count": $0.articles.count, "articles": $0.articles.map(\.mustacheContext)] as [String: Any]
            }
            return context
        case .topic(let chrome, let id, let articles):
            var context = chrome.mustacheContext
            context["topicID"] = id
            context["articles"] = articles.map(\.mustacheContext)
            return context
        case .search(let chrome), .notFound(let chrome):
            return chrome.mustacheContext
        case .redirect(let chrome, let target):
            var context = chrome.mustacheContext
            context["targetHref"] = target
            return context
        case .siteHome(let chrome, let locales):
            var context = chrome.mustacheContext
            context["locales"] = locales.map {
                ["name": $0.name, "lang": $0.lang, "dir": $0.dir, "href": $0.href, "articleCount": $0.articleCount] as [String: Any]
            }
            return context
        }
    }
}

extension PreviewView {
    var mustacheContext: [String: Any] {
        [
            "scriptURL": scriptURL, "eventsURL": eventsURL, "page": page, "hasDiagnostics": !problems.isEmpty,
            "diagnostics": problems.map { ["severity": $0.severity, "location": $0.location, "message": $0.message] },
        ]
    }
}

extension NavItem {
    var mustacheContext: [String: Any] {
        let context: [String: Any] = [
            "name": name, "isCurrent": isCurrent, "isOpen": isOpen, "isGap": isGap,
            "children": children.map(\.mustacheContext), "hasChildren": !children.isEmpty,
            "hasHref": href != nil, "href": href ?? "",
        ]
        return context
    }
}

extension ArticleLink {
    var mustacheContext: [String: Any] {
        var entry: [String: Any] = ["title": title, "href": href]
        if let description, !description.isEmpty { entry["description"] = description }
        return entry
    }
}

extension PageChrome {
    var mustacheContext: [String: Any] {
        var context: [String: Any] = [
            "lang": lang,
            "dir": dir,
            "siteTitle": siteTitle,
            "title": title,
            "documentTitle": title == siteTitle ? title : "\(title) · \(siteTitle)",
            "root": root,
            "languages": languages.map {
                ["name": $0.name, "lang": $0.lang, "href": $0.href, "isCurrent": $0.isCurrent] as [String: Any]
            },
            "hasLanguages": languages.count > 1,
            "alternates": alternates.map { ["lang": $0.lang, "href": $0.href] },
            "navigation": navigation.map(\.mustacheContext),
            "hasNavigation": !navigation.isEmpty,
            "breadcrumbs": breadcrumbs.map(\.mustacheContext),
        ]
        if let description { context["description"] = description }
        if let robots { context["robots"] = robots }
        if let homeHref { context["homeHref"] = homeHref }
        if let canonicalURL { context["canonicalURL"] = canonicalURL }
        if let searchHref { context["searchHref"] = searchHref }
        return context
    }
}
