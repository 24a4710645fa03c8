/// One file of the output site: where it goes, relative to the site root, and what it holds. `kb build` writes
/// these; `kb serve` answers requests with them.
public struct SiteFile: Sendable {
    public enum Contents: Sendable {
        case text(String)
        /// A page as the theme wrote it: UTF-8 bytes, written as they are (no string made of every page).
        case bytes([UInt8])
        /// A file copied as it is (theme assets, content resources).
        case copy(from: String)
    }

    /// `ja-jp/a/index.html`: `/`-separated, never starting with `/`.
    public let path: String
    public let contents: Contents

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }

    /// The text of a file kb made (nil for a copied one).
    public var text: String? {
        switch contents {
        case .text(let text): text
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .copy: nil
        }
    }
}

/// What one round of changes did to a previewed site: which page addresses show something new, and the problems
/// found in the changed files.
public struct SiteChange: Sendable {
    /// URL paths (`/ja-jp/a/`) of the pages that changed; nil when every page may have.
    public var pages: Set<String>?
    public var diagnostics: [Diagnostic]
    /// One line for the terminal, e.g. `content/en-us/a.md: 2 pages in 4 ms`.
    public var summary: String

    public init(pages: Set<String>?, diagnostics: [Diagnostic], summary: String) {
        self.pages = pages
        self.diagnostics = diagnostics
        self.summary = summary
    }
}
