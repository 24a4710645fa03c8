/// What the search index knows of one page: taken from the article model, never scraped from HTML.
public struct SearchDocument: Hashable, Sendable {
    /// A part of the page a hit can link to: the introduction (no anchor) or one heading's section.
    public struct Section: Hashable, Sendable {
        public var anchor: String?
        public var heading: String
        public var text: String
        public init(anchor: String?, heading: String, text: String) {
            self.anchor = anchor
            self.heading = heading
            self.text = text
        }
    }

    /// URL path below the site root, ending in `/` (`ja-jp/sign-in/reset/`).
    public var url: String
    public var title: String
    public var breadcrumb: String
    /// Source of the result snippet: the description, else the start of the body.
    public var excerpt: String
    /// True on a page that shows another locale's article.
    public var isFallback: Bool
    public var sections: [Section]

    public init(url: String, title: String, breadcrumb: String, excerpt: String, isFallback: Bool, sections: [Section]) {
        self.url = url
        self.title = title
        self.breadcrumb = breadcrumb
        self.excerpt = excerpt
        self.isFallback = isFallback
        self.sections = sections
    }
}
