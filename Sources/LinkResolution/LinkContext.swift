import SiteModel

/// The page whose links are being resolved: where its source lives and where its HTML will be written.
public struct LinkContext: Sendable {
    public var locale: LocaleCode
    /// Folder of the Markdown file below its locale folder, as raw segments (includes resolve from their own).
    public var sourceFolder: [String]
    /// The page the links will appear on; hrefs are relative to it.
    public var page: Permalink
    /// Anchors of the page itself, for `#fragment` links.
    public var pageAnchors: AnchorSet
    /// Path shown in diagnostics.
    public var displayPath: String
    /// False when checking an include file on its own: its `#fragment` links depend on the page that includes it.
    public var checksPageAnchors = true
    /// Inside spliced include content: its problems are reported once, by the include's own check.
    public var reportsDiagnostics = true

    public init(locale: LocaleCode, sourcePath: ArticlePath, page: Permalink, pageAnchors: AnchorSet, displayPath: String) {
        self.locale = locale
        sourceFolder = sourcePath.value.split(separator: "/").dropLast().map(String.init)
        self.page = page
        self.pageAnchors = pageAnchors
        self.displayPath = displayPath
    }
}

/// Link settings from kb.yml (`links:`).
public struct LinkSettings: Sendable, Equatable {
    /// Hosts whose locale-less URLs get the page's locale inserted (`https://learn.microsoft.com/ja-jp/...`).
    public var localizeHosts: Set<String>
    /// Where site-root links (`/microsoft-365/...`) that match no article point instead, e.g. the docs site they
    /// were written for; nil = such links are broken.
    public var siteRootFallback: String?

    public init(localizeHosts: Set<String> = LinkSettings.defaultLocalizeHosts, siteRootFallback: String? = nil) {
        self.localizeHosts = localizeHosts
        self.siteRootFallback = siteRootFallback
    }

    public static let defaultLocalizeHosts: Set<String> = ["docs.microsoft.com", "learn.microsoft.com"]
}
