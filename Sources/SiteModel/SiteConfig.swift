/// Site settings read from `kb.yml` in the content folder. Every field has a default, so no file is needed.
public struct SiteConfig: Sendable, Equatable {
    public struct LocaleSettings: Sendable, Equatable {
        /// Display name in the language chooser (`日本語`).
        public var name: String?
        /// Site title for this locale.
        public var title: String?
        /// Locales whose article is shown, in order, when this locale has no translation (then the default locale).
        public var fallback: [LocaleCode]
        /// `locales.<x>.path`: the locale's source folder when it lives outside the content folder (a localization
        /// repository checked out beside the source one), absolute or relative to kb.yml's folder.
        public var path: String?
        public init(name: String? = nil, title: String? = nil, fallback: [LocaleCode] = [], path: String? = nil) {
            self.name = name
            self.title = title
            self.fallback = fallback
            self.path = path
        }
    }

    public var title: String
    public var defaultLocale: LocaleCode?
    public var locales: [LocaleCode: LocaleSettings]
    /// Custom elements whose tags pass through as raw HTML although they are no HTML element.
    public var allowedElements: Set<String>
    /// Absolute base URL for canonical links (`--base-url` wins), without trailing slash; nil = relative only.
    public var baseURL: String?
    /// `links.localizeHosts`: hosts whose locale-less URLs get the page's locale inserted; nil = the default hosts.
    public var localizeHosts: Set<String>?
    /// `links.siteRootFallback`: base URL for site-root links that match no article (`https://learn.microsoft.com`).
    public var siteRootFallback: String?
    /// `search.excludeNoIndex`: leave `ROBOTS: NOINDEX` pages out of the site's own search. Off by default: ROBOTS
    /// speaks to web crawlers, and NOINDEX help articles are still written to be found by readers of the site.
    public var searchExcludesNoIndex = false
    /// Front-matter keys a locale home without a toc groups its articles by (`home.groupBy`): the first key that
    /// some article of the locale has.
    public var homeGroupBy = ["ms.service", "ms.topic"]
    /// `--safe`: content comes from untrusted writers, so raw HTML is dropped (bare `<a name>` anchors excepted).
    public var safeMode = false
    /// Source files larger than this are refused with a diagnostic (`--max-file-size`, MiB on the command line).
    public var maxFileBytes = SiteConfig.defaultMaxFileBytes
    public static let defaultMaxFileBytes = 8 * 1024 * 1024

    public init(
        title: String = "Knowledge base",
        defaultLocale: LocaleCode? = nil,
        locales: [LocaleCode: LocaleSettings] = [:],
        allowedElements: Set<String> = [],
        baseURL: String? = nil
    ) {
        self.title = title
        self.defaultLocale = defaultLocale
        self.locales = locales
        self.allowedElements = allowedElements
        self.baseURL = baseURL
    }

    public func title(for locale: LocaleCode) -> String {
        locales[locale]?.title ?? title
    }

    /// The chooser name: the configured one, else a built-in endonym, else the tag.
    public func displayName(for locale: LocaleCode) -> String {
        locales[locale]?.name ?? LocaleCode.endonyms[locale.language] ?? locale.tag
    }
}

extension LocaleCode {
    /// Names of common languages in their own language, for a chooser that works without configuration.
    static let endonyms: [String: String] = [
        "ar": "العربية", "cs": "Čeština", "da": "Dansk", "de": "Deutsch", "el": "Ελληνικά", "en": "English",
        "es": "Español", "fi": "Suomi", "fr": "Français", "he": "עברית", "hi": "हिन्दी", "hu": "Magyar",
        "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語", "ko": "한국어", "nb": "Norsk bokmål",
        "nl": "Nederlands", "pl": "Polski", "pt": "Português", "ro": "Română", "ru": "Русский", "sv": "Svenska",
        "th": "ไทย", "tr": "Türkçe", "uk": "Українська", "vi": "Tiếng Việt", "zh": "中文", "fa": "فارسی",
    ]
}
