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

/// One locale's source folder: `content/<tag>/`, a symlink there, or a folder named in kb.yml.
public struct LocaleFolder: Hashable, Sendable {
    public var locale: LocaleCode
    /// The folder as reached (`content/ja-jp`, `../l10n-ja/ja-jp`): file paths start here.
    public var path: String
    /// The folder as diagnostics name it.
    public var displayPath: String
    /// Symlinks resolved: what is watched, and where symlinks inside the locale may point.
    public var realPath: String

    public init(locale: LocaleCode, path: String, displayPath: String, realPath: String) {
        self.locale = locale
        self.path = path
        self.displayPath = displayPath
        self.realPath = realPath
    }
}

/// Where the content lives: the content folder and every locale folder, wherever it is.
public struct ContentLayout: Sendable {
    /// The content folder as given (no trailing slash).
    public var root: String
    public var realRoot: String
    public var folders: [LocaleFolder]

    public init(root: String, realRoot: String, folders: [LocaleFolder]) {
        self.root = root
        self.realRoot = realRoot
        self.folders = folders
    }
}

/// Everything discovery found, per locale, in a deterministic order (sorted by path).
public struct ContentInventory: Sendable {
    public var locales: [LocaleCode]
    public var files: [SourceFile]
    public var diagnostics: [Diagnostic]
    public var layout: ContentLayout

    public init(locales: [LocaleCode], files: [SourceFile], diagnostics: [Diagnostic],
                layout: ContentLayout = ContentLayout(root: "", realRoot: "", folders: [])) {
        self.locales = locales
        self.files = files
        self.diagnostics = diagnostics
        self.layout = layout
    }

    public func files(_ kind: SourceFile.Kind) -> [SourceFile] {
        files.filter { $0.kind == kind }
    }

    /// The same inventory in kb's one order — locales by URL segment, files by path — whatever order the filesystem
    /// listed them in, so that nothing downstream (page order, search document numbers) depends on it.
    /// Files by file path, then display path; a scan lists them in that order already, so mostly a check.
    private static func sorted(_ files: [SourceFile]) -> [SourceFile] {
        let before = { (a: SourceFile, b: SourceFile) in (a.filePath, a.displayPath) < (b.filePath, b.displayPath) }
        if zip(files, files.dropFirst()).allSatisfy({ !before($1, $0) }) { return files }
        return files.sorted(by: before)
    }

    public func inCanonicalOrder() -> ContentInventory {
        ContentInventory(
            locales: locales.sorted { $0.urlSegment < $1.urlSegment },
            files: Self.sorted(files),
            diagnostics: diagnostics, layout: layout)
    }
}
