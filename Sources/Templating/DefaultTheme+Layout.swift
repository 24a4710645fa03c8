/// `layout.mustache` and the partials it renders at the top of the context stack (`head`, `header`, `footer`, and
/// `preview` inside `{{#preview}}`). None is indented, so no indentation rule applies; lines holding only a section
/// tag are left out, as swift-mustache's parser drops standalone tag lines.
extension DefaultTheme.Writer {
    /// `layout.mustache` up to its `{{$main}}` block.
    mutating func layoutStart() {
        out.append("<!DOCTYPE html>\n<html lang=\"", escaping: chrome.lang, "\" dir=\"")
        out.append(escaping: chrome.dir, "\">\n<head>\n")
        head()
        out.append("</head>\n<body>\n")
        header()
        out.append("<div class=\"kb-page\">\n")
    }

    /// `layout.mustache` after its `{{$main}}` block (whose line ends after the block).
    mutating func layoutEnd(preview: PreviewView?) {
        out.append("\n</div>\n")
        footer()
        if let preview { previewOverlay(preview) }
        out.append("</body>\n</html>\n")
    }

    /// `{{documentTitle}}`: the title, then ` · ` and the site title unless the two are equal (Swift `==`, as
    /// `PageChrome.mustacheContext` decides). Escaping the parts one by one equals escaping the joined string: the
    /// ASCII spaces of ` · ` can join no special character to a neighbouring scalar.
    mutating func documentTitle() {
        out.appendEscaped(chrome.title)
        if chrome.title != chrome.siteTitle {
            out.append(" · ", escaping: chrome.siteTitle, "")
        }
    }

    /// `head.mustache`, or the theme's own.
    mutating func head() {
        if let own = own.head { return out.appendRaw(own) }
        out.append("""
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """)
        documentTitle()
        out.append("</title>\n")
        if let description = chrome.description {
            out.append("<meta name=\"description\" content=\"", escaping: description, "\">\n")
        }
        if let robots = chrome.robots {
            out.append("<meta name=\"robots\" content=\"", escaping: robots, "\">\n")
        }
        if let canonicalURL = chrome.canonicalURL {
            out.append("<link rel=\"canonical\" href=\"", escaping: canonicalURL, "\">\n")
        }
        for alternate in chrome.alternates {
            out.append("<link rel=\"alternate\" hreflang=\"", escaping: alternate.lang, "\" href=\"")
            out.append(escaping: alternate.href, "\">\n")
        }
        out.append("""
            <meta name="color-scheme" content="light dark">
            <meta name="generator" content="kb">
            <link rel="icon" href="
            """)
        out.append(escaping: chrome.root, "assets/favicon.svg\" type=\"image/svg+xml\">\n")
        out.append("<link rel=\"stylesheet\" href=\"", escaping: chrome.root, "assets/kb.css\">\n")
    }

    /// `header.mustache`, or the theme's own.
    mutating func header() {
        if let own = own.header { return out.appendRaw(own) }
        out.append("<a class=\"kb-skip\" href=\"#kb-main\">", ui.skipToContent, "</a>\n<header class=\"kb-header\">\n")
        if let homeHref = chrome.homeHref {
            out.append("  <a class=\"kb-brand\" href=\"", escaping: homeHref, "\">")
            out.append(escaping: chrome.siteTitle, "</a>\n")
        } else {
            out.append("  <span class=\"kb-brand\">", escaping: chrome.siteTitle, "</span>\n")
        }
        if let searchHref = chrome.searchHref {
            out.append("  <form class=\"kb-search-box\" role=\"search\" action=\"", escaping: searchHref, """
                " method="get" autocomplete="off">
                    <input id="kb-q" name="q" type="search" placeholder="
                """)
            out.append(ui.search, "\" aria-label=\"")
            out.append(ui.search, "\">\n  </form>\n")
        }
        // `hasLanguages`: more than one language.
        if chrome.languages.count > 1 {
            out.append("  <nav class=\"kb-languages\" aria-label=\"", ui.languages, "\">\n    <ul>\n")
            for language in chrome.languages {
                out.append("      <li><a href=\"", escaping: language.href, "\" lang=\"")
                out.append(escaping: language.lang, "\" hreflang=\"")
                out.append(escaping: language.lang, language.isCurrent ? "\" aria-current=\"true\">" : "\">")
                out.append(escaping: language.name, "</a></li>\n")
            }
            out.append("    </ul>\n  </nav>\n")
        }
        out.append("</header>\n")
    }

    /// `footer.mustache`, or the theme's own.
    mutating func footer() {
        if let own = own.footer { return out.appendRaw(own) }
        out.append("<footer class=\"kb-footer\">\n  <p>", escaping: chrome.siteTitle, "")
        if let homeHref = chrome.homeHref {
            out.append(" · <a href=\"", escaping: homeHref, "\">")
            out.append(ui.home, "</a>")
        }
        out.append("</p>\n</footer>\n")
    }

    /// `preview.mustache` (its comment line is standalone, so it leaves nothing).
    mutating func previewOverlay(_ preview: PreviewView) {
        if !preview.problems.isEmpty {
            out.append("""
                <aside class="kb-overlay" id="kb-overlay" aria-labelledby="kb-overlay-title">
                <div role="alert">
                <h2 id="kb-overlay-title">
                """)
            out.append(ui.previewProblems, "</h2>\n<ul>\n")
            for problem in preview.problems {
                out.append("<li class=\"kb-overlay-", escaping: problem.severity, "\"><code>")
                out.append(escaping: problem.location, "</code> <span class=\"kb-overlay-severity\">")
                out.append(escaping: problem.severity, "</span> ")
                out.append(escaping: problem.message, "</li>\n")
            }
            out.append("</ul>\n</div>\n<button type=\"button\" class=\"kb-overlay-close\">", ui.close, "</button>\n</aside>\n")
        }
        out.append("<script src=\"", escaping: preview.scriptURL, "\" data-events=\"")
        out.append(escaping: preview.eventsURL, "\" data-page=\"")
        out.append(escaping: preview.page, "\" defer></script>\n")
    }
}
