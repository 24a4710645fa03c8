import Mustache
import SiteModel

/// kb's default theme — the templates in the repository's `templates/` — rendered in Swift, byte for byte as
/// swift-mustache renders those templates with the context of `Page+Mustache.swift`, at a small fraction of the cost
/// (no dictionaries, no `Any`, no reflection; literal text is static bytes; interface strings are escaped once per
/// language).
///
/// `Theme` uses it for a page only when every template that page kind uses is a default one byte for byte
/// (`fingerprints`), or the theme's own `head`, `header` or `footer` that swift-mustache can render alone
/// (`ownPartials`); any other page renders through swift-mustache. `DefaultThemeTests` compare both renderers on
/// generated pages and on every page of real sites.
struct DefaultTheme: Sendable {
    /// A set of the default theme's templates.
    struct Templates: OptionSet, Sendable {
        let rawValue: UInt16

        static let article = Templates(rawValue: 1 << 0)
        static let localeHome = Templates(rawValue: 1 << 1)
        static let home = Templates(rawValue: 1 << 2)
        static let topic = Templates(rawValue: 1 << 3)
        static let redirect = Templates(rawValue: 1 << 4)
        static let search = Templates(rawValue: 1 << 5)
        static let notFound = Templates(rawValue: 1 << 6)
        static let layout = Templates(rawValue: 1 << 7)
        static let head = Templates(rawValue: 1 << 8)
        static let header = Templates(rawValue: 1 << 9)
        static let footer = Templates(rawValue: 1 << 10)
        static let breadcrumbs = Templates(rawValue: 1 << 11)
        static let navItem = Templates(rawValue: 1 << 12)
        static let preview = Templates(rawValue: 1 << 13)

        /// `layout` and the partials it always renders.
        static let page: Templates = [.layout, .head, .header, .footer]
    }

    /// FNV-1a 64 (`StableHash`) of the bytes of each default template, the one record of the texts this renderer
    /// reproduces. `DefaultThemeTests.fingerprintsMatchTheRepositoryTemplates` fails when a file in `templates/`
    /// changes: then change the Swift renderer to match (the differential tests tell when it does), and the hash.
    static let fingerprints: [(name: String, template: Templates, hash: UInt64)] = [
        ("article", .article, 0x5897_662B_A6B3_20FF),
        ("locale-home", .localeHome, 0x2411_4661_EBD8_B0DD),
        ("home", .home, 0x1AC7_9AD6_5FA3_2CA8),
        ("topic", .topic, 0x7A50_1BE8_F1EC_FBB5),
        ("redirect", .redirect, 0x223B_5597_12E8_AE33),
        ("search", .search, 0xDFF8_1FF5_B648_472E),
        ("404", .notFound, 0xC8AF_150A_9586_A5FD),
        ("layout", .layout, 0x5557_73CB_47E8_1DDA),
        ("head", .head, 0x5013_BC23_E5A7_A148),
        ("header", .header, 0x3A8E_DC56_1D94_E43B),
        ("footer", .footer, 0x1641_2806_BD4B_D3E7),
        ("breadcrumbs", .breadcrumbs, 0x8E29_D178_9C66_6434),
        ("nav-item", .navItem, 0x8961_D1E8_A3F2_7F00),
        ("preview", .preview, 0xDE23_5E84_73E6_5F7F),
    ]

    /// The default templates that the theme folder holds unchanged.
    let unmodified: Templates
    /// The theme's own `head`, `header` and `footer`, where they hold no tag that could reach beyond the partial
    /// (`{{>` or `{{<` partials, `{{$` blocks, `{{=` delimiters). The layout renders them standalone at column 0
    /// with the page's context alone on the stack, so swift-mustache renders them alike on their own
    /// (`Theme.ownPartials`), and the rest of the page stays here.
    let ownPartials: Templates
    private let ui: UIStrings
    private let labels = PerTag<Labels>()

    init(unmodified: Templates = [], ownPartials: Templates = [], ui: UIStrings) {
        self.unmodified = unmodified
        self.ownPartials = ownPartials
        self.ui = ui
    }

    /// Looks at the text swift-mustache loaded for each default template: the same bytes as the default's fingerprint
    /// make it unmodified; a changed `head`, `header` or `footer` that stays within itself is the theme's own. A
    /// missing template is neither. (The text is the library's own, so what is fingerprinted is what it renders.)
    init(library: MustacheLibrary, ui: UIStrings) {
        var unmodified: Templates = [], own: Templates = []
        for (name, template, hash) in Self.fingerprints {
            guard let text = library.getTemplate(named: name)?.description else { continue }
            let bytes = Array(text.utf8)
            if Self.fingerprint(of: bytes) == hash {
                unmodified.insert(template)
            } else if Self.replaceable.contains(template), Self.staysWithin(bytes) {
                own.insert(template)
            }
        }
        self.init(unmodified: unmodified, ownPartials: own, ui: ui)
    }

