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
        TopicsJSON.encode(index.topics.map { ($0.value, topicTargets($0, in: locale).map(\.permalink.urlPath)) }) + "\n"
    }

    /// The pages of `locale` carrying the topic: one per translation key, shown in the best translation.
    private func topicTargets(_ topic: TopicID, in locale: LocaleCode) -> [(title: String, description: String?, permalink: Permalink)] {
        var seen = Set<[String]>()
        var targets: [(title: String, description: String?, permalink: Permalink)] = []
        // One look-up per translation key (the same article in other locales leads to the same page).
        for translationKey in index.translationKeys(topic: topic) {
            // Where this locale redirects the article, the topic leads to the page the redirect lands on.
            guard case .article(let key, let shown, _, _) = index.follow(key: translationKey, for: locale),
                  seen.insert(key).inserted else { continue }
            targets.append((shown.title, shown.description, Permalink(segments: [locale.urlSegment] + key)))
        }
        return targets.sorted { ($0.title, $0.permalink) < ($1.title, $1.permalink) }
    }
}

/// `topics.json` as bytes, exactly as `JSONEncoder` writes a `[String: [String]]` with `.sortedKeys`,
/// `.withoutEscapingSlashes` and `.prettyPrinted` (keys in UTF-8 byte order, two-space indents, `" : "`, an empty list
/// as `[` blank line `]`): the encoder's boxing cost a second per locale on a large site (`TopicsJSONTests`). Not the
/// search index's `JSONWriter`, whose strings are escaped for a `<script>` (`<\/`, `\u2028`) and compactly.
enum TopicsJSON {
    static func encode(_ lists: [(key: String, values: [String])]) -> String {
        guard !lists.isEmpty else { return "{\n\n}" }
        let sorted = lists.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(sorted.reduce(16) { $0 + $1.key.utf8.count + 16 + $1.values.reduce(0) { $0 + $1.utf8.count + 8 } })
        out += "{\n".utf8
        for (index, (key, values)) in sorted.enumerated() {
            out += "  ".utf8
            string(key, into: &out)
            out += " : [\n".utf8
            if values.isEmpty { out += "\n".utf8 }
            for (position, value) in values.enumerated() {
                out += "    ".utf8
                string(value, into: &out)
                out += (position + 1 < values.count ? ",\n" : "\n").utf8
            }
            out += (index + 1 < sorted.count ? "  ],\n" : "  ]\n").utf8
        }
        out += "}".utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string: `"` and `\\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest as it is.
    private static func string(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20: out += "\\u00".utf8 + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
