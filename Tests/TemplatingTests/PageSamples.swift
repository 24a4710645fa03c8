import SiteModel
@testable import Templating

/// Reproducible pseudo-random `Page` values for the differential tests: every page kind, optional fields present
/// and absent, empty and full lists, nested navigation, fallbacks, previews, and strings chosen to trip an escaper
/// or an indentation rule. Choices come from FNV-1a of (seed, draw number): no generator state to share.
struct PageSamples {
    /// Strings that differ in how swift-mustache escapes or indents them.
    static let nasty: [String] = [
        "", "plain", "<>&\"'", "a<b>c&d\"e'f", "&amp; already", "{{title}} {{{body}}}",
        "<\u{338}", "&\u{301}x", "x\"\u{301}", "'\u{200D}", "\u{600}<", "a\u{600}&b", "<\u{E0100}", ">\u{1F3FB}",
        "😀<👍🏽&👨‍👩‍👧", "日本語<テスト>&", "資格情報'", "عربي<ة>", "ا\u{64B}<", "<\u{64B}", "Ελληνικά & ΑΒΓ",
        "line\r\n", "trailing\n", "\n", "a\nb", "\r", "\r\n", "\n\n", "tab\there", " leading space", "caf\u{E9}",
        "cafe\u{301}", "\u{0}nul", "\u{FEFF}bom", String(repeating: "long <text> & ", count: 40),
    ]

    let seed: UInt64
    private var draws: UInt64 = 0

    init(seed: UInt64) {
        self.seed = seed
    }

    mutating func int(below bound: Int) -> Int {
        draws += 1
        var hash = StableHash(raw: seed)
        hash.combine(draws)
        hash.combine(draws &* 0x9E37_79B9_7F4A_7C15)
        return Int(hash.value % UInt64(bound))
    }

    mutating func bool() -> Bool { int(below: 2) == 1 }

    mutating func pick<T>(_ options: [T]) -> T { options[int(below: options.count)] }

    mutating func text() -> String { pick(Self.nasty) }

    /// nil about a third of the time.
    mutating func optionalText() -> String? { int(below: 3) == 0 ? nil : text() }

    mutating func list<T>(max: Int, _ make: (inout PageSamples) -> T) -> [T] {
        (0..<int(below: max + 1)).map { _ in make(&self) }
    }

    mutating func navItem(depth: Int) -> NavItem {
        NavItem(
            name: text(), href: optionalText(), isCurrent: bool(), isOpen: bool(), isGap: int(below: 5) == 0,
            children: depth > 0 && bool() ? list(max: 3) { $0.navItem(depth: depth - 1) } : [])
    }

    mutating func language() -> LanguageLink {
        LanguageLink(name: text(), lang: pick(["en-US", "ar-SA", text()]), href: text(), isCurrent: bool())
    }

    mutating func chrome() -> PageChrome {
        let siteTitle = text()
        var chrome = PageChrome(
            lang: pick(["en-US", "ar-SA", "ja-JP", "de-de", "zh-CN", "xx", "", text()]),
            dir: pick(["ltr", "rtl", text()]), siteTitle: siteTitle,
            title: pick([siteTitle, text(), text(), "cafe\u{301}"]), description: optionalText(),
            robots: optionalText(), root: pick(["../../", "", text()]), homeHref: optionalText(),
            canonicalURL: optionalText(), languages: list(max: 3) { $0.language() },
            alternates: list(max: 2) { $0.language() })
        chrome.searchHref = optionalText()
        chrome.navigation = bool() ? list(max: 5) { $0.navItem(depth: 3) } : []
        chrome.breadcrumbs = list(max: 3) { $0.navItem(depth: 0) }
        return chrome
    }

    mutating func article() -> ArticleView {
        let fallback = bool() ? FallbackInfo(
            lang: pick(["ja-JP", text()]), dir: pick(["rtl", text()]), languageName: text(), originalHref: text()) : nil
        return ArticleView(
            bodyHTML: pick(["<p>raw & <b>bold</b></p>", "", "\n", text()]),
            headings: list(max: 3) { HeadingLink(level: $0.pick([2, 3, 0, -1, 10]), id: $0.text(), text: $0.text()) },
            date: optionalText(), topicIDs: list(max: 2) { $0.text() }, metadata: ["ms.topic": text()],
            sourcePath: text(), fallback: fallback)
    }

    mutating func articleLink() -> ArticleLink {
        ArticleLink(title: text(), href: text(), description: optionalText())
    }

    mutating func page() -> Page {
        let chrome = chrome()
        switch int(below: 7) {
        case 0, 1: return .article(chrome, article())
        case 2:
            // Half of the homes in groups (a locale without a toc), the rest a flat list.
            let groups = int(below: 2) == 0 ? [] : list(max: 3) { sample in
                ArticleGroup(name: sample.text(), id: sample.text(), articles: sample.list(max: 3) { $0.articleLink() })
            }
            return .localeHome(chrome, articles: list(max: 3) { $0.articleLink() }, groups: groups)
        case 3:
            return .siteHome(chrome, locales: list(max: 3) {
                LocaleLink(name: $0.text(), lang: $0.text(), dir: $0.pick(["ltr", "rtl"]), href: $0.text(),
                           articleCount: $0.int(below: 100))
            })
        case 4: return .topic(chrome, id: text(), articles: list(max: 3) { $0.articleLink() })
        case 5: return pick([.search(chrome), .notFound(chrome)])
        default: return .redirect(chrome, targetHref: text())
        }
    }

    mutating func preview() -> PreviewView? {
        guard bool() else { return nil }
        return PreviewView(scriptURL: text(), eventsURL: text(), page: text(), problems: list(max: 2) {
            .init(severity: $0.pick(["error", "warning", $0.text()]), location: $0.text(), message: $0.text())
        })
    }
}
