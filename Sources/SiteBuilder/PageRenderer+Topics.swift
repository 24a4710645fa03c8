import Foundation
import LinkResolution
import SiteModel
import Templating

/// Topic pages (`site/<locale>/topic/<id>/`) and `site/<locale>/topics.json`.
///
/// One article with the ID: a redirect page to it (meta refresh, canonical, plain link). Several: a listing. Every
/// locale gets every topic: articles missing there are reached through their fallback pages.
extension PageRenderer {
    func topicPage(_ topic: TopicID, in locale: LocaleCode) -> Page {
        let permalink = Permalink.topic(topic, in: locale)
        let targets = topicTargets(topic, in: locale)
        var chrome = chrome(for: permalink, locale: locale, title: topic.value)
        if targets.count == 1, let only = targets.first {
            chrome.title = only.title
            chrome.canonicalURL = absoluteURL(only.permalink) ?? permalink.href(to: only.permalink)
            return .redirect(chrome, targetHref: permalink.href(to: only.permalink))
        }
        chrome.title = "\(theme.ui.strings(for: locale.tag)["topicArticles"] ?? "Topic") \(topic.value)"
        chrome.robots = "noindex"
        let links = targets.map {
            ArticleLink(title: $0.title, href: permalink.href(to: $0.permalink), description: $0.description)
        }
        return .topic(chrome, id: topic.value, articles: links)
    }

    /// `{"<topic id>": ["ja-jp/folder/page/", …]}` with site-root-relative URLs, sorted keys.
    func topicsJSON(_ locale: LocaleCode) -> String {
        var map: [String: [String]] = [:]
        for topic in index.topics {
            map[topic.value] = topicTargets(topic, in: locale).map(\.permalink.urlPath)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return (try? encoder.encode(map)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
    }

    /// The pages of `locale` carrying the topic: one per translation key, shown in the best translation.
    private func topicTargets(_ topic: TopicID, in locale: LocaleCode) -> [(title: String, description: String?, permalink: Permalink)] {
        var seen = Set<[String]>()
        var targets: [(String, String?, Permalink)] = []
        // One look-up per translation key (the same article in other locales leads to the same page).
        for translationKey in index.translationKeys(topic: topic) {
            // Where this locale redirects the article, the topic leads to the page the redirect lands on.
            guard case .article(let key, let shown, _, _) = index.follow(key: translationKey, for: locale),
                  seen.insert(key).inserted else { continue }
            targets.append((shown.title, shown.description, Permalink(segments: [locale.urlSegment] + key)))
        }
        return targets.sorted { ($0.0, $0.2) < ($1.0, $1.2) }
    }
}