    /// The partials a theme may change and keep this renderer for the rest of the page.
    static let replaceable: Templates = [.head, .header, .footer]

    /// Whether a template's text holds no partial, parent, block or delimiter tag (looked for with the default
    /// delimiters, which a `{{=` would be needed to change).
    static func staysWithin(_ bytes: [UInt8]) -> Bool {
        let brace = UInt8(ascii: "{")
        return !bytes.indices.dropLast(2).contains {
            bytes[$0] == brace && bytes[$0 + 1] == brace && "><$=".utf8.contains(bytes[$0 + 2])
        }
    }

    static func fingerprint(of bytes: some Collection<UInt8>) -> UInt64 {
        var hash = StableHash()
        Array(bytes).withUnsafeBytes { hash.combine(bytes: $0) }
        return hash.value
    }

    /// Every template swift-mustache would render for this page kind (the `preview` partial only with a preview).
    static func templates(for page: Page, preview: Bool) -> Templates {
        let layout: Templates = preview ? Templates.page.union(.preview) : .page
        switch page {
        case .article: return layout.union([.article, .breadcrumbs, .navItem])
        case .localeHome: return layout.union(.localeHome)
        case .siteHome: return layout.union(.home)
        case .topic: return layout.union(.topic)
        case .search: return layout.union(.search)
        case .notFound: return layout.union(.notFound)
        case .redirect: return .redirect
        }
    }

    /// Whether this page renders here: every template it uses is the default one or the theme's own partial.
    func renders(_ page: Page, preview: Bool) -> Bool {
        unmodified.union(ownPartials).isSuperset(of: Self.templates(for: page, preview: preview))
    }

    /// The output of the theme's own partials for one page (nil: the default).
    struct OwnPartials {
        var head: String?
        var header: String?
        var footer: String?
    }

    /// The page as swift-mustache renders it with the default templates (whether or not the theme has them), but
    /// for the theme's own partials, given already rendered.
    func render(_ page: Page, preview: PreviewView?, own: OwnPartials = OwnPartials()) -> String {
        String(decoding: renderBytes(page, preview: preview, own: own), as: UTF8.self)
    }

    func renderBytes(_ page: Page, preview: PreviewView?, own: OwnPartials = OwnPartials()) -> [UInt8] {
        let chrome = page.chrome
        let labels = labels.value(for: chrome.lang) { Labels(ui.strings(for: chrome.lang)) }
        var writer = Writer(chrome: chrome, ui: labels, own: own, capacity: Self.capacity(of: page))
        switch page {
        case .article(_, let article):
            writer.layoutStart()
            writer.articleMain(article)
            writer.layoutEnd(preview: preview)
        case .localeHome(_, _, let groups) where !groups.isEmpty:
            writer.layoutStart()
            writer.groupedHomeMain(groups)
            writer.layoutEnd(preview: preview)
        case .localeHome(_, let articles, _), .topic(_, _, let articles):
            writer.layoutStart()
            writer.articleListMain(articles)
            writer.layoutEnd(preview: preview)
        case .siteHome(_, let locales):
            writer.layoutStart()
            writer.homeMain(locales)
            writer.layoutEnd(preview: preview)
        case .search:
            writer.layoutStart()
            writer.searchMain()
            writer.layoutEnd(preview: preview)
        case .notFound:
            writer.layoutStart()
            writer.notFoundMain()
            writer.layoutEnd(preview: preview)
        case .redirect(_, let target):
            writer.redirect(to: target)
        }
        return writer.out.bytes
    }

    /// Room for the page at once: the body plus the chrome around it (a few KB, ~100 bytes per listed entry).
    private static func capacity(of page: Page) -> Int {
        let chrome = page.chrome
        let entries = chrome.navigation.count * 4 + chrome.languages.count + chrome.alternates.count
        switch page {
        case .article(_, let article): return article.bodyHTML.utf8.count + 4096 + entries * 100
        case .localeHome(_, let articles, _), .topic(_, _, let articles): return 4096 + (entries + articles.count) * 120
        case .siteHome(_, let locales): return 4096 + (entries + locales.count) * 100
        case .search, .notFound: return 4096 + entries * 100
        case .redirect: return 1024
        }
    }

    /// One page being written: its chrome, its language's labels and the output so far. The methods are the
    /// templates, each in the file named after it (`DefaultTheme+Layout.swift`, …).
    struct Writer {
        var out: HTMLBuffer
        let chrome: PageChrome
        let ui: Labels
        let own: OwnPartials

        init(chrome: PageChrome, ui: Labels, own: OwnPartials, capacity: Int) {
            self.chrome = chrome
            self.ui = ui
            self.own = own
            out = HTMLBuffer(capacity: capacity)
        }
    }
}
