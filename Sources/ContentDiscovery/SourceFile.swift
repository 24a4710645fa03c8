import SiteModel

/// One file found under `content/<locale>/`, classified by what kb does with it.
public struct SourceFile: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// A Markdown file that becomes a page.
        case article
        /// Markdown under an `includes/` folder: included by articles, never a page of its own.
        case include
        /// `toc.yml` / `TOC.yml`: navigation order.
        case toc
        /// An image, video or document that articles link to: copied to the site.
        case resource
        /// `.openpublishing.redirection.json`.
        case redirection
        /// `docfx.json`, `LICENSE*`, publishing configs and anything else kb recognises but does not render.
        case other
    }

    public var locale: LocaleCode
    /// Path below the locale folder, `/`-separated, as on disk.
    public var path: ArticlePath
    /// Path to open, `content/<folder>/<path>`.
    public var filePath: String
    /// Path to show in diagnostics, relative to the content folder's parent (`content/ja-jp/a.md`).
    public var displayPath: String
    public var kind: Kind

    public init(locale: LocaleCode, path: ArticlePath, filePath: String, displayPath: String, kind: Kind) {
        self.locale = locale
        self.path = path
        self.filePath = filePath
        self.displayPath = displayPath
        self.kind = kind
    }
}

/// Everything discovery found, per locale, in a deterministic order (sorted by path).
public struct ContentInventory: Sendable {
    public var locales: [LocaleCode]
    public var files: [SourceFile]
    public var diagnostics: [Diagnostic]

    public init(locales: [LocaleCode], files: [SourceFile], diagnostics: [Diagnostic]) {
        self.locales = locales
        self.files = files
        self.diagnostics = diagnostics
    }

    public func files(_ kind: SourceFile.Kind) -> [SourceFile] {
        files.filter { $0.kind == kind }
    }

    /// The same inventory in kb's one order — locales by URL segment, files by path — whatever order the filesystem
    /// listed them in, so that nothing downstream (page order, search document numbers) depends on it.
    public func inCanonicalOrder() -> ContentInventory {
        ContentInventory(
            locales: locales.sorted { $0.urlSegment < $1.urlSegment },
            files: files.sorted { ($0.filePath, $0.displayPath) < ($1.filePath, $1.displayPath) },
            diagnostics: diagnostics)
    }
}
